import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The lines a running program writes into a pipe, taken one at a time as they come: each wait
/// polls the pipe with a deadline, so a program that stops writing fails the test instead of
/// hanging it.
final class PipeLines {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var ended = false

    /// Reads from `pipe`, whose writing end the program holds.
    init(_ pipe: Pipe) {
        descriptor = pipe.fileHandleForReading.fileDescriptor
    }

    /// The next whole line, without its newline; nil once the program closed its end and every
    /// line has been taken. Throws when no line comes within `timeout`.
    func next(timeout: Duration = .seconds(30)) throws -> String? {
        try next(before: ContinuousClock.now + timeout)
    }

    /// Every line still to come, until the program closes its end; throws when it has not
    /// closed it within `timeout`, however many lines came meanwhile.
    func rest(timeout: Duration = .seconds(30)) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var lines: [String] = []
        while let line = try next(before: deadline) { lines.append(line) }
        return lines
    }

    private func next(before deadline: ContinuousClock.Instant) throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if ended {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                let sofar = String(decoding: pending, as: UTF8.self)
                throw Failure(description: "the program neither wrote a whole line nor ended in time; so far: \(sofar)")
            }
            try readSome(waitingAtMost: left)
        }
    }

    private func readSome(waitingAtMost left: Duration) throws {
        let milliseconds = Int32(min(left / .milliseconds(1), 60_000).rounded(.up))
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, milliseconds)
        if ready < 0 && errno != EINTR { throw Failure(description: "poll failed: errno \(errno)") }
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            pending.append(contentsOf: buffer[..<count])
        } else if count == 0 {
            ended = true
        } else if errno != EINTR {
            throw Failure(description: "read failed: errno \(errno)")
        }
    }
}
