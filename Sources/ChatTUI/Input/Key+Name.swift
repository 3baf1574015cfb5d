/// How keys are written in the help and the README: "Ctrl-T", "Alt-Up", "PgUp", "Space".
extension Key {
    /// The key's name, or nil for what is not a key one presses (a paste, a resize, an unknown code).
    public var name: String? {
        switch self {
        case .text(" "): return "Space"
        case .text(let text): return text
        case .ctrl(let character): return "Ctrl-" + character.uppercased()
        case .alt(let character): return "Alt-" + character.uppercased()
        case .enter: return "Enter"
        case .altEnter: return "Alt-Enter"
        case .backspace: return "Backspace"
        case .altBackspace: return "Alt-Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .left: return "Left"
        case .right: return "Right"
        case .up: return "Up"
        case .down: return "Down"
        case .altUp: return "Alt-Up"
        case .altDown: return "Alt-Down"
        case .altLeft: return "Alt-Left"
        case .altRight: return "Alt-Right"
        case .shiftUp: return "Shift-Up"
        case .shiftDown: return "Shift-Down"
        case .ctrlUp: return "Ctrl-Up"
        case .ctrlDown: return "Ctrl-Down"
        case .home: return "Home"
        case .end: return "End"
        case .ctrlHome: return "Ctrl-Home"
        case .ctrlEnd: return "Ctrl-End"
        case .shiftEnd: return "Shift-End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let number): return "F\(number)"
        case .wheelUp: return "Wheel up"
        case .wheelDown: return "Wheel down"
        case .paste, .resize, .unknown: return nil
        }
    }
}
