import CNcursesw

/// Bracketed paste (xterm's mode 2004): while it is on, the terminal sends a paste between
/// `ESC [200~` and `ESC [201~`, so a pasted Enter is text and never sends the prompt.
///
/// How the app uses it: `load()` once after `newterm` and `keypad(…, true)` binds the two
/// markers to key codes of ours; `switchOn()` at start and after every return to the terminal,
/// `switchOff()` at every departure (quit, signals, Ctrl-Z, `$EDITOR`), so a shell never
/// receives markers it did not ask for.
///
/// After the start marker the app reads standard input itself, 64 KB at a time, and gives the
/// bytes to `TerminalInput`, which collects the paste. This is safe because ncurses reads no
/// further than the end of the marker it returns, so the paste's bytes are all still in the
/// terminal.
public struct BracketedPaste: Sendable {
    /// Turns the mode on. A `StaticString`, so that a signal handler can write it without
    /// allocating (`utf8Start`, `utf8CodeUnitCount`).
    public static let enable: StaticString = "\u{1B}[?2004h"
    /// Turns the mode off; a crash handler restoring the terminal writes it too.
    public static let disable: StaticString = "\u{1B}[?2004l"

    /// The key codes `wget_wch` returns for the markers; nil before `load()`, or when ncurses
    /// would not bind them.
    let startCode: Int32?
    let endCode: Int32?

    init(startCode: Int32? = nil, endCode: Int32? = nil) {
        self.startCode = startCode
        self.endCode = endCode
    }

    /// Binds the markers to key codes for the current terminal: terminfo's own code when it has
    /// one, else a private code above ExtendedKeys' (`KEY_MAX + 0x400 …`). Must run on the main
    /// actor after curses is initialised.
    @MainActor
    static func load() -> BracketedPaste {
        func code(for sequence: String, privateCode: Int32) -> Int32? {
            let defined = key_defined(sequence)
            if defined > 0 { return defined }
            return define_key(sequence, privateCode) == OK ? privateCode : nil
        }
        return BracketedPaste(
            startCode: code(for: TerminalInput.pasteStartMarker, privateCode: KEY_MAX + 0x480),
            endCode: code(for: TerminalInput.pasteEndMarker, privateCode: KEY_MAX + 0x481))
    }

    /// Whether both markers have key codes: otherwise the mode stays off, as a marker ncurses
    /// cannot name would reach the draft as Alt-[ and "200~".
    var isAvailable: Bool { startCode != nil && endCode != nil }

    /// Turns the mode on in the terminal, when the markers can be read.
    func switchOn() {
        if isAvailable { TerminalOutput.write(Self.enable) }
    }

    /// Turns the mode off in the terminal.
    static func switchOff() {
        TerminalOutput.write(disable)
    }

    /// Whether a `wget_wch` result is the start marker.
    func isStart(_ value: UInt32, isKeyCode: Bool) -> Bool {
        isKeyCode && isAvailable && Int32(bitPattern: value) == startCode
    }
}
