/// A key press as the app sees it: named, never a raw byte. The terminal layer decodes curses'
/// codes into keys (`Key+Curses`), `TerminalInput` joins ESC with the key behind it and collects
/// bracketed pastes, and `KeyTable` says what each key does where.
public enum Key: Sendable, Hashable {
    /// Printable text (one or more characters typed or pasted in one read).
    case text(String)
    /// A bracketed paste, whole: everything the terminal sent between its start and end markers,
    /// raw (line breaks as the terminal sent them, usually "\r"; control characters unfiltered).
    /// Never a command: whoever inserts it cleans it first.
    case paste(String)
    /// A control character, by the key typed with Ctrl: `.ctrl("c")` is Ctrl-C (0x03), `.ctrl("_")`
    /// is Ctrl-_ (0x1F). Letters are lowercase. Ctrl-I, Ctrl-M, Ctrl-H and Ctrl-[ arrive as Tab,
    /// Enter, Backspace and Esc; Ctrl-J (a line feed) stays `.ctrl("j")`.
    case ctrl(Character)
    case enter
    case backspace
    case delete
    case escape
    case left, right, up, down
    /// Alt-Up and Alt-Down (xterm's `ESC [1;3A` and `ESC [1;3B`), decoded through
    /// `ExtendedKeys`: previous and next message in the read-only view.
    case altUp, altDown
    /// Alt-Left and Alt-Right (xterm's `ESC [1;3D` and `ESC [1;3C`, or ESC then the arrow, as
    /// tmux without `xterm-keys` and terminals whose Option key sends ESC send them): the previous
    /// and next alternative of a message.
    case altLeft, altRight
    /// Shift-Up/Down and Ctrl-Up/Down (terminfo `kUP2`/`kDN2`, `kUP5`/`kDN5`): scroll the
    /// conversation by a line while Up and Down belong to the input editor.
    case shiftUp, shiftDown, ctrlUp, ctrlDown
    /// Ctrl-Home / Ctrl-End: the start and the end of the conversation.
    case ctrlHome, ctrlEnd
    /// A printable character typed with Alt (Meta): the terminal sends ESC then the character.
    case alt(Character)
    /// Alt-Enter (ESC then CR): a newline in the draft.
    case altEnter
    /// Alt-Backspace (ESC then DEL): kill the word before the cursor.
    case altBackspace
    case home, end
    case pageUp, pageDown
    /// Shift-End: the bottom of the conversation.
    case shiftEnd
    case tab
    case resize
    case function(Int)
    /// A step of the mouse wheel (xterm's buttons 4 and 5), reported only with `mouse = true`.
    case wheelUp, wheelDown
    case unknown(Int32)

    /// The Alt form of `key` when the terminal sent ESC immediately before it (curses hands the
    /// two over separately: ESC, then the key), or nil when ESC and `key` are two presses.
    static func alt(after key: Key) -> Key? {
        switch key {
        case .text(let text) where text.count == 1: return .alt(text.first!)
        case .enter, .ctrl("j"): return .altEnter
        case .backspace: return .altBackspace
        case .left: return .altLeft
        case .right: return .altRight
        default: return nil
        }
    }
}
