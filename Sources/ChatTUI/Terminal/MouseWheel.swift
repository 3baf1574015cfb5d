import CNcursesw

/// Scrolling with the mouse wheel (`mouse = true`, off by default): ncurses is asked for the
/// wheel's steps alone (xterm's buttons 4 and 5) and turns mouse reporting on in the terminal
/// (the terminfo entry's `XM`, which is SGR mode 1006 with 1000 for xterm's, else mode 1000) and
/// off again at every `endwin`: quitting, Ctrl-Z and `$EDITOR`. Its next frame turns it back
/// on. A crash or the termination watchdog cannot ask ncurses: their reset bytes hold `disable`.
///
/// While it is on, a click or a drag goes to chatterm, which ignores it, so the terminal's own
/// selection needs Shift-drag (Option-drag in macOS Terminal and iTerm2).
@MainActor
enum MouseWheel {
    /// Mouse reporting off, in both forms ncurses may have turned on.
    static let disable = "\u{1B}[?1006l\u{1B}[?1000l"

    /// Asks for wheel steps, reported at once (no wait to tell a click from a press); false
    /// when the terminal has no mouse.
    @discardableResult
    static func switchOn() -> Bool {
        mouseinterval(0)
        var previous: mmask_t = 0
        return mousemask(chatterm_wheel_up_mask() | chatterm_wheel_down_mask(), &previous) != 0
    }

    /// The wheel step behind a `KEY_MOUSE`, nil for any other mouse event.
    static func read() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        if event.bstate & chatterm_wheel_up_mask() != 0 { return .wheelUp }
        if event.bstate & chatterm_wheel_down_mask() != 0 { return .wheelDown }
        return nil
    }
}
