import CNcursesw

/// Decoding what `wget_wch` returns: the terminal layer's side of `Key`.
extension Key {
    /// Decodes one `wget_wch` result: `isKeyCode` is true when it returned `KEY_CODE_YES`.
    /// `extended` maps the codes ncurses assigns at run time (see `ExtendedKeys.load()`).
    static func decode(_ value: UInt32, isKeyCode: Bool, extended: ExtendedKeys = ExtendedKeys()) -> Key {
        guard isKeyCode else { return character(value) }
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

    /// The key for a character the terminal sent (not a curses key code).
    static func character(_ value: UInt32) -> Key {
        switch value {
        case 0x0D: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x1B: return .escape
        case 0x09: return .tab
        // With `nonl()` Enter arrives as CR, so LF is Ctrl-J (a newline in the draft).
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 0x00, 0x1C...0x1F: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x40)))
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int32(bitPattern: value)) }
            return .text(String(Character(scalar)))
        }
    }
}
