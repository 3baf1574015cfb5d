import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTSTP, the stop signal that comes from outside: in raw mode Ctrl-Z arrives as a key (see
/// `TerminalApp.suspend()`), but `kill -TSTP` and a Ctrl-Z typed while `$EDITOR` runs are
/// signals. ncurses' own handler gives the terminal back, stops, and redraws once continued; it
/// knows nothing of bracketed paste. `install` puts a handler in front of it that turns the
/// mode off before and on again after.
///
/// The state is global because a signal handler can reach nothing else, and the handler only
/// calls `write(2)` and the handler it replaced.
enum SuspendSignal {
    /// Whether bracketed paste is to be turned on again after a stop.
    nonisolated(unsafe) fileprivate static var pasteOn = false
    nonisolated(unsafe) private static var installed = false

    /// Puts the handler in front of the current one (ncurses', after `newterm`).
    static func install(pasteOn: Bool) {
        Self.pasteOn = pasteOn
        ownAction.initialize(to: sigaction())
        ownAction.pointee.__sigaction_handler.sa_handler = handleStop
        ownAction.pointee.sa_flags = SA_RESTART
        sigemptyset(&ownAction.pointee.sa_mask)
        previousAction.initialize(to: sigaction())
        installed = sigaction(SIGTSTP, ownAction, previousAction) == 0
    }

    /// Puts the replaced handler back.
    static func uninstall() {
        guard installed else { return }
        installed = false
        sigaction(SIGTSTP, previousAction, nil)
    }

    /// Runs `body` (the external editor) with SIGTSTP's default action: a Ctrl-Z in the editor
    /// stops chatterm with it, as one job, and nothing draws over the editor when it goes on.
    static func withDefaultAction<T>(_ body: () throws -> T) rethrows -> T {
        let saved = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        saved.initialize(to: sigaction())
        defer {
            sigaction(SIGTSTP, saved, nil)
            saved.deallocate()
        }
        var plain = sigaction()
        sigemptyset(&plain.sa_mask)
        sigaction(SIGTSTP, &plain, saved)
        return try body()
    }
}

// In memory of their own: this Swift overwrites the neighbours of a global `sigaction` value
// when one is assigned, so the actions are kept behind pointers.
nonisolated(unsafe) private let ownAction = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
nonisolated(unsafe) private let previousAction = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)

private func handleStop(_ signal: Int32) {
    let off = BracketedPaste.disable
    _ = write(STDOUT_FILENO, off.utf8Start, off.utf8CodeUnitCount)
    let previous = previousAction.pointee
    if previous.sa_flags & SA_SIGINFO != 0, let handler = previous.__sigaction_handler.sa_sigaction {
        handler(signal, nil, nil)
    } else if let handler = previous.__sigaction_handler.sa_handler {
        // SIG_IGN is the handler at address 1: ignore, as it would.
        if unsafeBitCast(handler, to: Int.self) != 1 { handler(signal) }
    } else {
        // The default action, stopping; then this handler again once continued.
        var plain = sigaction()
        sigemptyset(&plain.sa_mask)
        sigaction(SIGTSTP, &plain, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        kill(getpid(), SIGTSTP)
        sigaction(SIGTSTP, ownAction, nil)
    }
    if SuspendSignal.pasteOn {
        let on = BracketedPaste.enable
        _ = write(STDOUT_FILENO, on.utf8Start, on.utf8CodeUnitCount)
    }
}
