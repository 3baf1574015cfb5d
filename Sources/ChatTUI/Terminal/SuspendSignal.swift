import CTerminalGuard

/// SIGTSTP, the stop signal that comes from outside: in raw mode Ctrl-Z arrives as a key (see
/// `TerminalApp.suspend()`), but `kill -TSTP` and a Ctrl-Z typed while `$EDITOR` runs are
/// signals. ncurses' own handler gives the terminal back, stops, and redraws once continued; it
/// knows nothing of bracketed paste. `install` puts a handler in front of it (in C, with the
/// crash guard: a signal handler may only make async-signal-safe calls) that turns the mode off
/// before the stop and on again after.
enum SuspendSignal {
    /// Puts the handler in front of the current one (ncurses', after `newterm`).
    static func install(pasteOn: Bool) {
        chatterm_stop_guard_install(
            BracketedPaste.disable.description, pasteOn ? BracketedPaste.enable.description : "")
    }

    /// Puts the replaced handler back.
    static func uninstall() {
        chatterm_stop_guard_uninstall()
    }

    /// Whether SIGTSTP was ignored when chatterm started: then Ctrl-Z does not stop it either.
    static var isIgnored: Bool { chatterm_stop_ignored() != 0 }

    /// Stops chatterm with SIGTSTP, as the terminal's own Ctrl-Z stops a program that reads lines
    /// (the shell says "Stopped", where it says "Stopped (signal)" after SIGSTOP), past the
    /// handler `install` put in place; returns once continued. Only where the stop cannot be
    /// discarded (see `JobControl`, `isIgnored`).
    static func stopThisProcess() {
        chatterm_stop_thread()
    }

    /// Runs `body` (the external editor) with SIGTSTP's default action: a Ctrl-Z in the editor
    /// stops chatterm with it, as one job, and nothing draws over the editor when it goes on.
    static func withDefaultAction<T>(_ body: () throws -> T) rethrows -> T {
        chatterm_stop_guard_pause()
        defer { chatterm_stop_guard_resume() }
        return try body()
    }
}
