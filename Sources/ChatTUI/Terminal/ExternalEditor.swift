import ChatCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Edits a draft in the user's editor (`$VISUAL`, then `$EDITOR`, then `vi`): writes it to a
/// private temporary file, runs the editor on the terminal and waits, and reads the file back.
///
/// The caller gives the terminal up (`endwin()`) before and repaints after. The editor command
/// runs through `/bin/sh`, so `EDITOR="code --wait"` works as it does for git. The draft is read
/// back like every file chatterm reads: only a regular file, at most `draftLimit` bytes.
enum ExternalEditor {
    /// The largest edited draft read back: far beyond any prompt a server takes.
    static let draftLimit = 16 * 1024 * 1024

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The editor command from the environment.
    static func command(environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        return "vi"
    }

    /// Runs the editor on `text` and returns the edited text, without the final newline editors
    /// add. Throws when the file cannot be written or read, or the editor fails (a non-zero exit
    /// status, as from vi's `:cq`, keeps the draft as it was).
    static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> String
    {
        var template = Array((NSTemporaryDirectory() + "/chatterm-draft-XXXXXX.md").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) }
        guard descriptor >= 0 else { throw Failure(description: "cannot create a temporary file (errno \(errno))") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        // mkstemps creates the file with mode 0600.
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((text.isEmpty || text.hasSuffix("\n") ? text : text + "\n").utf8))
        try handle.close()

        let status = try run(["/bin/sh", "-c", command(environment: environment) + " \"$1\"", "sh", path], environment)
        guard status == 0 else {
            throw Failure(description: "the editor exited with status \(status); draft unchanged")
        }
        let data: Data
        switch RegularFile.read(path: path, limit: draftLimit) {
        case .success(let contents): data = contents.data
        case .failure(let failure):
            throw Failure(description: "cannot read the edited draft back: \(failure); draft unchanged")
        }
        var edited = String(decoding: data, as: UTF8.self)
        if edited.hasSuffix("\n") { edited.removeLast() }
        return edited
    }

    /// Spawns `arguments` on the inherited terminal and waits for it. The child starts with
    /// default signal handlers and no blocked signals: the app ignores SIGINT, SIGTERM and SIGHUP
    /// (it handles them through dispatch sources), and an editor must not inherit that.
    private static func run(_ arguments: [String], _ environment: [String: String]) throws -> Int32 {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGWINCH, SIGCONT] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], nil, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot run the editor (error \(result))") }
        var status: Int32 = 0
        TerminationWatchdog.lendingTerminal {
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
