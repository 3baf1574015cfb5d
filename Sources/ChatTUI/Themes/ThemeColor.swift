/// A colour as a theme writes it: the terminal's own default, an entry of the terminal's palette
/// (0–15 are the ANSI colours the user may have set up, 16–255 xterm's fixed cube and greys), or
/// an exact RGB value. How it reaches the screen depends on the terminal: see `ColorMapping`.
public enum ThemeColor: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own foreground or background (`default`).
    case terminalDefault
    /// A palette index, 0–255 (`red`, `bright-blue`, `208`).
    case index(Int)
    /// An exact colour (`#ff8700`).
    case rgb(RGB)

    /// A colour's red, green and blue components.
    public struct RGB: Sendable, Hashable, CustomStringConvertible {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8

        public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        /// `0xRRGGBB`.
        public init(hex: Int) {
            self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
        }

        /// `0xRRGGBB`, the form direct-colour terminfo entries take.
        public var hex: Int { Int(red) << 16 | Int(green) << 8 | Int(blue) }

        /// `#rrggbb`.
        public var description: String {
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The names of palette entries 0–15, as written in theme files.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
        "bright-white",
    ]

    /// What a theme file may write, for error messages.
    public static let syntaxHelp = "a name (default, red, bright-blue, …), an index 0–255 or \"#rrggbb\""

    /// Parses a colour name, `#rrggbb` or a decimal index written as a string; nil when it is none.
    public init?(parsing text: String) {
        let lowered = text.lowercased()
        if lowered == "default" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: lowered) {
            self = .index(index)
        } else if lowered.hasPrefix("#"), lowered.count == 7,
            lowered.dropFirst().allSatisfy(\.isHexDigit), let value = Int(lowered.dropFirst(), radix: 16)
        {
            self = .rgb(RGB(hex: value))
        } else if !lowered.isEmpty, lowered.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(lowered),
            (0...255).contains(index)
        {
            self = .index(index)
        } else {
            return nil
        }
    }

    /// As a theme file writes it: `default`, a name for 0–15, the index above, or `#rrggbb`.
    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .index(let index): return index < Self.names.count ? Self.names[index] : String(index)
        case .rgb(let rgb): return rgb.description
        }
    }
}

extension ThemeColor {
    // The eight ANSI colours by name, for the built-in theme.
    static let black = ThemeColor.index(0)
    static let red = ThemeColor.index(1)
    static let green = ThemeColor.index(2)
    static let yellow = ThemeColor.index(3)
    static let blue = ThemeColor.index(4)
    static let magenta = ThemeColor.index(5)
    static let cyan = ThemeColor.index(6)
    static let white = ThemeColor.index(7)
}
