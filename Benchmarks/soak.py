#!/usr/bin/env python3
"""A long session of the real chatterm binary in a pseudo-terminal, with faults mixed in (issue 8).

It starts two `chatterm demo-server`s (a fast one and a slow one for cancelled replies) behind a small
HTTP proxy of its own. The proxy opens a fresh upstream connection per request and adds the request
header `X-Demo-Fault` that chatterm itself cannot send, so the script chooses, turn by turn, which
server answers and with which fault (for every request of the turn, or only its first one, like
the demo server's `@N` but per turn). chatterm talks to the proxy only (`--base-url`), so nothing is
restarted and no configuration file or profile is needed.

Over `--turns` turns (default 500) it mixes healthy replies with HTTP 503 once then success, HTTP
500 every time, streams dropped, hung (with a short --idle-timeout) or ended by an error event
mid-way, trickled, UTF-8-splitting and [DONE]-less streams, and replies cancelled with Esc while
they stream from the slow server or before any header arrives; in the last tenth of the run also
empty streams and ChatGLM's empty short replies, each answered at once without streaming; after
three replies in a row whose streams failed chatterm stops streaming for ten replies (by design,
EndpointHealth), and the script expects what that implies. Between turns: terminal resizes (TIOCSWINSZ) every 7 turns,
scrolling (PgUp/PgDn/Home/End) every 5 turns and sometimes while a reply streams, /retry every 23
turns and after some failed or dropped replies, and /new every 50 turns.

Every 50 turns it prints VmRSS, VmHWM, open file descriptors and threads. At the end it sends a
known prompt to the healthy server and checks that its reply and "done" are on the (redrawn) screen,
quits with /quit, and reads every saved conversation back (`chatterm history --json`, `chatterm
show ID --format json`): one user message per turn sent, every assistant message in a final state,
and that state the one the turn's fault calls for.

It fails (exit 1) when the RSS after the run exceeds the RSS after the first 50 turns by more than
--rss-growth-mib, when the open descriptors grew by more than --fd-growth after the warm-up, when a
turn hangs, the process dies or does not quit, or a turn is lost or saved in the wrong state.

Usage: python3 Benchmarks/soak.py [--binary .build/release/chatterm] [--turns 500] [--seed 8]
       [--rss-growth-mib 20] [--fd-growth 4]
"""
import argparse
import collections
import fcntl
import json
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import Pty, start_demo_server  # noqa: E402

# The status bar's words for a finished turn (StatusLine.swift), by the message status they stand for.
MARKERS = {
    "complete": "✓ done".encode(),
    "cancelled": "■ cancelled".encode(),
    "interrupted": "⚠ interrupted".encode(),
    "failed": "✗ error".encode(),
}
FINAL_STATES = {"complete", "interrupted", "cancelled", "failed"}

# Turn kinds: (name, weight, server, fault, requests of the turn that get it (None: all), expected status).
# The first phase streams throughout. An empty stream (empty-body, chatglm-short) is answered at once
# without streaming; three replies in a row whose stream failed (empty-body's long reply; not
# chatglm-short's "OK.", which is ChatGLM3's normal way with short answers) make chatterm send the
# next ten replies without streaming (EndpointHealth, by design), and while it does the faults that
# only touch streams do not apply. Those two kinds come only in the last part of the run
# (--fallback-share), and the script follows EndpointHealth's count to expect the right states.
KINDS = [
    ("healthy", 40, "fast", None, None, "complete"),
    ("503-once", 6, "fast", "status:503", 1, "complete"),             # retried after a backoff
    ("500-always", 2, "fast", "status:500", None, "failed"),          # every retry fails
    ("drop-mid-stream", 6, "fast", "drop-mid-stream:3", None, "interrupted"),
    ("hang-mid-stream", 4, "fast", "hang-mid-stream:3", None, "interrupted"),  # --idle-timeout gives up
    ("trickle", 3, "fast", "trickle:1", None, "complete"),
    ("split-utf8", 3, "fast", "split-utf8", None, "complete"),
    ("no-done", 2, "fast", "no-done", None, "complete"),
    ("error-in-stream", 2, "fast", "error-in-stream:3", None, "interrupted"),
    ("cancel-streaming", 4, "slow", None, None, "cancelled"),         # Esc while it streams
    ("cancel-waiting", 2, "fast", "hang-before-headers", None, "cancelled"),  # Esc before any answer
]
FALLBACK_KINDS = [
    ("empty-body", 5, "fast", "empty-body", None, "complete"),        # an empty stream, then without streaming
    ("chatglm-short", 5, "fast", "chatglm-short", None, "complete"),  # "one word" -> "OK." as an empty stream
]
# Kinds whose reply streams to its end when streaming is on: they reset EndpointHealth's count.
STREAMED_WHOLE = {"healthy", "503-once", "trickle", "split-utf8", "no-done"}
FAILED_REPLIES_BEFORE_STREAMING_OFF = 3  # EndpointHealth.failedRepliesBeforeStreamingOff
REPLIES_WITHOUT_STREAMING = 10           # EndpointHealth.repliesWithoutStreaming
STREAM_ONLY = {"drop-mid-stream", "hang-mid-stream", "trickle", "split-utf8", "no-done", "error-in-stream",
               "empty-body", "chatglm-short", "cancel-streaming"}

KEYS = {"pgup": b"\x1b[5~", "pgdn": b"\x1b[6~", "home": b"\x1bOH", "end": b"\x1bOF"}
SIZES = [(100, 30), (80, 24), (120, 40), (60, 20), (132, 43), (40, 12), (200, 60)]


class FaultProxy:
    """HTTP/1.1 proxy on 127.0.0.1: one upstream connection per request (`Connection: close`), the
    turn's server and fault chosen by the script. It relays bytes as they come, and closes the
    upstream side when chatterm hangs up (a cancelled or timed-out stream)."""

    def __init__(self, ports):
        self.ports = ports
        self.lock = threading.Lock()
        self.server, self.fault, self.count, self.requests = "fast", None, None, 0
        self.total_requests = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/v1"
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def plan(self, server, fault, count):
        with self.lock:
            self.server, self.fault, self.count, self.requests = server, fault, count, 0

    def requests_this_turn(self):
        with self.lock:
            return self.requests

    def accept_loop(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()

    @staticmethod
    def read_request(client):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length, chunked = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            elif name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            while not body.endswith(b"0\r\n\r\n"):
                chunk = client.recv(65536)
                if not chunk:
                    return None
                body += chunk
        else:
            while len(body) < length:
                chunk = client.recv(65536)
                if not chunk:
                    return None
                body += chunk
        return lines, body

    def handle(self, client):
        upstream = None
        try:
            request = self.read_request(client)
            if request is None:
                return
            lines, body = request
            headers = [line for line in lines[1:]
                       if line.split(b":")[0].strip().lower() not in (b"connection", b"x-demo-fault", b"keep-alive")]
            with self.lock:
                port = self.ports[self.server]
                fault = None
                if b"/chat/completions" in lines[0]:
                    if self.fault and (self.count is None or self.requests < self.count):
                        fault = self.fault
                    self.requests += 1
                    self.total_requests += 1
            headers.append(b"Connection: close")
            if fault:
                headers.append(b"X-Demo-Fault: " + fault.encode())
            upstream = socket.create_connection(("127.0.0.1", port))
            upstream.sendall(b"\r\n".join([lines[0]] + headers) + b"\r\n\r\n" + body)
            while True:
                ready, _, _ = select.select([upstream, client], [], [])
                if upstream in ready:
                    chunk = upstream.recv(65536)
                    if not chunk:
                        return
                    client.sendall(chunk)
                if client in ready:
                    if not client.recv(65536):
                        return
        except OSError:
            pass
        finally:
            for s in (upstream, client):
                if s is not None:
                    try:
                        s.close()
                    except OSError:
                        pass


def proc_figures(pid):
    figures = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                figures[key] = int(value.split()[0]) / 1024
            elif key == "Threads":
                figures[key] = int(value)
    figures["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    return figures


class Soak:
    def __init__(self, args, binary, url, data_dir, env):
        self.args = args
        self.rng = random.Random(args.seed)
        self.columns, self.rows = 100, 30
        argv = [binary, "--base-url", url, "--model", "demo-model", "--warmup", "never",
                "--data-dir", data_dir, "--idle-timeout", str(args.idle_timeout), "--retries", "3",
                "--first-token-timeout", "10", "--no-clipboard"]
        self.term = Pty(argv, self.columns, self.rows, env)
        self.turns = []           # per turn: dict(number, kind, expected, screen, seconds, conversation)
        self.conversation = 0
        self.problems = []
        self.samples = []
        self.actions = collections.Counter()
        # EndpointHealth as chatterm keeps it: replies in a row whose stream failed, and replies left
        # to send without streaming.
        self.failed_in_a_row = 0
        self.replies_without_streaming = 0

    def read_for(self, seconds):
        """Reads output for `seconds`; returns the bytes (and raises if the process is gone)."""
        end = time.perf_counter() + seconds
        seen = b""
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return seen
            ready, _, _ = select.select([self.term.fd], [], [], left)
            if ready:
                seen += self.read_chunk()

    def read_chunk(self):
        """One read of what chatterm wrote (the terminal is readable); fails when it closed the pty."""
        try:
            chunk = os.read(self.term.fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise RuntimeError("chatterm closed its terminal (exited or crashed)")
        self.term.total += len(chunk)
        return chunk

    def wait_finished(self, timeout):
        """Waits for the status bar to show a finished turn; returns its state, or None on timeout.
        ncurses writes only what changed, so when nothing shows for a moment Ctrl-L redraws it all."""
        deadline = time.perf_counter() + timeout
        redraw_at = time.perf_counter() + 0.12
        seen = b""
        while True:
            now = time.perf_counter()
            if now >= deadline:
                return None
            if now >= redraw_at:
                self.term.write(b"\x0c")
                redraw_at = now + 0.3
            ready, _, _ = select.select([self.term.fd], [], [], min(deadline, redraw_at) - now)
            if not ready:
                continue
            seen += self.read_chunk()
            found = [(seen.rfind(marker), state) for state, marker in MARKERS.items() if marker in seen]
            if found:
                # Let the rest of the frame arrive.
                self.read_for(0.02)
                return max(found)[1]

    def resize(self):
        self.columns, self.rows = self.rng.choice(SIZES)
        fcntl.ioctl(self.term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        self.actions["resize"] += 1
        self.read_for(0.05)

    def scroll(self):
        for key in self.rng.sample(["pgup", "pgup", "pgdn", "home", "end", "pgup"], 4) + ["end"]:
            self.term.write(KEYS[key])
            self.actions["scroll keys"] += 1
            self.read_for(0.02)

    def command(self, text, settle=0.2):
        self.term.write(text.encode() + b"\r")
        self.actions[text] += 1
        self.read_for(settle)

    def begin_reply(self):
        """Whether this reply goes without streaming, counting it as EndpointHealth does."""
        off = self.replies_without_streaming > 0
        if off:
            self.replies_without_streaming -= 1
        return off

    def streaming_fared(self, name, screen, off):
        """What a finished reply tells EndpointHealth."""
        if off or screen != "complete":
            return
        if name == "empty-body":
            self.failed_in_a_row += 1
            if self.failed_in_a_row >= FAILED_REPLIES_BEFORE_STREAMING_OFF:
                self.replies_without_streaming = REPLIES_WITHOUT_STREAMING
                self.actions["streaming switched off"] += 1
        elif name in STREAMED_WHOLE:
            self.failed_in_a_row = 0

    def turn(self, number, kind, proxy, prompt=None):
        name, _, server, fault, count, expected = kind
        off = self.begin_reply()
        if off and name in STREAM_ONLY:
            expected = "complete"  # the stream faults do not touch a non-streaming request
        proxy.plan(server, fault, count)
        if prompt is None:
            prompt = f"soak turn {number} {name}" + (" answer in one word" if name == "chatglm-short" else "")
        started = time.perf_counter()
        self.term.write(prompt.encode() + b"\r")
        if name.startswith("cancel") and not (off and name == "cancel-streaming"):
            self.read_for(0.4)
            if self.rng.random() < 0.5:
                self.scroll()  # scrolling while a reply streams
            self.term.write(b"\x1b")
        screen = self.wait_finished(self.args.turn_timeout)
        seconds = time.perf_counter() - started
        record = {"number": number, "kind": name, "expected": expected, "screen": screen, "seconds": seconds,
                  "conversation": self.conversation, "requests": proxy.requests_this_turn(), "prompt": prompt}
        self.turns.append(record)
        if screen is None:
            self.problems.append(f"turn {number} ({name}): no finished state on screen after "
                                 f"{self.args.turn_timeout:g} s (hang); Esc pressed")
            self.term.write(b"\x1b")
            if self.wait_finished(10) is None:
                raise RuntimeError(f"turn {number} ({name}) still not finished after Esc")
        elif screen != expected:
            self.problems.append(f"turn {number} ({name}): status bar says {screen}, expected {expected}")
        self.streaming_fared(name, screen, off)
        self.read_for(0.03)
        return record

    def retry(self, number, proxy):
        """/retry of the last reply against the healthy server: it replaces the last turn's reply."""
        proxy.plan("fast", None, None)
        off = self.begin_reply()
        self.term.write(b"/retry\r")
        self.actions["/retry"] += 1
        screen = self.wait_finished(self.args.turn_timeout)
        self.streaming_fared("healthy", screen, off)
        last = self.turns[-1]
        last.update(kind=last["kind"] + "+retry", expected="complete", screen=screen)
        if screen != "complete":
            self.problems.append(f"/retry after turn {number}: status bar says {screen}, expected complete")
        self.read_for(0.03)

    def sample(self, label):
        figures = proc_figures(self.term.pid)
        figures["label"] = label
        self.samples.append(figures)
        print(f"  {label:>14}: VmRSS {figures['VmRSS']:6.1f} MiB  VmHWM {figures['VmHWM']:6.1f} MiB  "
              f"fds {figures['fds']:3d}  threads {figures['Threads']:3d}", flush=True)
        return figures


def saved_conversations(binary, data_dir):
    listing = subprocess.run([binary, "history", "--json", "--data-dir", data_dir],
                             capture_output=True, text=True, timeout=60)
    if listing.returncode != 0 or listing.stderr.strip():
        raise RuntimeError(f"chatterm history failed ({listing.returncode}): {listing.stderr.strip()}")
    conversations = []
    for summary in json.loads(listing.stdout):
        shown = subprocess.run([binary, "show", summary["id"], "--format", "json", "--data-dir", data_dir],
                               capture_output=True, text=True, timeout=60)
        if shown.returncode != 0:
            raise RuntimeError(f"chatterm show {summary['id']} failed: {shown.stderr.strip()}")
        conversations.append(json.loads(shown.stdout))
    return conversations


def check_saved(soak, conversations):
    """One user message per turn, each followed by an assistant message in the expected final state."""
    problems = []
    by_number = {t["number"]: t for t in soak.turns}
    seen = set()
    statuses = collections.Counter()
    for conversation in conversations:
        messages = [m for m in conversation.get("messages", []) if m.get("role") != "system"]
        for index, message in enumerate(messages):
            if message.get("role") != "user":
                continue
            match = re.match(r"soak turn (\d+) ", message.get("content", "") + " ")
            if not match:
                problems.append(f"a user message not sent by the soak: {message.get('content', '')[:60]!r}")
                continue
            number = int(match.group(1))
            if number in seen:
                problems.append(f"turn {number}: saved twice")
            seen.add(number)
            turn = by_number.get(number)
            reply = messages[index + 1] if index + 1 < len(messages) else None
            if reply is None or reply.get("role") != "assistant":
                problems.append(f"turn {number}: no assistant message after it")
                continue
            status = reply.get("status")
            statuses[status] += 1
            if status not in FINAL_STATES:
                problems.append(f"turn {number}: assistant message saved as {status!r}")
            elif turn and status != turn["expected"]:
                problems.append(f"turn {number} ({turn['kind']}): saved {status}, expected {turn['expected']}"
                                f" (screen said {turn['screen']})")
            if turn:
                turn["saved"] = status
    missing = sorted(set(by_number) - seen)
    if missing:
        problems.append(f"{len(missing)} turns not saved: {missing[:20]}")
    user_messages = sum(1 for c in conversations for m in c.get("messages", []) if m.get("role") == "user")
    return problems, statuses, user_messages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--rss-growth-mib", type=float, default=20.0,
                        help="fail if RSS at the end exceeds RSS after the first 50 turns by more than this")
    parser.add_argument("--fd-growth", type=int, default=4,
                        help="fail if open descriptors at the end exceed those after the first 50 turns by more")
    parser.add_argument("--idle-timeout", type=float, default=1.0, help="chatterm's --idle-timeout")
    parser.add_argument("--turn-timeout", type=float, default=30.0, help="seconds before a turn counts as hung")
    parser.add_argument("--tokens", type=int, default=24, help="reply length of the fast server")
    parser.add_argument("--fallback-share", type=float, default=0.1,
                        help="share of turns at the end where empty streams (and so the fallback) may come")
    parser.add_argument("--sample-every", type=int, default=50)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    warmup_turns = min(50, args.turns)

    fast, fast_url = start_demo_server(binary, args.tokens, 0)
    slow, slow_url = start_demo_server(binary, 200, 20)
    port = lambda url: int(url.rsplit(":", 1)[1].split("/")[0])  # noqa: E731
    proxy = FaultProxy({"fast": port(fast_url), "slow": port(slow_url)})
    scratch = tempfile.mkdtemp(prefix="chatterm-soak-")
    data_dir = os.path.join(scratch, "data")
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": scratch, "XDG_CONFIG_HOME": os.path.join(scratch, "config"),
           "XDG_DATA_HOME": os.path.join(scratch, "xdg-data")}
    print(f"soak: {args.turns} turns, seed {args.seed}, {binary}\n  proxy {proxy.url} -> fast {fast_url}, "
          f"slow {slow_url}; data {data_dir}", flush=True)

    fallback_from = int(args.turns * (1 - args.fallback_share))
    started = time.perf_counter()
    soak = Soak(args, binary, proxy.url, data_dir, env)
    failure = None
    exit_status = None
    final_ok = {}
    try:
        soak.term.read_until("● ready".encode(), timeout=30)
        soak.read_for(0.2)
        start = soak.sample("start")
        for number in range(1, args.turns + 1):
            if number > 1 and (number - 1) % 50 == 0:
                soak.command("/new", 0.3)
                soak.conversation += 1
            kinds = KINDS + (FALLBACK_KINDS if number > fallback_from else [])
            kind = soak.rng.choices(kinds, [k[1] for k in kinds])[0]
            soak.turn(number, kind, proxy)
            if number % 7 == 0:
                soak.resize()
            if number % 5 == 0:
                soak.scroll()
            if number % 23 == 0 or (kind[0] in ("drop-mid-stream", "500-always") and soak.rng.random() < 0.3):
                soak.retry(number, proxy)
            if number % args.sample_every == 0:
                elapsed = time.perf_counter() - started
                soak.sample(f"turn {number}")
                print(f"  {'':>14}  {elapsed:6.1f} s, {len(soak.problems)} problems so far", flush=True)
        # The screen at the end: back to a known size, a known prompt to the healthy server.
        soak.columns, soak.rows = 100, 30
        fcntl.ioctl(soak.term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        soak.read_for(0.2)
        final_number = args.turns + 1
        final = soak.turn(final_number, KINDS[0], proxy, prompt=f"soak turn {final_number} final ZQX{args.seed}")
        soak.term.write(b"\x0c")
        screen = soak.read_for(0.5)
        final_ok["reply on screen"] = f"said: “soak turn {final_number} final ZQX{args.seed}”".encode() in screen
        final_ok["status bar says done"] = MARKERS["complete"] in screen and final["screen"] == "complete"
        for what, ok in final_ok.items():
            if not ok:
                soak.problems.append(f"final screen: {what} is false; last bytes {screen[-300:]!r}")
        end = soak.sample("end")
        # Quit, and the process must go away by itself.
        soak.term.write(b"/quit\r")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            pid, status = os.waitpid(soak.term.pid, os.WNOHANG)
            if pid:
                exit_status = os.waitstatus_to_exitcode(status)
                break
            try:
                soak.read_for(0.1)
            except RuntimeError:
                pass
        if exit_status is None:
            soak.problems.append("/quit: chatterm still running after 10 s")
        elif exit_status != 0:
            soak.problems.append(f"/quit: chatterm exited with status {exit_status}")
    except (RuntimeError, TimeoutError, OSError) as error:
        failure = str(error)
        soak.problems.append(f"aborted: {error}")
    finally:
        duration = time.perf_counter() - started
        if exit_status is None:
            soak.term.close()
        else:
            os.close(soak.term.fd)
        for server in (fast, slow):
            server.terminate()
            server.wait()

    # What was saved.
    try:
        conversations = saved_conversations(binary, data_dir)
        saved_problems, statuses, user_messages = check_saved(soak, conversations)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        conversations, statuses, user_messages = [], collections.Counter(), 0
        saved_problems = [f"reading the saved conversations: {error}"]
    soak.problems += saved_problems
    turns_sent = len(soak.turns)
    if user_messages != turns_sent:
        soak.problems.append(f"{user_messages} user messages saved, {turns_sent} turns sent")

    # Memory and descriptors.
    by_label = {s["label"]: s for s in soak.samples}
    after_warmup = by_label.get(f"turn {warmup_turns}") if warmup_turns % args.sample_every == 0 else None
    after_warmup = after_warmup or (soak.samples[1] if len(soak.samples) > 1 else None)
    last = by_label.get("end")
    if failure is None and after_warmup and last:
        growth = last["VmRSS"] - after_warmup["VmRSS"]
        if growth > args.rss_growth_mib:
            soak.problems.append(f"RSS grew by {growth:.1f} MiB after the first {warmup_turns} turns "
                                 f"(bound {args.rss_growth_mib:g})")
        if last["fds"] - after_warmup["fds"] > args.fd_growth:
            soak.problems.append(f"open descriptors grew from {after_warmup['fds']} to {last['fds']} "
                                 f"(bound +{args.fd_growth})")

    print()
    print(f"turns: {turns_sent} ({args.turns} + the final check) in {duration:.1f} s "
          f"({duration / max(1, turns_sent):.2f} s per turn), {len(conversations)} conversations, "
          f"{proxy.total_requests} chat requests")
    if soak.samples:
        peak = max(s["VmHWM"] for s in soak.samples)
        first = soak.samples[0]
        print(f"RSS: start {first['VmRSS']:.1f} MiB, after {warmup_turns} turns "
              f"{after_warmup['VmRSS'] if after_warmup else float('nan'):.1f} MiB, end "
              f"{last['VmRSS'] if last else float('nan'):.1f} MiB, peak (VmHWM) {peak:.1f} MiB")
        print(f"fds: start {first['fds']}, after {warmup_turns} turns "
              f"{after_warmup['fds'] if after_warmup else '?'}, end {last['fds'] if last else '?'}; "
              f"threads start {first['Threads']}, end {last['Threads'] if last else '?'}")
    by_kind = collections.defaultdict(collections.Counter)
    for t in soak.turns:
        by_kind[t["kind"]][t.get("saved", "?")] += 1
    print("turns by kind (saved status):")
    for kind, counter in sorted(by_kind.items(), key=lambda item: -sum(item[1].values())):
        seconds = [t["seconds"] for t in soak.turns if t["kind"] == kind]
        print(f"  {kind:24} {sum(counter.values()):4d}  " + ", ".join(f"{s} {n}" for s, n in sorted(counter.items()))
              + f"   (median {sorted(seconds)[len(seconds) // 2]:.2f} s)")
    print("turns by outcome (saved): " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items())))
    print("actions: " + ", ".join(f"{a} {n}" for a, n in sorted(soak.actions.items())))
    print(f"final screen: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in final_ok.items())
          + f"; exit status after /quit: {exit_status}")
    if soak.problems:
        print(f"\nFAIL: {len(soak.problems)} problems")
        for problem in soak.problems[:50]:
            print(f"  - {problem}")
        return 1
    print("\nPASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
