#!/usr/bin/env python3
"""Measures saved conversations through the real release binary:

  - `chatterm --resume` of a 10,000-message, ~50 MB conversation: launch to the first full
    screen, and the time from a PgUp to its redrawn page;
  - `chatterm history` and `chatterm history --search` over 1,000 conversations.

Usage: swift build -c release && python3 Benchmarks/history_bench.py [--runs 5]
The files are written here in the documented format (DESIGN.md §5), into a temporary folder.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import Pty  # noqa: E402

STAMP = "2026-11-27T03:00:00.000Z"
PARAGRAPH = ("Server-sent events stream tokens; 你好，世界。 " * 100)[:4800]


def conversation(conversation_id, title, count, paragraph):
    messages = []
    for index in range(count):
        message = {"role": "user" if index % 2 == 0 else "assistant",
                   "content": f"{paragraph} {index}", "createdAt": STAMP, "status": "complete"}
        if index % 2:
            message["stats"] = {"attempts": 1, "warmup": False, "fallback": False, "completionTokens": 900,
                                "tokensPerSecond": 40.0, "finishReason": "stop"}
        messages.append(message)
    return {"format": "chatterm.conversation", "version": 1, "id": conversation_id, "title": title,
            "createdAt": STAMP, "updatedAt": STAMP,
            "endpoint": {"baseURL": "http://127.0.0.1:8000/v1", "model": "bench"}, "messages": messages}


def write(folder, document):
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = os.path.join(folder, document["id"] + ".json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=2, sort_keys=True)
    os.chmod(path, 0o600)
    return path


def median(values):
    return f"median {statistics.median(values):8.1f} ms   min {min(values):8.1f}   max {max(values):8.1f}"


def open_large(binary, data_dir, runs):
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": os.environ.get("HOME", "/tmp")}
    launches, pages = [], []
    for _ in range(runs):
        started = time.perf_counter()
        term = Pty([binary, "--data-dir", data_dir, "--resume", "large", "--demo", "--warmup", "never"],
                   100, 30, env)
        term.read_until(b"continuing", timeout=120)
        launches.append((time.perf_counter() - started) * 1000)
        term.drain(0.3)
        for _ in range(10):
            started = time.perf_counter()
            term.write(b"\x1b[5~")  # PgUp
            term.read_until(b"\x1b[", timeout=30)
            pages.append((time.perf_counter() - started) * 1000)
            term.drain(0.05)
        term.close()
    return launches, pages


def history(binary, data_dir, arguments, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([binary, "history", "--data-dir", data_dir] + arguments, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    root = tempfile.mkdtemp(prefix="chatterm-history-bench-")
    try:
        large_dir = os.path.join(root, "large")
        path = write(os.path.join(large_dir, "conversations"), conversation("large", "Large", 10_000, PARAGRAPH))
        print(f"one conversation: 10,000 messages, {os.path.getsize(path) / 1e6:.1f} MB")
        launches, pages = open_large(binary, large_dir, args.runs)
        print(f"  resume to first full screen   {median(launches)}")
        print(f"  PgUp to first redrawn bytes   {median(pages)}")

        many_dir = os.path.join(root, "many")
        for index in range(1000):
            document = conversation(f"c{index:04d}", f"Conversation {index} 京都", 20, PARAGRAPH[:400])
            write(os.path.join(many_dir, "conversations"), document)
        print("1,000 conversations of 20 messages")
        print(f"  chatterm history              {median(history(binary, many_dir, [], args.runs))}")
        print(f"  chatterm history --search 京都 {median(history(binary, many_dir, ['--search', '京都'], args.runs))}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
