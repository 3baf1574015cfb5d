#!/usr/bin/env python3
"""Peak memory of the real chatterm binary under a flood of tiny content events (issue 15).

A small HTTP server in this script answers every chat request with --events server-sent events of
one --piece each ("x" by default: one word that never ends), written as fast as the socket takes
them, then a finish_reason chunk and `data: [DONE]`. Everything between the transport and the
screen used to hold one queue entry per event, so memory grew with the number of events (177 MB
for a reply of 137 KB); it should follow the text.

  --mode chat (default): the full-screen chat in a pseudo-terminal of 100x30 (a prompt typed, the
                         reply streamed until the status bar says "done")
  --mode ask:            `chatterm ask --quiet`, the reply written to a pipe this script drains

Figures: peak RSS (VmHWM; for ask, the kernel's maxrss of the exited process), the process's own
(anonymous) memory at the end (chat), the time from the request to "done" (chat) or to the exit
(ask), and how many bytes of reply reached the screen's file or the pipe. A binary that does not
finish within --timeout seconds is stopped and reported at that point.

Usage: python3 Benchmarks/flood_bench.py [--binary .build/release/chatterm] [--events 1000000]
       [--piece x] [--mode chat|ask] [--runs 3] [--timeout 300]
Nothing here is asserted: it prints figures for Benchmarks/README.md.
"""
import argparse
import http.server
import json
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import fcntl
import termios


def make_handler(events, piece):
    event = ("data: " + json.dumps({"id": "flood", "object": "chat.completion.chunk", "model": "flood",
                                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
             + "\n\n").encode()
    finish = ("data: " + json.dumps({"id": "flood", "object": "chat.completion.chunk", "model": "flood",
                                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
              + "\n\ndata: [DONE]\n\n").encode()
    batch = 4096

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def chunk(self, data):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        def do_GET(self):
            body = json.dumps({"object": "list", "data": [{"id": "flood", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                left = events
                while left > 0:
                    count = min(batch, left)
                    self.chunk(event * count)
                    left -= count
                self.chunk(finish)
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def start_server(events, piece):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(events, piece))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


def status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def run_chat(binary, url, timeout):
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": os.environ.get("HOME", "/tmp")}
    data_dir = tempfile.mkdtemp(prefix="flood-bench-")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--base-url", url, "--model", "flood", "--warmup", "never",
                           "--data-dir", data_dir], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def read_until(needle, deadline):
        seen = b""
        while needle not in seen[-4096:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    return False
                seen = seen[-8192:]
        return True

    read_until(b"ready", time.perf_counter() + 30)
    time.sleep(0.3)
    rss_before = status_kib(pid, "VmRSS")
    os.write(fd, b"flood\r")
    started = time.perf_counter()
    finished = read_until(b"done", started + timeout)
    elapsed = time.perf_counter() - started
    peak = status_kib(pid, "VmHWM")
    anonymous = status_kib(pid, "RssAnon")
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    os.close(fd)
    saved = 0
    folder = os.path.join(data_dir, "conversations")
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                saved = max(saved, len(json.load(f)["messages"][-1]["content"].encode()))
    return {"finished": finished, "seconds": elapsed, "rss_before_mib": rss_before / 1024,
            "peak_rss_mib": peak / 1024, "anonymous_mib_after": anonymous / 1024, "reply_bytes_saved": saved}


def run_ask(binary, url, timeout):
    started = time.perf_counter()
    proc = subprocess.Popen([binary, "ask", "--base-url", url, "--model", "flood", "--warmup", "never", "--quiet",
                             "flood"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    received = 0
    finished = True
    while True:
        if time.perf_counter() - started > timeout:
            finished = False
            proc.send_signal(signal.SIGTERM)
        data = proc.stdout.read1(1 << 20) if hasattr(proc.stdout, "read1") else proc.stdout.read(1 << 20)
        if not data:
            break
        received += len(data)
    _, _, usage = os.wait4(proc.pid, 0)
    return {"finished": finished, "seconds": time.perf_counter() - started, "peak_rss_mib": usage.ru_maxrss / 1024,
            "reply_bytes_printed": max(0, received - 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--piece", default="x")
    parser.add_argument("--mode", default="chat", choices=["chat", "ask"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    server, url = start_server(args.events, args.piece)
    try:
        run = run_chat if args.mode == "chat" else run_ask
        results = [run(binary, url, args.timeout) for _ in range(args.runs)]
    finally:
        server.shutdown()
    print(f"{args.runs} runs, {args.mode}: {args.events} events of {args.piece!r} at full speed "
          f"({args.events * len(args.piece.encode())} bytes of text), {binary}")
    for key in results[0]:
        values = [r[key] for r in results]
        if isinstance(values[0], bool):
            print(f"  {key:22} {values}")
        else:
            print(f"  {key:22} median {statistics.median(values):10.2f}   min {min(values):10.2f}   "
                  f"max {max(values):10.2f}")


if __name__ == "__main__":
    sys.exit(main())
