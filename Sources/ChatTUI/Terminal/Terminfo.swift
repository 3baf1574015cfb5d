import CNcursesw

/// What terminfo says about a terminal's colours, read without taking the terminal over.
public enum Terminfo {
    /// The colour count of entry `name` (-1 when it has none) and whether it takes RGB values;
    /// nil when there is no such entry. On the main actor: it briefly sets curses' current
    /// terminal.
    @MainActor
    public static func describe(_ name: String) -> (colors: Int, directColor: Bool)? {
        var colors: Int32 = -1
        var direct: Int32 = 0
        guard chatterm_describe_terminfo(name, &colors, &direct) == 0 else { return nil }
        return (Int(colors), direct != 0)
    }

    /// The colour depth of the terminal curses has opened: starts curses' colours unless they
    /// are not wanted or the terminal has none, then decides with `ColorDepth.decide`.
    @MainActor
    static func startColors(useColor: Bool) -> ColorDepth {
        guard useColor, has_colors() else { return .monochrome }
        start_color()
        use_default_colors()
        let colors = Int(chatterm_colors())
        return ColorDepth.decide(
            colors: colors, directColor: chatterm_has_rgb_flag() != 0, colorTerm: nil, colorAllowed: true)
    }
}
