/// How text is drawn when the locale is not UTF-8 and the terminal cannot be trusted with
/// anything but ASCII: chatterm's own drawing glyphs (rules, bullets, arrows, marks) become
/// look-alike ASCII, and any other non-ASCII character becomes "?" in each cell it would fill,
/// so the layout, measured in a UTF-8 locale, still lines up.
public enum ASCIIFallback {
    /// The ASCII stand-in for `character`, `width` cells wide (`width` is what `TextWidth`
    /// measured). ASCII characters are themselves.
    public static func text(for character: Character, width: Int) -> String {
        if character.isASCII { return String(character) }
        guard width > 0 else { return "" }
        if width == 1, let scalar = character.unicodeScalars.first, let glyph = glyphs[scalar] {
            return String(glyph)
        }
        // The attachment clip, two cells wide.
        if width == 2 && character == "📎" { return "+ " }
        return String(repeating: "?", count: width)
    }

    /// `s` with every character replaced by `text(for:width:)`.
    public static func text(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        var result = ""
        for character in s { result += text(for: character, width: TextWidth.of(character)) }
        return result
    }

    private static let glyphs: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [
            "·": ".", "…": "~", "─": "-", "│": "|", "┼": "+", "╭": "+", "“": "\"", "”": "\"", "‘": "'", "’": "'",
            "◌": "o", "↪": ">", "›": ">", "→": ">", "▸": ">", "▶": ">", "↓": "v", "↻": "@", "✓": "v", "✗": "x",
            "⚠": "!", "◦": "o", "•": "*", "▪": "*", "●": "*", "■": "#", "\u{FFFD}": "?", "–": "-", "—": "-",
        ]
        // Control Pictures, which the sanitiser draws for control characters.
        for value in UInt32(0x2400)...0x2421 { table[Unicode.Scalar(value)!] = "^" }
        return table
    }()
}
