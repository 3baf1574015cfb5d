#!/usr/bin/env python3
"""Measures the real chatterm binary in a pseudo-terminal against its own demo server.

Figures (DESIGN.md section 6):
  - launch to first full screen (ms): from spawn until the status bar's "ready" is drawn
  - terminal bytes written per byte of streamed text, and per token
  - client CPU per token (user+system time of the chatterm process during the turn)
  - peak RSS (VmHWM) after the turn, and what of it is the process's own: anonymous memory
    (RssAnon) and the proportional set size (Pss) after the turn
  - idle: bytes written, CPU time and wake-ups (context switches) in a quiet period after the turn
  - one keystroke's echo in bytes
  - last token on screen after the server's last byte (ms; budget <= 16 ms, one frame), and the
    status bar's "done" after the server's last byte (ms)

The reply is the demo server's passage padded to --tokens: --passage english (the default, mostly
ASCII with some CJK and emoji), --passage cjk (Chinese and Japanese, almost all double-width) or
--passage code (fenced code blocks in a dozen languages with prose between: syntax highlighting).
With --paragraph N it is instead one paragraph of N tokens without a line break, "the " N times (the
demo server's `endless-paragraph:N` fault: a model stuck repeating itself); there the last token
cannot be told from the ones before it on screen, so its figure is left out and "done" after the
server's last byte is the screen's lag at the paragraph's end (the status bar says "done" in the
frame that draws the last token, or the next). Along the way, every --lag-every tokens, the lag is
read off the status bar's live token count (refreshed once a second): the first time it showed N
tokens or more, less the time the proxy forwarded token N. A client that has not said "done" within
--turn-timeout is reported as it stands (finished 0): the lags it reached, the last count it showed
and that count's lag, CPU and bytes up to the timeout (still divided by every token), no idle figures.

How the last two figures are taken. chatterm talks to the demo server through a small TCP proxy
in this script (a thread per direction), which notes the perf_counter time right after it handed
each piece of the server's bytes to chatterm's socket. After the turn, the script decodes the
recorded response (chunked transfer coding, then the SSE events) and finds the pieces that held
(a) the end of the final content event and (b) the end of the body, `data: [DONE]` and its blank
line: the server's last byte. Every pty read is timestamped too.

"Last token on screen" is not looked for in the raw output: ncurses writes only the cells that
changed, breaks text with cursor motion and scrolling, and the passage repeats its words, so the
last token's bytes also belong to earlier tokens. Instead the script replays every read since
launch through a small xterm model (Screen: East Asian widths, auto-wrap, cursor addressing,
erasing, scroll regions, line and character insert/delete, `rep`), finds on the final screen the
cells that show the reply's last 8 visible characters (their last place in reading order), and
takes the first read after which those cells hold those characters and keep them to the end: the
read that completed the last token in its final place. A read before (a) cannot show the last
token, so if the cells happened to hold those characters already, the first read after (a)
counts. "done" is the read in which the status bar's `done` arrived. Both are measured from (b);
a negative figure means chatterm drew it before the server had written its last byte (the final
content event comes before the finish and usage chunks and `data: [DONE]`, and at full speed the
server writes 16 KB batches, so (a) and (b) are often the same piece). The proxy's own delay is
not in the figures (its times are taken once chatterm's socket has the bytes), the Python
reader's wake-up after chatterm's write is (it shares the interpreter with the proxy threads).

Usage: python3 Benchmarks/pty_bench.py [--binary .build/release/chatterm] [--tokens 2000]
       [--speed 0] [--runs 5] [--columns 100] [--rows 30] [--idle 3] [--passage english|cjk|code]
       [--paragraph N] [--turn-timeout S] [--server-binary PATH] [--warmup auto|always|never]
       [--chatterm-args '...']
Nothing here is asserted: it prints figures for the notes and Benchmarks/README.md.
"""
import argparse
import bisect
import codecs
import fcntl
import json
import os
import pty
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
import unicodedata
import urllib.parse


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


def memory_breakdown_mib(pid):
    """After the turn: the process's own memory (anonymous pages: heap, stacks, dirty data) and
    its proportional set size (shared pages divided among the processes mapping them). RSS also
    counts every resident page of the Swift runtime, Foundation and the binary's code, which are
    file-backed, clean and shared with every other Swift program."""
    anon = pss = float("nan")
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                anon = int(line.split()[1]) / 1024
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    return anon, pss


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


def start_demo_server(binary, tokens, speed, passage="english", fault=None):
    proc = subprocess.Popen(
        [binary, "demo-server", "--port", "0", "--speed", str(speed), "--tokens", str(tokens),
         "--passage", passage] + (["--fault", fault] if fault else []),
        stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    return proc, line.strip().split()[-1]


class Proxy:
    """A TCP proxy between chatterm and the demo server, one thread per direction and connection.
    Every piece it forwards from the server to chatterm is kept with the perf_counter time right
    after it was handed to chatterm's socket (sendall returned)."""

    class Connection:
        def __init__(self):
            self.raw = bytearray()   # everything the server sent on this connection
            self.forwards = []       # (end offset in raw of a forwarded piece, perf_counter time)

    def __init__(self, upstream_url):
        upstream = urllib.parse.urlsplit(upstream_url)
        self.upstream = (upstream.hostname, upstream.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = urllib.parse.urlunsplit(upstream._replace(netloc=f"127.0.0.1:{self.listener.getsockname()[1]}"))
        self.lock = threading.Lock()
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
                server = socket.create_connection(self.upstream)
            except OSError:
                return
            for end in (client, server):
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            record = Proxy.Connection()
            with self.lock:
                self.connections.append(record)
            threading.Thread(target=self._pump, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, record), daemon=True).start()

    @staticmethod
    def _pump(source, destination, record):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                destination.sendall(data)
                if record is not None:
                    now = time.perf_counter()
                    record.raw += data
                    record.forwards.append((len(record.raw), now))
        except OSError:
            pass
        for end, how in ((destination, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                end.shutdown(how)
            except OSError:
                pass

    def connections_since(self, count):
        with self.lock:
            return self.connections[count:]

    def close(self):
        self.listener.close()


def http_bodies(raw):
    """The responses in `raw` (one connection's server side) as (headers, body, offsets), where
    offsets(i) is the offset in `raw` of body byte i (chunked transfer coding removed)."""
    responses = []
    position = 0
    while True:
        head_end = raw.find(b"\r\n\r\n", position)
        if head_end < 0:
            return responses
        headers = bytes(raw[position:head_end]).decode("latin-1").lower()
        position = head_end + 4
        body, pieces = bytearray(), []  # (offset in body, offset in raw) where each piece starts
        length = re.search(r"content-length: *(\d+)", headers)
        if "transfer-encoding: chunked" in headers:
            while True:
                line_end = raw.find(b"\r\n", position)
                if line_end < 0:
                    break
                size = int(bytes(raw[position:line_end]).split(b";")[0] or b"0", 16)
                position = line_end + 2
                if size == 0:
                    position += 2
                    break
                body += raw[position:position + size]
                pieces.append((len(body) - size, position))
                position += size + 2
        elif length:
            size = int(length.group(1))
            body += raw[position:position + size]
            pieces.append((len(body) - size, position))
            position += size
        else:  # the body runs to the end of the connection
            body += raw[position:]
            pieces.append((len(body) - (len(raw) - position), position))
            position = len(raw)
        starts = [start for start, _ in pieces]

        def offsets(index, pieces=pieces, starts=starts):
            piece = bisect.bisect_right(starts, index) - 1
            return pieces[piece][1] + index - pieces[piece][0]

        responses.append((headers, bytes(body), offsets))


def stream_times(connections):
    """For the last event stream among `connections`: when the proxy forwarded (a) the piece holding
    the end of the final content event and (b) the piece holding the stream body's last byte (the
    end of `data: [DONE]` and its blank line)."""
    found = None
    for connection in connections:
        raw = bytes(connection.raw)
        for headers, body, offsets in http_bodies(raw):
            if "text/event-stream" in headers and body:
                found = (connection, body, offsets)
    if found is None:
        raise RuntimeError("the proxy saw no event stream")
    connection, body, offsets = found
    last_content_end = None
    for match in re.finditer(rb"data: ?([^\r\n]*)\r?\n", body):
        if match.group(1) == b"[DONE]":
            continue
        try:
            choices = json.loads(match.group(1)).get("choices") or []
        except ValueError:
            continue
        if choices and (choices[0].get("delta") or {}).get("content"):
            # The event ends with the blank line after its data line.
            last_content_end = body.find(b"\n", match.end()) + 1 or len(body)
    if last_content_end is None:
        raise RuntimeError("the event stream has no content event")

    def forwarded(body_end):
        raw_end = offsets(body_end - 1) + 1
        return next(t for end, t in connection.forwards if end >= raw_end)

    return forwarded(last_content_end), forwarded(len(body))


def content_event_times(connections):
    """For the last event stream among `connections`: when the proxy forwarded the end of each of
    its content events, in order."""
    found = None
    for connection in connections:
        for headers, body, offsets in http_bodies(bytes(connection.raw)):
            if "text/event-stream" in headers and body:
                found = (connection, body, offsets)
    connection, body, offsets = found
    ends = [end for end, _ in connection.forwards]
    times = []
    for match in re.finditer(rb"data: ?([^\r\n]*)\r?\n", body):
        if b'"content"' not in match.group(1) or b'"content":""' in match.group(1):
            continue
        event_end = body.find(b"\n", match.end()) + 1 or len(body)
        times.append(connection.forwards[bisect.bisect_left(ends, offsets(event_end - 1) + 1)][1])
    return times


def lag_curve(reads, columns, rows, event_times, every):
    """The screen's lag behind the stream every `every` tokens: replaying the pty output, the first
    time the status bar's live count ("N tok", refreshed once a second) reached each mark, less the
    time the proxy forwarded token N, the newest one the screen had taken in by then."""
    screen = Screen(columns, rows)
    shown = []
    for t, chunk in reads:
        screen.feed(chunk)
        match = re.search(r"\b(\d+) tok(?!/)", screen.text(rows - 1))
        if match and 0 < int(match.group(1)) <= len(event_times) and (not shown or int(match.group(1)) != shown[-1][1]):
            shown.append((t, int(match.group(1))))
    lags = {}
    for mark in range(every, len(event_times) + 1, every):
        first = next(((t, n) for t, n in shown if n >= mark), None)
        lags[f"lag_near_token_{mark}_ms"] = (first[0] - event_times[first[1] - 1]) * 1000 if first else float("nan")
    # The newest count shown and how far behind its token it was drawn: where a client that missed
    # --turn-timeout had got to.
    lags["last_count_shown"] = shown[-1][1] if shown else 0
    lags["last_count_lag_ms"] = (shown[-1][0] - event_times[shown[-1][1] - 1]) * 1000 if shown else float("nan")
    return lags


class Screen:
    """Just enough of an xterm to follow what ncurses draws for TERM=xterm-256color: printable text
    with East Asian widths and auto-wrap, cursor addressing and motion, erasing, scroll regions,
    line and character insertion and deletion, and `rep`. Attributes, modes and charsets are
    ignored. A wide character fills its cell and an empty placeholder cell to its right."""

    def __init__(self, columns, rows):
        self.columns, self.rows = columns, rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self.top, self.bottom = 0, rows - 1
        self.wrap_pending = False
        self.saved = (0, 0)
        self.last = " "
        self.state, self.sequence = "text", ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def text(self, row):
        return "".join(self.cells[row])

    def feed(self, data):
        for character in self.decoder.decode(data):
            self._feed(character)

    def _feed(self, character):
        code = ord(character)
        if self.state == "escape":
            self.state = "text"
            if character == "[":
                self.state, self.sequence = "csi", ""
            elif character == "]":
                self.state = "osc"
            elif character in "()*+":
                self.state = "charset"
            elif character == "D":
                self._index()
            elif character == "E":
                self.column = 0
                self._index()
            elif character == "M":
                self._reverse_index()
            elif character == "7":
                self.saved = (self.row, self.column)
            elif character == "8":
                self.row, self.column = self.saved
                self.wrap_pending = False
            elif character == "c":
                self.__init__(self.columns, self.rows)
        elif self.state == "charset":
            self.state = "text"
        elif self.state == "osc":
            if character == "\x07" or character == "\x1b":
                self.state = "text"
        elif self.state == "csi":
            if 0x40 <= code <= 0x7E:
                self.state = "text"
                self._csi(self.sequence, character)
            else:
                self.sequence += character
        elif character == "\x1b":
            self.state = "escape"
        elif character == "\r":
            self.column, self.wrap_pending = 0, False
        elif character in "\n\x0b\x0c":
            self._index()
        elif character == "\b":
            self.column, self.wrap_pending = max(0, self.column - 1), False
        elif character == "\t":
            self.column = min(self.columns - 1, (self.column // 8 + 1) * 8)
        elif code >= 0x20 and code != 0x7F and not 0x80 <= code < 0xA0:
            self._print(character)

    def _print(self, character):
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            if self.column > 0:
                self.cells[self.row][self.column - 1] += character
            return
        width = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if self.wrap_pending or self.column + width > self.columns:
            self.column = 0
            self._index()
        self.wrap_pending = False
        self.cells[self.row][self.column] = character
        if width == 2:
            self.cells[self.row][self.column + 1] = ""
        self.last = character
        self.column += width
        if self.column >= self.columns:
            self.column, self.wrap_pending = self.columns - 1, True

    def _scroll_up(self, top, count):
        for _ in range(count):
            del self.cells[top]
            self.cells.insert(self.bottom, [" "] * self.columns)

    def _scroll_down(self, top, count):
        for _ in range(count):
            del self.cells[self.bottom]
            self.cells.insert(top, [" "] * self.columns)

    def _index(self):
        self.wrap_pending = False
        if self.row == self.bottom:
            self._scroll_up(self.top, 1)
        elif self.row < self.rows - 1:
            self.row += 1

    def _reverse_index(self):
        self.wrap_pending = False
        if self.row == self.top:
            self._scroll_down(self.top, 1)
        elif self.row > 0:
            self.row -= 1

    def _erase(self, row, start, end):
        for column in range(max(0, start), min(self.columns, end)):
            self.cells[row][column] = " "

    def _csi(self, sequence, final):
        if sequence.startswith("?"):
            if final == "h" and "1049" in sequence:
                self.cells = [[" "] * self.columns for _ in range(self.rows)]
            return
        if sequence[:1] in ("<", ">", "=") or any(c in sequence for c in " !\"$'"):
            return
        numbers = [int(p) if p.isdigit() else 0 for p in sequence.split(";")]
        first = numbers[0] or 1
        count = first
        row, column = self.row, self.column
        if final in "ABCDEFGHfdJK@LMPSTXb`r":
            self.wrap_pending = False
        if final == "A":
            self.row = max(self.top if row >= self.top else 0, row - count)
        elif final == "B":
            self.row = min(self.bottom if row <= self.bottom else self.rows - 1, row + count)
        elif final == "C":
            self.column = min(self.columns - 1, column + count)
        elif final == "D":
            self.column = max(0, column - count)
        elif final == "E":
            self.row, self.column = min(self.rows - 1, row + count), 0
        elif final == "F":
            self.row, self.column = max(0, row - count), 0
        elif final in "G`":
            self.column = min(self.columns, first) - 1
        elif final == "d":
            self.row = min(self.rows, first) - 1
        elif final in "Hf":
            second = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row, self.column = min(self.rows, first) - 1, min(self.columns, second) - 1
        elif final == "J":
            mode = numbers[0]
            if mode == 0:
                self._erase(row, column, self.columns)
                for r in range(row + 1, self.rows):
                    self._erase(r, 0, self.columns)
            elif mode == 1:
                self._erase(row, 0, column + 1)
                for r in range(row):
                    self._erase(r, 0, self.columns)
            else:
                for r in range(self.rows):
                    self._erase(r, 0, self.columns)
        elif final == "K":
            mode = numbers[0]
            start, end = {0: (column, self.columns), 1: (0, column + 1)}.get(mode, (0, self.columns))
            self._erase(row, start, end)
        elif final == "X":
            self._erase(row, column, column + count)
        elif final == "@":
            line = self.cells[row]
            self.cells[row] = (line[:column] + [" "] * count + line[column:])[:self.columns]
        elif final == "P":
            line = self.cells[row]
            self.cells[row] = line[:column] + line[column + count:] + [" "] * min(count, self.columns - column)
            self.cells[row] = self.cells[row][:self.columns]
        elif final == "L" and self.top <= row <= self.bottom:
            self._scroll_down(row, min(count, self.bottom - row + 1))
        elif final == "M" and self.top <= row <= self.bottom:
            self._scroll_up(row, min(count, self.bottom - row + 1))
        elif final == "S":
            self._scroll_up(self.top, count)
        elif final == "T":
            self._scroll_down(self.top, count)
        elif final == "b":
            for _ in range(count):
                self._print(self.last)
        elif final == "r":
            bottom = numbers[1] if len(numbers) > 1 and numbers[1] else self.rows
            self.top, self.bottom = first - 1, min(self.rows, bottom) - 1
            self.row = self.column = 0


def tail_cells(screen, reply, length=8):
    """The cells of the final screen that show the reply's last `length` visible characters: the
    last place where they appear in reading order, skipping blanks and line ends. None if the
    reply's end is not on the screen."""
    visible = [c for c in reply if not c.isspace() and not unicodedata.combining(c)
               and unicodedata.category(c) not in ("Mn", "Me", "Cf")]
    tail = visible[-length:]
    cells = [(r, c, screen.cells[r][c]) for r in range(screen.rows) for c in range(screen.columns)
             if screen.cells[r][c].strip()]
    for start in range(len(cells) - len(tail), -1, -1):
        if all(cells[start + i][2][:1] == tail[i] for i in range(len(tail))):
            return cells[start:start + len(tail)]
    return None


def last_token_drawn(reads, columns, rows, reply, content_forwarded):
    """The time of the pty read that drew the last token: replaying every read since launch, the
    first read, at or after the proxy forwarded the final content event, after which the reply's
    last visible characters are in their final cells and stay there. NaN when the reply's end is
    not on the final screen."""
    screen = Screen(columns, rows)
    for _, chunk in reads:
        screen.feed(chunk)
    tail = tail_cells(screen, reply)
    if tail is None:
        print("warning: the reply's last characters are not on the final screen", file=sys.stderr)
        return float("nan")
    screen = Screen(columns, rows)
    shown_since = None
    for t, chunk in reads:
        screen.feed(chunk)
        shown = all(screen.cells[r][c] == text for r, c, text in tail)
        if not shown:
            shown_since = None
        elif shown_since is None:
            shown_since = t
    return max(shown_since, next(t for t, _ in reads if t >= content_forwarded))


class Pty:
    def __init__(self, argv, columns, rows, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.buffer = b""
        self.total = 0
        self.reads = []  # (perf_counter time, bytes) of every read, while `recording`
        self.recording = True

    def _read(self):
        chunk = os.read(self.fd, 65536)
        now = time.perf_counter()
        self.total += len(chunk)
        if self.recording:
            self.reads.append((now, chunk))
        return chunk

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
                seen += self._read()
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
                    count += len(self._read())
                except OSError:
                    return count

    def write(self, data):
        os.write(self.fd, data)

    def close(self):
        """SIGTERM, and SIGKILL after 10 s: a client still busy catching up may not answer the first."""
        try:
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.perf_counter() + 10
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.perf_counter() > deadline:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                self.drain(0.1)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def run_once(binary, proxy, prompt, reply, tokens, columns, rows, warmup, idle_seconds, extra, turn_timeout,
             find_last_token=True, lag_every=0):
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ["PATH"],
           "HOME": os.environ.get("HOME", "/tmp")}
    reply_bytes = len(reply.encode())
    connections_before = len(proxy.connections_since(0))
    started = time.perf_counter()
    term = Pty([binary, "--base-url", proxy.url, "--model", "demo-model", "--warmup", warmup] + extra,
               columns, rows, env)
    term.read_until(b"ready")
    launch_ms = (time.perf_counter() - started) * 1000
    term.drain(0.3)
    rss_idle = peak_rss_mib(term.pid)
    cpu_before = cpu_seconds(term.pid)
    bytes_before = term.total
    term.write(prompt.encode() + b"\r")
    try:
        term.read_until(b"done", timeout=turn_timeout)
        finished = True
    except TimeoutError:
        if not lag_every:
            raise
        # A paragraph the client has not caught up with: the lag curve up to here, nothing after.
        print(f"warning: no 'done' within {turn_timeout:g} s; figures up to there", file=sys.stderr)
        finished = False
    done_drawn = term.reads[-1][0] if finished else float("nan")
    # Give the last frame a moment to be written completely.
    term.drain(0.2)
    term.recording = False
    cpu_turn = cpu_seconds(term.pid) - cpu_before
    content_forwarded, last_byte_forwarded = stream_times(proxy.connections_since(connections_before))
    token_drawn = (last_token_drawn(term.reads, columns, rows, reply, content_forwarded) if find_last_token
                   else float("nan"))
    lags = (lag_curve(term.reads, columns, rows, content_event_times(proxy.connections_since(connections_before)),
                      lag_every) if lag_every else {})
    turn_bytes = term.total - bytes_before
    rss = peak_rss_mib(term.pid)
    anon, pss = memory_breakdown_mib(term.pid)
    nan = float("nan")
    idle_bytes, idle_cpu, idle_wakeups = idle_activity(term, idle_seconds) if finished else (nan, nan, nan)
    # One keystroke's echo: type characters one by one, each after the last one's echo settled.
    echo_bytes = []
    for character in b"echo" if finished else b"":
        before = term.total
        term.write(bytes([character]))
        term.drain(0.1)
        echo_bytes.append(term.total - before)
    term.close()
    return {
        "finished": 1 if finished else 0,
        "launch_ms": launch_ms,
        "bytes_per_text_byte": turn_bytes / reply_bytes,
        "bytes_per_token": turn_bytes / tokens,
        "cpu_us_per_token": cpu_turn / tokens * 1e6,
        "rss_at_launch_mib": rss_idle,
        "peak_rss_mib": rss,
        "anonymous_mib_after_turn": anon,
        "pss_mib_after_turn": pss,
        f"idle_bytes_{idle_seconds:g}s": idle_bytes,
        f"idle_cpu_ms_{idle_seconds:g}s": idle_cpu * 1000,
        f"idle_wakeups_{idle_seconds:g}s": idle_wakeups,
        "keystroke_echo_bytes": statistics.median(echo_bytes) if echo_bytes else nan,
        "last_token_after_last_byte_ms": (token_drawn - last_byte_forwarded) * 1000,
        "done_after_last_byte_ms": (done_drawn - last_byte_forwarded) * 1000,
        **lags,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/chatterm")
    parser.add_argument("--server-binary", default="",
                        help="the chatterm whose demo-server serves (default: --binary), e.g. to measure an older build")
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--speed", type=float, default=0, help="server tokens per second (0 = full speed)")
    parser.add_argument("--columns", type=int, default=100)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--chatterm-args", default="", help="more options for chatterm, e.g. '--theme gruvbox'")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds of idle measured after the turn")
    parser.add_argument("--warmup", default="auto", choices=["auto", "always", "never"],
                        help="chatterm's --warmup; auto (the default) counts the warm-up in the turn")
    parser.add_argument("--passage", default="english", choices=["english", "cjk", "code"],
                        help="the demo server's passage: english (mixed), cjk (almost all double-width) "
                             "or code (fenced code blocks in a dozen languages)")
    parser.add_argument("--paragraph", type=int, default=0,
                        help="instead, one paragraph of N tokens without a line break (endless-paragraph:N)")
    parser.add_argument("--lag-every", type=int, default=10_000,
                        help="with --paragraph: the screen's lag every N tokens, from the status bar's live count")
    parser.add_argument("--turn-timeout", type=float, default=0,
                        help="seconds to wait for the turn's 'done' (default: three times the stream, at least 120)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if args.paragraph:
        args.tokens = args.paragraph
    fault = f"endless-paragraph:{args.paragraph}" if args.paragraph else None
    server_binary = os.path.abspath(args.server_binary) if args.server_binary else binary
    server, url = start_demo_server(server_binary, args.tokens, args.speed, args.passage, fault)
    proxy = Proxy(url)
    # A client that falls behind takes longer than the stream: give it time to catch up.
    turn_timeout = args.turn_timeout or (max(120.0, 3 * args.tokens / args.speed + 60) if args.speed else 120.0)
    try:
        prompt = "benchmark"
        if args.paragraph:
            reply = "the " * args.paragraph
        else:
            # The reply's exact text, from the server itself (non-streaming request, not through the proxy).
            reply = subprocess.run([binary, "ask", "--base-url", url, "--model", "demo-model", "--no-stream", prompt],
                                   capture_output=True, check=True).stdout[:-1].decode()
        results = [run_once(binary, proxy, prompt, reply, args.tokens, args.columns, args.rows, args.warmup,
                            args.idle, args.chatterm_args.split(), turn_timeout, find_last_token=not args.paragraph,
                            lag_every=args.lag_every if args.paragraph else 0)
                   for _ in range(args.runs)]
    finally:
        proxy.close()
        server.terminate()
    pace = "full speed" if args.speed == 0 else f"{args.speed:g} tok/s"
    what = "one-paragraph" if args.paragraph else args.passage
    print(f"{args.runs} runs, {args.tokens} {what} tokens at {pace} ({len(reply.encode())} bytes of text), "
          f"{args.columns}x{args.rows}, {os.path.basename(binary)} at {binary}")
    width = max(len(key) for key in results[0])
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"  {key:{width}} median {statistics.median(values):10.2f}   min {min(values):10.2f}   "
              f"max {max(values):10.2f}")


if __name__ == "__main__":
    sys.exit(main())
