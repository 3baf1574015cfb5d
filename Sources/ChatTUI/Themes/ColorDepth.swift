/// How many colours the terminal can show, which decides how a theme's colours are sent (see
/// `ColorMapping`).
public enum ColorDepth: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Any RGB value (a direct-colour terminfo entry, or COLORTERM=truecolor for escape codes).
    case trueColor
    /// xterm's 256: the 16 ANSI colours, a 6×6×6 cube and 24 greys.
    case colors256
    /// The 8 ANSI colours and their bright forms.
    case colors16
    /// The 8 ANSI colours.
    case colors8
    /// Attributes only: NO_COLOR, `--no-color`, or a terminal without colours.
    case monochrome

    /// Who turns colours into bytes: curses needs a terminfo entry that can send RGB values;
    /// escape sequences written by chatterm itself only need the terminal to understand them.
    public enum Output: Sendable {
        case curses
        case escapeSequences
    }

    /// The depth to draw with.
    ///
    /// - Parameters:
    ///   - colors: the terminfo entry's colour count (`COLORS` after `start_color`; -1 or 0 when
    ///     it has none).
    ///   - directColor: whether the entry takes RGB values (ncurses 6.4: the `RGB` flag, or
    ///     2^24 colours or more).
    ///   - colorTerm: `COLORTERM`; `truecolor` or `24bit` promise RGB escape sequences.
    ///   - colorAllowed: false for `--no-color` or `NO_COLOR` (`Settings.color`).
    ///   - output: curses only sends RGB through a direct-colour entry, so for it COLORTERM
    ///     matters only in choosing the entry (`terminfoEntry`).
    public static func decide(
        colors: Int, directColor: Bool, colorTerm: String?, colorAllowed: Bool, output: Output = .curses
    ) -> ColorDepth {
        if !colorAllowed || colors < 8 { return .monochrome }
        if directColor || colors >= 1 << 24 { return .trueColor }
        if output == .escapeSequences && promisesTrueColor(colorTerm) { return .trueColor }
        if colors >= 256 { return .colors256 }
        if colors >= 16 { return .colors16 }
        return .colors8
    }

    /// Whether COLORTERM says the terminal takes 24-bit colour.
    public static func promisesTrueColor(_ colorTerm: String?) -> Bool {
        guard let value = colorTerm?.lowercased() else { return false }
        return value == "truecolor" || value == "24bit"
    }

    /// The `-direct` terminfo entry of the same terminal family: `xterm-256color` →
    /// `xterm-direct`, `tmux-256color` → `tmux-direct`, `xterm` → `xterm-direct`; nil for an entry
    /// that already is one.
    public static func directSibling(of term: String) -> String? {
        guard !term.isEmpty, !term.hasSuffix("-direct") else { return nil }
        var family = Substring(term)
        for suffix in ["-256color", "-88color", "-16color", "-color"] where family.hasSuffix(suffix) {
            family = family.dropLast(suffix.count)
            break
        }
        return family + "-direct"
    }

    /// The terminfo entry curses should open: `term`, unless COLORTERM promises 24-bit colour,
    /// `term`'s entry cannot send RGB and its `-direct` sibling can. `describe` reads an entry:
    /// its colour count and whether it takes RGB values, nil when there is no such entry.
    public static func terminfoEntry(
        term: String, colorTerm: String?, describe: (String) -> (colors: Int, directColor: Bool)?
    ) -> String {
        guard promisesTrueColor(colorTerm), let sibling = directSibling(of: term) else { return term }
        if let own = describe(term), own.directColor || own.colors >= 1 << 24 { return term }
        guard let direct = describe(sibling), direct.directColor || direct.colors >= 1 << 24 else { return term }
        return sibling
    }

    public var description: String {
        switch self {
        case .trueColor: return "24-bit colour"
        case .colors256: return "256 colours"
        case .colors16: return "16 colours"
        case .colors8: return "8 colours"
        case .monochrome: return "no colour"
        }
    }
}
