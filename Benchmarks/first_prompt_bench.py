#!/usr/bin/env python3
"""The first prompt's wait when the model must load first: the real chatterm in a pseudo-terminal
against its demo server with `--fault model-load:MS@1` (the first chat-completion request is held
MS milliseconds, as Ollama and llama.cpp's server hold the request that makes them load a model).

The chat opens, the user types a prompt for --typing seconds (one character at a time, evenly), then
presses Enter. The figure is the time from Enter to the reply's first words ("You said:") in the
terminal's output. A chat that warms up only once Enter is pressed makes that the model's load plus
the reply; one that warms up as it opens, while the user types, makes it the reply alone once the
typing outlasts the load.

Usage: python3 Benchmarks/first_prompt_bench.py [--binary .build/release/chatterm] [--load-ms 2000]
       [--typing 3] [--runs 3] [--server-binary PATH]
Nothing here is asserted: it prints figures for the notes and Benchmarks/README.md.
"""
import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import tempfile
import termios
import time


def start_demo_server(binary, load_ms):
    proc = subprocess.Popen([binary, "demo-server", "--port", "0", "--fault", f"model-load:{load_ms}@1"],
                            stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip().split()[-1]


def first_prompt(binary, server_binary, load_ms, typing):
    server, url = start_demo_server(server_binary, load_ms)
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": os.environ.get("HOME", "/tmp")}
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--base-url", url, "--model", "demo", "--data-dir",
                           tempfile.mkdtemp(prefix="first-prompt-bench-")], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = bytearray()

    def read_until(needle, deadline):
        while needle not in seen:
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            ready, _, _ = select.select([fd], [], [], min(left, 0.05))
            if ready:
                seen.extend(os.read(fd, 65536))
        return True

    def drain(until):
        while time.perf_counter() < until:
            ready, _, _ = select.select([fd], [], [], max(0, min(until - time.perf_counter(), 0.05)))
            if ready:
                seen.extend(os.read(fd, 65536))

    try:
        read_until(b"ready", time.perf_counter() + 30)
        prompt = b"how long did that take?"
        started = time.perf_counter()
        for index, byte in enumerate(prompt):
            drain(started + typing * index / len(prompt))
            os.write(fd, bytes([byte]))
        drain(started + typing)
        seen.clear()
        os.write(fd, b"\r")
        entered = time.perf_counter()
        answered = read_until(b"said:", entered + 60)
        return (time.perf_counter() - entered) * 1000 if answered else None
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--load-ms", type=int, default=2000)
    parser.add_argument("--typing", type=float, default=3.0, help="seconds spent typing the prompt")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server-binary", help="the chatterm whose demo-server serves (default: --binary), "
                        "e.g. to measure an older build, whose demo server has no model-load fault")
    args = parser.parse_args()
    server_binary = args.server_binary or args.binary
    waits = [first_prompt(args.binary, server_binary, args.load_ms, args.typing) for _ in range(args.runs)]
    done = [w for w in waits if w is not None]
    print(f"{args.binary}: model load {args.load_ms} ms, {args.typing} s of typing: "
          f"Enter to the reply's first words, ms: {', '.join(f'{w:.0f}' for w in done)}"
          + (f" (median {statistics.median(done):.0f})" if done else "")
          + (f"; {len(waits) - len(done)} runs saw no reply within 60 s" if len(done) < len(waits) else ""))


if __name__ == "__main__":
    main()
