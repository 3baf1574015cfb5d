import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary in a pseudo-terminal of our own, for tests that must see the exact bytes
/// chatterm writes (escape sequences, their count, silence) rather than the screen tmux makes of
/// them.
///
/// The child runs in a session of its own with the pty as its controlling terminal, so
/// SIGWINCH, Ctrl-Z and hang-ups behave as in a real terminal. A thread reads everything it
/// writes into `output`.
final class PseudoTerminal: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    /// Our side of the terminal, open until `closeTerminal`.
    let masterDescriptor: Int32
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var closed = false
    private let reader: Reader

    /// What the reader thread shares with the tests: it does not hold the terminal itself, so a
    /// test that drops its terminal ends the program (deinit) even while the thread runs.
    private final class Reader: @unchecked Sendable {
        let lock = NSLock()
        var received: [UInt8] = []
        var closing = false
        var paused = false
        var done = false

        /// Reads until the program's side closes or `closing` is set.
        func run(_ descriptor: Int32) {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !lock.withLock({ closing }) {
                if lock.withLock({ paused }) {
                    usleep(5_000)
                    continue
                }
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&request, 1, 50)
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { continue }
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    lock.withLock { received.append(contentsOf: buffer[0..<count]) }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            lock.withLock { done = true }
        }
    }

    /// Starts `arguments` (the first is the executable's path) with `environment` in a terminal
    /// of the given size. With `controlling` false the terminal is only the program's standard
    /// input and output, not its controlling terminal: closing it sends no SIGHUP.
    init(
        _ arguments: [String], environment: [String: String], rows: Int = 30, columns: Int = 100,
        controlling: Bool = true
    ) throws {
        let master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grantpt(master) == 0, PTY.unlockpt(master) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        var name = [CChar](repeating: 0, count: 128)
        guard PTY.ptsname(master, &name, name.count) == 0 else {
            close(master)
            throw Failure(description: "ptsname failed: errno \(errno)")
        }
        self.masterDescriptor = master
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, opening the terminal makes it the child's controlling terminal; a
        // descriptor opened here with O_NOCTTY and inherited does not.
        let slave = controlling ? -1 : open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        defer { if slave >= 0 { close(slave) } }
        if controlling {
            posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, slave, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = Spawn.cleanSignalAttributes(flags: PTY.spawnSetsid)
        defer { posix_spawnattr_destroy(&attributes) }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw Failure(description: "cannot run \(arguments[0]): error \(result)")
        }
        self.pid = pid
        let reader = Reader()
        self.reader = reader
        Thread { reader.run(master) }.start()
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        closeTerminal()
    }

    /// Closes our side of the terminal, as a terminal emulator does when its window closes.
    func closeTerminal() {
        reader.lock.withLock { reader.closing = true }
        let deadline = Date().addingTimeInterval(5)
        while !reader.lock.withLock({ reader.done }) && Date() < deadline { usleep(5_000) }
        let wasClosed = lock.withLock { () -> Bool in
            defer { closed = true }
            return closed
        }
        if !wasClosed { close(masterDescriptor) }
    }

    /// Stops taking what the program writes, as a terminal that froze (or a `Ctrl-S`): once the
    /// kernel's buffer is full, the program's writes wait.
    func pauseReading() {
        reader.lock.withLock { reader.paused = true }
    }

    /// Takes what the program writes again.
    func resumeReading() {
        reader.lock.withLock { reader.paused = false }
    }

    /// Polls until one of the program's threads is in a `write` call, or fails after `timeout`:
    /// with reading paused and output coming, that write waits for room that never comes.
    func waitForAWriteThatWaits(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks {
                let call = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? ""
                if call.split(separator: " ").first == "\(Self.writeCallNumber)" { return }
            }
            usleep(20_000)
        }
        throw Failure(description: "no thread of the program is waiting in write")
    }

    /// The number of the `write` system call, as /proc/PID/task/TID/syscall shows it.
    #if arch(arm64)
        private static let writeCallNumber = 64
    #else
        private static let writeCallNumber = 1
    #endif

    /// Everything the program has written so far.
    var output: [UInt8] { reader.lock.withLock { reader.received } }

    /// How many bytes the program has written so far.
    var byteCount: Int { reader.lock.withLock { reader.received.count } }

    /// What the program wrote from byte `offset` on, as text (escape sequences included).
    func text(since offset: Int = 0) -> String {
        let bytes = reader.lock.withLock { Array(reader.received[min(offset, reader.received.count)...]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Types `text` as one write, as a terminal sends a burst of keys or a paste.
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(masterDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    usleep(1000)
                    continue
                }
                throw Failure(description: "write to the terminal failed: errno \(errno)")
            }
            offset += written
        }
    }

    /// Changes the terminal's size; the kernel sends SIGWINCH to the program.
    func resize(rows: Int, columns: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(masterDescriptor, UInt(TIOCSWINSZ), &size)
    }

    /// Polls until `condition` holds for the output written since `offset`, or fails after
    /// `timeout` showing the end of what was written.
    @discardableResult
    func waitFor(
        _ description: String, since offset: Int = 0, timeout: TimeInterval = 30,
        file: StaticString = #filePath, line: UInt = #line, _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = text(since: offset)
            if condition(text) { return text }
            if Date() > deadline || hasExited {
                let tail = String(text.suffix(600)).debugDescription
                XCTFail("timed out waiting for \(description); last output: \(tail)", file: file, line: line)
                throw Failure(description: "timed out waiting for \(description)")
            }
            usleep(10_000)
        }
    }

    /// Waits until `needle` appears in the output written since `offset`.
    @discardableResult
    func waitFor(
        text needle: String, since offset: Int = 0, timeout: TimeInterval = 30, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> String {
        try waitFor("“\(needle)”", since: offset, timeout: timeout, file: file, line: line) { $0.contains(needle) }
    }

    /// Waits until nothing has been written for `quiet` seconds, so a test starts counting from
    /// a settled screen. Returns the byte count at that point.
    @discardableResult
    func waitUntilQuiet(for quiet: TimeInterval = 0.5, timeout: TimeInterval = 30) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var count = byteCount
        var since = Date()
        while Date() < deadline {
            usleep(20_000)
            let now = byteCount
            if now != count {
                count = now
                since = Date()
            } else if Date().timeIntervalSince(since) >= quiet {
                return count
            }
        }
        throw Failure(description: "the program never stopped writing")
    }

    /// Whether the program has exited (reaping it if so).
    var hasExited: Bool {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus != nil { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return true
        }
        return false
    }

    /// Waits for the program to exit and returns its status (128 + signal when killed).
    func waitForExit(timeout: TimeInterval = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while !hasExited {
            if Date() > deadline { throw Failure(description: "the program did not exit") }
            usleep(10_000)
        }
        // Let the reader take the last bytes.
        let readDeadline = Date().addingTimeInterval(5)
        while !reader.lock.withLock({ reader.done }) && Date() < readDeadline { usleep(5_000) }
        return lock.withLock { exitStatus! }
    }
}

/// The pseudo-terminal calls glibc has but the Glibc module does not import (they need
/// `_XOPEN_SOURCE`), declared by their C names.
private enum PTY {
    @_silgen_name("posix_openpt") static func openpt(_ flags: Int32) -> Int32
    @_silgen_name("grantpt") static func grantpt(_ fd: Int32) -> Int32
    @_silgen_name("unlockpt") static func unlockpt(_ fd: Int32) -> Int32
    @_silgen_name("ptsname_r") static func ptsname(_ fd: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ length: Int)
        -> Int32
    /// glibc's `POSIX_SPAWN_SETSID` (2.26 and later): the child starts a new session.
    static let spawnSetsid: Int32 = 0x80
}

extension PseudoTerminal {
    /// The terminal's line discipline modes as the program left them.
    func modes() -> termios {
        var modes = termios()
        _ = tcgetattr(masterDescriptor, &modes)
        return modes
    }

    /// Whether the terminal is in cooked mode with echo: what a shell expects to get back.
    var isCooked: Bool {
        let flags = modes().c_lflag
        return flags & tcflag_t(ICANON) != 0 && flags & tcflag_t(ECHO) != 0
    }
}
