import CNcursesw

/// Display width in terminal cells, in ncurses' own model: a grapheme is as wide as the sum of
/// `max(0, wcwidth(scalar))` over its scalars. Using the same model as the curses surface keeps
/// what the layout measures and what the terminal draws in step.
///
/// `wcwidth` follows `LC_CTYPE`: the program must call `setlocale(LC_ALL, "")` (tests:
/// `setlocale(LC_ALL, "C.UTF-8")`) before measuring, or every non-ASCII scalar measures 0.
public enum TextWidth {
    /// The width of one grapheme: 0 for controls and lone combining marks, 1 or more otherwise.
    public static func of(_ c: Character) -> Int {
        if let ascii = c.asciiValue { return asciiWidth(ascii) }
        var width = 0
        for scalar in c.unicodeScalars { width += of(scalar: scalar) }
        return width
    }

    /// The width of a string: the sum of its graphemes' widths, which is the sum over its scalars.
    public static func of(_ s: some StringProtocol) -> Int {
        var width = 0
        var allASCII = true
        for byte in s.utf8 {
            if byte >= 0x80 {
                allASCII = false
                break
            }
            width += asciiWidth(byte)
        }
        if allASCII { return width }
        width = 0
        for scalar in s.unicodeScalars { width += of(scalar: scalar) }
        return width
    }

    /// The width of one scalar: `wcwidth` with -1 (non-printable) counted as 0.
    @inline(__always)
    static func of(scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x80 { return asciiWidth(UInt8(truncatingIfNeeded: value)) }
        return max(0, Int(chatterm_wcwidth(value)))
    }

    @inline(__always)
    private static func asciiWidth(_ byte: UInt8) -> Int {
        byte >= 0x20 && byte < 0x7F ? 1 : 0
    }

    /// `s` cut to at most `width` cells, ending in "…" when something was cut (spaces before it
    /// are dropped). Never splits a
    /// grapheme; the result may be one cell short of `width` when a wide grapheme would straddle it.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let budget = width - 1  // room left for the text before "…", which is one cell wide
        var result = ""
        var used = 0
        for character in s {
            let w = of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        while result.last == " " { result.removeLast() }
        result.append("…")
        return result
    }
}
