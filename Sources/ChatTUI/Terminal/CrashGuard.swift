import CNcursesw
import CTerminalGuard

/// Gives the terminal back when chatterm dies of a fatal signal (a crash, an abort, SIGQUIT)
/// while curses owns it: without this the user's shell is left in raw mode on the alternate
/// screen with no cursor. SIGTERM, SIGHUP and SIGINT are not crashes: `TerminalApp` handles them
/// and quits cleanly.
@MainActor
enum CrashGuard {
    /// Modes chatterm turns on itself, which terminfo's resets do not cover: bracketed paste, and
    /// mouse reporting when the wheel scrolls (`mouse = true`).
    static func modeResets(mouse: Bool) -> String {
        BracketedPaste.disable.description + (mouse ? MouseWheel.disable : "")
    }

    /// Installs the handlers with this terminal's reset sequences (attributes off, cursor
    /// visible, keypad off, alternate screen left), which restore `ShellModes` too; call once
    /// curses has loaded the terminal; `mouse` when mouse reporting is asked for.
    static func arm(mouse: Bool) {
        var reset = ""
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            reset += String(cString: value)
        }
        chatterm_guard_arm(reset + modeResets(mouse: mouse) + "\r\n")
    }

    /// Puts the previous handlers back once the terminal has been given back.
    static func disarm() {
        chatterm_guard_disarm()
    }
}
