#!/usr/bin/env python3
"""Autosave CPU per second of a streaming reply, through the real release binary (issue 19).

While a reply streams, chatterm saves the conversation once a second (`Autosaver`). This measures
what that costs as the conversation grows: it writes a conversation of N messages (about 480
bytes each, so 10,000 make the 4.8 MB of the issue; optionally a first message with an image
attached), then runs `chatterm ask --resume ID` (which saves the turn into it) against
`chatterm demo-server` streaming at 50 tokens a second, once with a short reply and once with a
long one. The process's whole CPU time (user + system, all threads, from wait4) of the long run
minus the short run's, over the seconds between them, is the CPU of one more second of
streaming with autosave; the same with `ask` alone (no --resume, nothing saved) is the streaming
without it, and the difference is the autosave's CPU per second. Start-up, loading the file,
the first and the last save are in both runs of a pair and cancel out.

With --branched, each conversation is also measured branched (format version 2): the same
messages in view, and every reply retried once, its first answer in `otherBranches` (half as
many messages again).

Usage: swift build -c release && python3 Benchmarks/autosave_bench.py [--binary .build/release/chatterm]
       [--messages 10 10000] [--image-mib 10] [--short 4] [--long 12] [--runs 3] [--branched]
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import start_demo_server  # noqa: E402

SPEED = 50  # tokens a second
STAMP = "2026-11-27T03:00:00.000Z"
TEXT = ("Server-sent events stream tokens; 你好，世界。 " * 20)[:460]


def conversation(conversation_id, count, image_mib, branched=False):
    messages = []
    for index in range(count):
        message = {"role": "user" if index % 2 == 0 else "assistant", "content": f"{TEXT} {index}",
                   "createdAt": STAMP, "status": "complete"}
        if index % 2:
            message["stats"] = {"attempts": 1, "warmup": False, "fallback": False, "completionTokens": 100,
                                "tokensPerSecond": 40.0, "finishReason": "stop"}
        messages.append(message)
    if image_mib:
        data = random.Random(19).randbytes(image_mib * 1024 * 1024)
        messages[0]["attachments"] = [{"kind": "image", "name": "photo.png", "mediaType": "image/png",
                                       "bytes": len(data), "data": base64.b64encode(data).decode(),
                                       "sha256": hashlib.sha256(data).hexdigest()}]
    document = {"format": "chatterm.conversation", "version": 1, "id": conversation_id, "title": "Autosave bench",
                "createdAt": STAMP, "updatedAt": STAMP,
                "endpoint": {"baseURL": "http://127.0.0.1:8000/v1", "model": "bench"}, "messages": messages}
    if branched:
        # Ids 1…count in view; each reply's first answer, retried, follows the same prompt.
        others = []
        for index, message in enumerate(messages):
            message["id"] = index + 1
            if index > 0:
                message["parent"] = index
            if message["role"] == "assistant":
                others.append({**message, "content": "First try: " + message["content"],
                               "id": count + len(others) + 1, "parent": index})
        document["version"] = 2
        document["otherBranches"] = others
    return document


def write(data_dir, document):
    folder = os.path.join(data_dir, "conversations")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = os.path.join(folder, document["id"] + ".json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=2, sort_keys=True)
    os.chmod(path, 0o600)
    return os.path.getsize(path)


def cpu_of_run(binary, base_url, data_dir, resume):
    """Runs one `ask` to its end; returns its CPU seconds (user + system, every thread)."""
    command = [binary, "ask", "--base-url", base_url, "--model", "bench", "--warmup", "never",
               "--data-dir", data_dir, "go on"]
    if resume:
        command[2:2] = ["--resume", resume]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_COLOR": "1"})
    _, status, usage = os.wait4(process.pid, 0)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"ask failed ({status}): {error}")
    return usage.ru_utime + usage.ru_stime


def marginal(binary, servers, seconds, make_data_dir, resume):
    """CPU seconds of one more second of streaming: (long run - short run) / (long - short)."""
    short_server, long_server = servers
    cpu = {}
    for name, url in (("short", short_server), ("long", long_server)):
        data_dir = make_data_dir()
        cpu[name] = cpu_of_run(binary, url, data_dir, resume)
    return (cpu["long"] - cpu["short"]) / (seconds[1] - seconds[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--messages", type=int, nargs="+", default=[10, 10_000])
    parser.add_argument("--image-mib", type=int, default=10, help="also 10 messages and an image this large (0: no)")
    parser.add_argument("--short", type=float, default=4, help="seconds of streaming of the short reply")
    parser.add_argument("--long", type=float, default=12, help="seconds of streaming of the long reply")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--branched", action="store_true", help="also each conversation branched (version 2)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    seconds = (args.short, args.long)
    started = [start_demo_server(binary, int(s * SPEED), SPEED) for s in seconds]
    servers = tuple(url for _, url in started)
    root = tempfile.mkdtemp(prefix="chatterm-autosave-bench-")
    cases = [(count, 0, False) for count in args.messages] + ([(10, args.image_mib, False)] if args.image_mib else [])
    if args.branched:
        cases += [(count, 0, True) for count in args.messages]
    try:
        def fresh():
            return tempfile.mkdtemp(dir=root)

        baseline = [marginal(binary, servers, seconds, fresh, None) for _ in range(args.runs)]
        print(f"streaming without saving: {statistics.median(baseline) * 1000:6.1f} ms CPU per second"
              f" (runs: {', '.join(f'{v * 1000:.1f}' for v in baseline)})")
        for count, image, branched in cases:
            document = conversation("bench", count, image, branched)
            size = 0

            def resumed():
                nonlocal size
                data_dir = fresh()
                size = write(data_dir, document)
                return data_dir

            runs = [marginal(binary, servers, seconds, resumed, "bench") - statistics.median(baseline)
                    for _ in range(args.runs)]
            label = f"{count:>6} messages" + (f" + a {image} MiB image" if image else "")
            if branched:
                label += f" + {len(document['otherBranches'])} in other branches"
            print(f"autosave, {label} ({size / 1e6:5.1f} MB): {statistics.median(runs) * 1000:6.1f} ms CPU per"
                  f" second of streaming (runs: {', '.join(f'{v * 1000:.1f}' for v in runs)})")
    finally:
        for process, _ in started:
            process.terminate()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
