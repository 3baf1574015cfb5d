#!/usr/bin/env python3
"""Measures the real chatterm binary in a pseudo-terminal against its own demo server.

Figures (DESIGN.md section 6):
  - launch to first full screen (ms): from spawn until the status bar's "ready" is drawn
  - terminal bytes written per byte of streamed text, and per token
  - client CPU per token (user+system time of the chatterm process during the turn)
  - peak RSS (VmHWM) after the turn
  - idle: bytes written, CPU time and wake-ups (context switches) in a quiet period after the turn
  - one keystroke's echo in bytes

Usage: python3 Benchmarks/pty_bench.py [--binary .build/release/chatterm] [--tokens 2000]
       [--speed 0] [--runs 5] [--columns 100] [--rows 30] [--idle 3]
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
import sys
import termios
import time



def cpu_seconds(pid):
    """CPU time of every thread of the process, in nanosecond resolution (schedstat)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass
    return total / 1e9


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def thread_counters(pid):
    """Per thread: (CPU nanoseconds, context switches). Each context switch is a wake-up or a
    preemption."""
    counters = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                cpu = int(f.read().split()[0])
            switches = 0
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                        switches += int(line.split()[1])
            counters[task] = (cpu, switches)
        except FileNotFoundError:
            pass
    return counters


def idle_activity(term, seconds):
    """Bytes written, CPU seconds and wake-ups over `seconds` of idle. Threads come and go (the
    runtime's pools shrink when idle), so the threads are sampled every 100 ms and each one's
    growth between its first and last sample is summed."""
    first = thread_counters(term.pid)
    last = dict(first)
    written = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        written += term.drain(min(0.1, max(0.0, end - time.perf_counter())))
        for task, values in thread_counters(term.pid).items():
            first.setdefault(task, (0, 0))
            last[task] = values
    cpu = sum(last[t][0] - first[t][0] for t in last) / 1e9
    switches = sum(last[t][1] - first[t][1] for t in last)
    return written, cpu, switches


def start_demo_server(binary, tokens, speed):
    proc = subprocess.Popen(
        [binary, "demo-server", "--port", "0", "--speed", str(speed), "--tokens", str(tokens)],
        stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    return proc, line.strip().split()[-1]


class Pty:
    def __init__(self, argv, columns, rows, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.buffer = b""
        self.total = 0

    def read_until(self, needle, timeout=60.0):
        """Reads output until `needle` appears in what was read since the last call."""
        deadline = time.perf_counter() + timeout
        seen = b""
        while needle not in seen:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no {needle!r} in output; last bytes: {seen[-400:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                self.total += len(chunk)
                seen += chunk
                # Answer the terminal's cursor-position query if any (not expected with ncurses).
        return seen

    def drain(self, seconds):
        end = time.perf_counter() + seconds
        count = 0
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return count
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return count
                count += len(chunk)
                self.total += len(chunk)

    def write(self, data):
        os.write(self.fd, data)

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def run_once(binary, url, prompt, reply_bytes, tokens, columns, rows, warmup, idle_seconds, extra):
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": os.environ.get("HOME", "/tmp")}
    started = time.perf_counter()
    term = Pty([binary, "--base-url", url, "--model", "demo-model", "--warmup", warmup] + extra, columns, rows, env)
    term.read_until(b"ready")
    launch_ms = (time.perf_counter() - started) * 1000
    term.drain(0.3)
    rss_idle = peak_rss_mib(term.pid)
    cpu_before = cpu_seconds(term.pid)
    bytes_before = term.total
    term.write(prompt.encode() + b"\r")
    term.read_until(b"done", timeout=120)
    # Give the last frame a moment to be written completely.
    term.drain(0.2)
    turn_bytes = term.total - bytes_before
    cpu_turn = cpu_seconds(term.pid) - cpu_before
    rss = peak_rss_mib(term.pid)
    idle_bytes, idle_cpu, idle_wakeups = idle_activity(term, idle_seconds)
    # One keystroke's echo: type characters one by one, each after the last one's echo settled.
    echo_bytes = []
    for character in b"echo":
        before = term.total
        term.write(bytes([character]))
        term.drain(0.1)
        echo_bytes.append(term.total - before)
    term.close()
    return {
        "launch_ms": launch_ms,
        "bytes_per_text_byte": turn_bytes / reply_bytes,
        "bytes_per_token": turn_bytes / tokens,
        "cpu_us_per_token": cpu_turn / tokens * 1e6,
        "rss_at_launch_mib": rss_idle,
        "peak_rss_mib": rss,
        f"idle_bytes_{idle_seconds:g}s": idle_bytes,
        f"idle_cpu_ms_{idle_seconds:g}s": idle_cpu * 1000,
        f"idle_wakeups_{idle_seconds:g}s": idle_wakeups,
        "keystroke_echo_bytes": statistics.median(echo_bytes),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--speed", type=float, default=0, help="server tokens per second (0 = full speed)")
    parser.add_argument("--columns", type=int, default=100)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--chatterm-args", default="", help="more options for chatterm, e.g. '--theme gruvbox'")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds of idle measured after the turn")
    parser.add_argument("--warmup", default="auto", choices=["auto", "always", "never"],
                        help="chatterm's --warmup; auto (the default) counts the warm-up in the turn")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    server, url = start_demo_server(binary, args.tokens, args.speed)
    try:
        prompt = "benchmark"
        # The reply's exact text, from the server itself (non-streaming request).
        reply = subprocess.run([binary, "ask", "--base-url", url, "--model", "demo-model", "--no-stream", prompt],
                               capture_output=True, check=True).stdout[:-1]
        results = [run_once(binary, url, prompt, len(reply), args.tokens, args.columns, args.rows, args.warmup,
                            args.idle, args.chatterm_args.split())
                   for _ in range(args.runs)]
    finally:
        server.terminate()
    pace = "full speed" if args.speed == 0 else f"{args.speed:g} tok/s"
    print(f"{args.runs} runs, {args.tokens} tokens at {pace} ({len(reply)} bytes of text), "
          f"{args.columns}x{args.rows}, {os.path.basename(binary)} at {binary}")
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"  {key:22} median {statistics.median(values):10.2f}   min {min(values):10.2f}   max {max(values):10.2f}")


if __name__ == "__main__":
    sys.exit(main())
