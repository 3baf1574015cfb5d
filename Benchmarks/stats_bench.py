#!/usr/bin/env python3
"""Times `chatterm stats` over 1,000 saved conversations with known figures (the release binary).

Usage: swift build -c release && python3 Benchmarks/stats_bench.py [--conversations 1000] [--runs 10]

The conversations are written here in the documented format (DESIGN.md §5) into a temporary
folder: 20 messages each (10 replies with every figure, 400-character texts as in
history_bench.py), over three endpoints, two models and two profiles, over 30 days. Before
timing, `chatterm stats --json` is checked against the figures computed here (nearest-rank
percentiles), so the benchmark times a command that gets them right. The timing is hyperfine's
(`apt-get install hyperfine`) when it is installed, else the median of --runs runs of this
script's own clock; both include the process's start.
"""

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PARAGRAPH = ("Server-sent events stream tokens; 你好，世界。 " * 20)[:400]
START = datetime.datetime(2026, 10, 29, 12, 0, tzinfo=datetime.timezone.utc)
GROUPS = [  # base URL, model, profile
    ("http://gpu-box:8000/v1", "chatglm3-6b", "gpu"),
    ("http://127.0.0.1:11434/v1", "llama3.1:8b", "laptop"),
    ("https://api.example.com/v1", "gpt-4o-mini", None),
]


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def reply_figures(number):
    """The known figures of reply `number`: a spread of first tokens, a failure every 50th."""
    ttft = 50 + (number * 37) % 1950
    failed = number % 50 == 0
    return {
        "status": "failed" if failed else "complete",
        "error": "HTTP 503: model is loading" if failed else None,
        "stats": {"attempts": 2 if number % 10 == 0 else 1, "retries": 1 if number % 10 == 0 else 0,
                  "emptyStreams": 0, "warmup": number % 7 == 0, "fallback": False,
                  "ttftMs": None if failed else ttft, "durationMs": ttft + 2000,
                  "completionTokens": 200, "tokensPerSecond": None if failed else 20.0 + number % 40,
                  "finishReason": None if failed else "stop",
                  "errorCategory": "server" if failed else None},
    }


def conversation(index):
    base_url, model, profile = GROUPS[index % len(GROUPS)]
    day = START + datetime.timedelta(days=index % 30, minutes=index)
    messages = []
    for turn in range(10):
        number = index * 10 + turn
        moment = day + datetime.timedelta(seconds=turn * 30)
        messages.append({"role": "user", "content": f"{PARAGRAPH} {number}", "createdAt": stamp(moment),
                         "status": "complete"})
        figures = reply_figures(number)
        reply = {"role": "assistant", "content": "" if figures["error"] else f"{PARAGRAPH} reply {number}",
                 "createdAt": stamp(moment + datetime.timedelta(seconds=1)), "status": figures["status"],
                 "stats": {key: value for key, value in figures["stats"].items() if value is not None}}
        if figures["error"]:
            reply["error"] = figures["error"]
        messages.append(reply)
    document = {"format": "chatterm.conversation", "version": 1, "id": f"c{index:05d}", "title": f"Chat {index}",
                "createdAt": stamp(day), "updatedAt": stamp(day + datetime.timedelta(minutes=10)),
                "endpoint": {"baseURL": base_url, "model": model}, "messages": messages}
    if profile:
        document["profile"] = profile
    return document


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]


def expected(count):
    """Per model: turns, first-token p50/p90/p99, failures, retries, as computed here."""
    groups = {}
    for index in range(count):
        _, model, _ = GROUPS[index % len(GROUPS)]
        group = groups.setdefault(model, {"turns": 0, "ttft": [], "failed": 0, "retries": 0})
        for turn in range(10):
            figures = reply_figures(index * 10 + turn)
            group["turns"] += 1
            group["retries"] += figures["stats"]["retries"]
            if figures["error"]:
                group["failed"] += 1
            else:
                group["ttft"].append(figures["stats"]["ttftMs"])
    return {model: {"turns": g["turns"], "p50": nearest_rank(g["ttft"], 50), "p90": nearest_rank(g["ttft"], 90),
                    "p99": nearest_rank(g["ttft"], 99), "failed": g["failed"], "retries": g["retries"]}
            for model, g in groups.items()}


def check(binary, data_dir, count, env):
    output = subprocess.run([binary, "stats", "--data-dir", data_dir, "--json"], check=True, env=env,
                            capture_output=True, text=True).stdout
    document = json.loads(output)
    found = {group["model"]: {"turns": group["turns"], "p50": group["firstTokenMs"]["p50"],
                              "p90": group["firstTokenMs"]["p90"], "p99": group["firstTokenMs"]["p99"],
                              "failed": group["ended"]["failed"], "retries": group["retries"]}
             for group in document["groups"]}
    if found != expected(count):
        sys.exit(f"chatterm stats disagrees with the known figures:\n  got      {found}\n  expected {expected(count)}")
    print(f"checked: {document['turns']:,} replies in {document['conversations']:,} conversations, "
          f"{len(document['groups'])} groups, figures as computed here")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC")
    root = tempfile.mkdtemp(prefix="chatterm-stats-bench-")
    try:
        folder = os.path.join(root, "conversations")
        os.makedirs(folder, mode=0o700)
        size = 0
        for index in range(args.conversations):
            path = os.path.join(folder, f"c{index:05d}.json")
            with open(path, "w", encoding="utf-8") as file:
                json.dump(conversation(index), file, ensure_ascii=False, indent=2, sort_keys=True)
            size += os.path.getsize(path)
        print(f"{args.conversations:,} conversations of 20 messages, {size / 1e6:.1f} MB")
        check(binary, root, args.conversations, env)
        command = [binary, "stats", "--data-dir", root]
        if shutil.which("hyperfine"):
            subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(args.runs), "-N",
                            " ".join(command), " ".join(command + ["--json"])], check=True, env=env)
        else:
            for extra in ([], ["--json"]):
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    subprocess.run(command + extra, check=True, env=env, stdout=subprocess.DEVNULL)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"  chatterm stats {' '.join(extra):6s}  median {statistics.median(times):7.1f} ms   "
                      f"min {min(times):7.1f}   max {max(times):7.1f}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
