import CTerminalGuard

/// The tty modes the terminal had before chatterm took it: the shell's. Saved once at start, in
/// C beside the crash guard, which puts them back when chatterm dies; Ctrl-Z puts them back
/// before the job stops.
///
/// `endwin()` restores ncurses' own copy of these modes, but not quite enough for a shell that
/// reads lines in the terminal's line mode (dash, Debian's /bin/sh) and restores nothing itself:
/// it keeps keys that arrived under chatterm's raw modes (an Enter typed right behind Ctrl-Z stays
/// a carriage return, which ends no line, so the next command the user types is glued to it), and
/// its copy is taken again whenever ncurses' own SIGTSTP handler resumes, from whatever modes the
/// shell left then.
enum ShellModes {
    /// Remembers the terminal's modes; call before `newterm` changes them.
    static func save() {
        chatterm_guard_save_modes()
    }

    /// Puts the saved modes back once the output so far has reached the terminal, and discards
    /// keys not read yet, as the terminal's own Ctrl-Z does.
    static func restoreDiscardingTypeAhead() {
        _ = chatterm_guard_restore_modes_discarding_input()
    }
}
