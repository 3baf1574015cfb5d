import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `api_key_cmd`: a command that prints the API key, such as `pass show llm/openai`, run with
/// `/bin/sh -c` once per run (`key(for:)` remembers what it printed), its standard input
/// /dev/null. The key is the first line of its standard output, without the blanks around it.
///
/// It is bounded: a command still running after `timeout` (one waiting for a passphrase that
/// nobody types, say) is killed with everything it started; one that prints more than
/// `longestOutput` is killed too. Its failure is said in its own words: the exit status and the
/// first line of its standard error. The key itself is never part of a failure's text.
public enum KeyCommand {
    /// The longest a command may take.
    public static let timeout: Double = 30
    /// The most of its standard output that is read: a key is a line.
    public static let longestOutput = 64 * 1024
    /// The most of its standard error that is kept, for its first line.
    static let longestError = 4 * 1024

    /// Why the command gave no key.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    private static let remembered = Mutex<[String: Result<String, Failure>]>([:])

    /// The key `command` prints, running it only the first time this process asks.
    public static func key(for command: String) -> Result<String, Failure> {
        if let known = remembered.withLock({ $0[command] }) { return known }
        let result = run(command)
        remembered.withLock { $0[command] = result }
        return result
    }

    /// Runs `command` and returns the first line it printed, or why there is none.
    public static func run(_ command: String, timeout: Double = timeout) -> Result<String, Failure> {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard makePipe(&output) else { return .failure(Failure(description: systemError("pipe"))) }
        guard makePipe(&errors) else {
            close(output[0])
            close(output[1])
            return .failure(Failure(description: systemError("pipe")))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own, so that a timeout kills what the shell started too; signals as a
        // shell would have them, whatever chatterm ignores or blocks.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(output[1])
        close(errors[1])
        defer {
            close(output[0])
            close(errors[0])
        }
        guard spawned == 0 else {
            return .failure(Failure(description: "cannot run /bin/sh: \(String(cString: strerror(spawned)))"))
        }
        let (out, err, ending, exited) = collect(output: output[0], errors: errors[0], of: pid, timeout: timeout)
        if ending != nil { kill(-pid, SIGKILL) }
        var status: Int32 = exited ?? 0
        if exited == nil { while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
        let said = firstLine(of: err).map { ": " + $0 } ?? ""
        switch ending {
        case .timedOut:
            return .failure(
                Failure(
                    description:
                        "it did not finish within \(seconds(timeout)) (is it waiting for a passphrase? it cannot read the terminal)"
                ))
        case .tooLong:
            return .failure(Failure(description: "it printed more than \(longestOutput / 1024) KiB: a key is one line"))
        case nil:
            break
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        if status & 0x7F != 0 {
            return .failure(Failure(description: "it was killed by signal \(status & 0x7F)\(said)"))
        }
        let code = (status >> 8) & 0xFF
        guard code == 0 else { return .failure(Failure(description: "it exited with status \(code)\(said)")) }
        guard let key = firstLine(of: out) else {
            return .failure(Failure(description: "it printed no key (its first line is empty)\(said)"))
        }
        return .success(key)
    }

    /// A pipe whose ends the command does not inherit (its own are dup2'd into place).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private enum Ending {
        case timedOut
        case tooLong
    }

    /// Reads both pipes to their ends, within `timeout` and the limits; once `pid` has exited,
    /// only what is already there (a daemon it started may hold the pipes open), and its wait
    /// status.
    private static func collect(output: Int32, errors: Int32, of pid: pid_t, timeout: Double)
        -> ([UInt8], [UInt8], Ending?, Int32?)
    {
        let deadline = Date().addingTimeInterval(timeout)
        var out: [UInt8] = []
        var err: [UInt8] = []
        var open: [Int32] = [output, errors]
        var buffer = [UInt8](repeating: 0, count: 4096)
        var exited: Int32?
        while !open.isEmpty {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (out, err, .timedOut, exited) }
            if exited == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exited = status }
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), exited == nil ? Int32(min(left * 1000 + 1, 100)) : 0)
            if ready < 0 && errno != EINTR { break }
            if ready == 0 && exited != nil { break }
            for descriptor in fds where descriptor.revents != 0 {
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count <= 0 {
                    if count == 0 || errno != EINTR && errno != EAGAIN { open.removeAll { $0 == descriptor.fd } }
                    continue
                }
                if descriptor.fd == output {
                    out += buffer[..<count]
                    if out.count > longestOutput { return (out, err, .tooLong, exited) }
                } else if err.count < longestError {
                    err += buffer[..<min(count, longestError - err.count)]
                }
            }
        }
        return (out, err, nil, exited)
    }

    /// The first line of `bytes` without the blanks around it, or nil when it is empty.
    private static func firstLine(of bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func seconds(_ value: Double) -> String {
        (value == value.rounded() ? String(Int(value)) : String(value)) + " s"
    }

    private static func systemError(_ call: String) -> String {
        "\(call): \(String(cString: strerror(errno)))"
    }
}
