import CNcursesw

/// Keys that have no fixed `KEY_` constant in ncurses: modified arrows such as Alt-Up. ncurses
/// gives them codes at run time, from the terminal's terminfo entry (`kUP3`, `kDN3`); this type
/// finds those codes once so that `Key.decode` can name them.
///
/// How the app uses it: call `ExtendedKeys.load()` once after `newterm` and `keypad(…, true)`,
/// keep the result, and pass it to every `Key.decode(_:isKeyCode:extended:)`. Without it the
/// keys simply decode as `.unknown`.
public struct ExtendedKeys: Sendable, Hashable {
    private var keys: [Int32: Key]

    /// No extended keys: every run-time code decodes as `.unknown`.
    public init() {
        keys = [:]
    }

    init(keys: [Int32: Key]) {
        self.keys = keys
    }

    /// The key for a run-time code, or nil when the code is not one of ours.
    func key(for code: Int32) -> Key? { keys[code] }

    /// The terminfo capability, xterm's sequence (used when terminfo does not know the key, as
    /// with `TERM=screen`), and the key each stands for.
    private static let wanted: [(capability: String, sequence: String, key: Key)] = [
        ("kUP3", "\u{1B}[1;3A", .altUp),
        ("kDN3", "\u{1B}[1;3B", .altDown),
        ("kLFT3", "\u{1B}[1;3D", .altLeft),
        ("kRIT3", "\u{1B}[1;3C", .altRight),
        ("kUP2", "\u{1B}[1;2A", .shiftUp),
        ("kDN2", "\u{1B}[1;2B", .shiftDown),
        ("kUP5", "\u{1B}[1;5A", .ctrlUp),
        ("kDN5", "\u{1B}[1;5B", .ctrlDown),
        ("kHOM5", "\u{1B}[1;5H", .ctrlHome),
        ("kEND5", "\u{1B}[1;5F", .ctrlEnd),
    ]

    /// Reads the codes from the current terminal. Must run on the main actor after curses is
    /// initialised; a key terminfo does not describe gets xterm's sequence bound to a private
    /// code with `define_key`.
    @MainActor
    public static func load() -> ExtendedKeys {
        var keys: [Int32: Key] = [:]
        for (index, entry) in wanted.enumerated() {
            var code: Int32 = 0
            if let sequence = tigetstr(entry.capability), Int(bitPattern: sequence) != -1 {
                code = key_defined(sequence)
            }
            if code <= 0 {
                code = key_defined(entry.sequence)
            }
            if code == 0 {
                // Above ncurses' own run-time codes, which start at KEY_MAX + 1 and number a few
                // hundred at most.
                let privateCode = KEY_MAX + 0x400 + Int32(index)
                if define_key(entry.sequence, privateCode) == OK { code = privateCode }
            }
            if code > 0 { keys[code] = entry.key }
        }
        return ExtendedKeys(keys: keys)
    }
}
