import CNcursesw
import Foundation

/// What the controller asks of the terminal: repaints, Ctrl-Z, the external editor, the palette,
/// bytes after a frame.
extension TerminalApp: ChatHost {
    public func repaint(clearingTheTerminal: Bool) {
        surface?.invalidate()
        if clearingTheTerminal { clearok(chatterm_stdscr(), true) }
    }

    /// Ctrl-Z: gives the terminal back in the shell's modes, stops like any job (the other
    /// processes of chatterm's process group too, as the terminal's own Ctrl-Z would), and takes
    /// the terminal back and repaints once continued (`fg`). Where no shell could continue it,
    /// it keeps the terminal and says why.
    public func suspend() -> String? {
        let job = JobControl.current()
        if SuspendSignal.isIgnored || job?.isOrphaned == true {
            return
                "\(KeyTable.keyNames(.chat(.suspend))) cannot suspend chatterm here: no job-control shell to return to"
        }
        releaseTerminal()
        ShellModes.restoreDiscardingTypeAhead()
        for member in job?.otherMembers ?? [] { kill(member, SIGTSTP) }
        ownStopsAwaitingContinue += 1
        SuspendSignal.stopThisProcess()
        resumed()
        return nil
    }

    /// Gives the terminal to `$VISUAL`/`$EDITOR` with the draft, then takes it back and repaints
    /// everything.
    public func editExternally(_ draft: String) throws -> String {
        releaseTerminal()
        defer { resumed() }
        return try SuspendSignal.withDefaultAction { try ExternalEditor.edit(draft) }
    }

    public func apply(_ theme: Theme) {
        guard let surface else { return }
        surface.replace(palette: Palette(theme: theme, depth: controller.colorDepth))
        clearok(chatterm_stdscr(), true)
        requestFrame()
    }

    public func writeAfterFrame(_ bytes: [UInt8]) {
        afterFrameOutput += bytes
        requestFrame()
    }

    /// Gives the terminal back for a while (Ctrl-Z, `$EDITOR`) as the shell expects it: curses'
    /// modes undone and bracketed paste off. `resumed()` takes it again.
    func releaseTerminal() {
        endwin()
        BracketedPaste.switchOff()
    }
}
