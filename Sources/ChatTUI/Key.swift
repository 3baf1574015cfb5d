import CNcursesw

/// A key press as the app sees it, decoded from what `wget_wch` returns.
public enum Key: Sendable, Hashable {
    /// Printable text (one or more characters typed or pasted in one read).
    case text(String)
    /// A bracketed paste, whole: everything the terminal sent between its start and end markers,
    /// raw (line breaks as the terminal sent them, usually "\r"; control characters unfiltered).
    /// Never a command: whoever inserts it cleans it first.
    case paste(String)
    /// A control character: `control(0x03)` is Ctrl-C.
    case control(UInt8)
    case enter
    case backspace
    case delete
    case escape
    case left, right, up, down
    /// Alt-Up and Alt-Down (xterm's `ESC [1;3A` and `ESC [1;3B`), decoded through
    /// `ExtendedKeys`: previous and next message in the read-only view.
    case altUp, altDown
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
    /// Shift-End or Ctrl-End: the bottom of the conversation.
    case shiftEnd
    case tab
    case resize
    case function(Int)
    case unknown(Int32)

    /// Decodes one `wget_wch` result: `isKeyCode` is true when it returned `KEY_CODE_YES`.
    /// `extended` maps the codes ncurses assigns at run time (see `ExtendedKeys.load()`).
    static func decode(_ value: UInt32, isKeyCode: Bool, extended: ExtendedKeys = ExtendedKeys()) -> Key {
        if isKeyCode {
            if let key = extended.key(for: Int32(bitPattern: value)) { return key }
            switch Int32(bitPattern: value) {
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_SEND: return .shiftEnd
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_RESIZE: return .resize
            case let code where code >= chatterm_key_f(1) && code <= chatterm_key_f(24):
                return .function(Int(code - chatterm_key_f(0)))
            default: return .unknown(Int32(bitPattern: value))
            }
        }
        return decodeCharacter(value)
    }

    /// The Alt form of `key` when the terminal sent ESC immediately before it (ncurses hands the
    /// two over separately: 27, then the key), or nil when ESC and `key` are two presses.
    ///
    /// The app calls this only when the key after ESC was already waiting in the same read: a
    /// bare Esc has nothing behind it within ncurses' ESCDELAY, so it stays `.escape`.
    static func alt(after key: Key) -> Key? {
        switch key {
        case .text(let text) where text.count == 1: return .alt(text.first!)
        case .enter, .control(0x0A): return .altEnter
        case .backspace: return .altBackspace
        default: return nil
        }
    }

    private static func decodeCharacter(_ value: UInt32) -> Key {
        switch value {
        case 0x0D: return .enter
        // With `nonl()` Enter arrives as CR, so LF is Ctrl-J (a newline in the draft).
        case 0x0A: return .control(0x0A)
        case 0x7F, 0x08: return .backspace
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x00..<0x20: return .control(UInt8(value))
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int32(bitPattern: value)) }
            return .text(String(Character(scalar)))
        }
    }
}
