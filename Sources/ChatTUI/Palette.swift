import CNcursesw

/// How each `StyleRole` looks on this terminal: curses attributes and a colour pair. The themes
/// issue replaces the built-in table with theme files; the surface only asks this type.
@MainActor
public final class Palette {
    /// Attributes and colour pair for one role.
    public struct Style: Sendable {
        public var attributes: attr_t
        public var pair: Int16
    }

    private var styles: [Style]

    /// Builds the palette for the current terminal; call after curses is initialised.
    /// With `useColor` false (or a terminal without colours) only attributes are used.
    public init(useColor: Bool) {
        let bold = chatterm_a_bold()
        let dim = chatterm_a_dim()
        let reverse = chatterm_a_reverse()
        let normal = chatterm_a_normal()
        let underline = chatterm_a_underline()
        let italic = chatterm_a_italic()
        // (role, attributes without colour, foreground, background) with -1 as the default colour.
        let table: [(StyleRole, attr_t, Int16, Int16)] = [
            (.plain, normal, -1, -1),
            (.userLabel, bold, Int16(COLOR_CYAN), -1),
            (.userText, normal, -1, -1),
            (.assistantLabel, bold, Int16(COLOR_GREEN), -1),
            (.assistantText, normal, -1, -1),
            (.systemLabel, bold, Int16(COLOR_MAGENTA), -1),
            (.systemText, dim, -1, -1),
            (.reasoning, dim, -1, -1),
            (.error, bold, Int16(COLOR_RED), -1),
            (.dim, dim, -1, -1),
            (.marker, reverse, Int16(COLOR_YELLOW), -1),
            (.inputPrompt, bold, Int16(COLOR_CYAN), -1),
            (.inputText, normal, -1, -1),
            (.statusReady, reverse, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
            (.statusBusy, reverse, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
            (.statusWarning, reverse | bold, Int16(COLOR_BLACK), Int16(COLOR_MAGENTA)),
            (.statusDone, reverse, Int16(COLOR_BLACK), Int16(COLOR_GREEN)),
            (.statusError, reverse | bold, Int16(COLOR_WHITE), Int16(COLOR_RED)),
            (.statusInfo, reverse, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
            (.overlayTitle, reverse | bold, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
            // Reverse in the terminal's own colours reads as a selection on any background.
            (.selection, reverse, -1, -1),
            (.searchMatch, bold | underline, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
            (.selectionMatch, reverse | bold | underline, -1, -1),
            // Markdown. Without colours: bold headings, reversed code, underlined links.
            (.heading, bold | underline, Int16(COLOR_YELLOW), -1),
            (.strong, bold, -1, -1),
            (.emphasis, italic, -1, -1),
            (.inlineCode, reverse, Int16(COLOR_CYAN), -1),
            // A background of its own; only the monochrome fallback leaves code in plain text,
            // where its header row and continuation marks set it apart.
            (.codeBlock, normal, Int16(COLOR_WHITE), Int16(COLOR_BLACK)),
            (.codeHeader, dim, Int16(COLOR_CYAN), Int16(COLOR_BLACK)),
            (.link, underline, Int16(COLOR_BLUE), -1),
            (.quote, dim, Int16(COLOR_GREEN), -1),
        ]
        styles = Array(repeating: Style(attributes: normal, pair: 0), count: StyleRole.allCases.count)
        let colors = useColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        for (index, entry) in table.enumerated() {
            let (role, attributes, foreground, background) = entry
            if colors && (foreground != -1 || background != -1) {
                let pair = Int16(index + 1)
                init_pair(pair, foreground, background)
                // Coloured status roles draw with their colours, not reversed.
                let colouredAttributes = attributes & ~reverse
                styles[role.rawValue] = Style(attributes: colouredAttributes, pair: pair)
            } else {
                // Pair 0 for text in the terminal's own colours: ncurses then sees plain text as
                // plain, and sends no attribute changes around each streamed token.
                styles[role.rawValue] = Style(attributes: attributes, pair: 0)
            }
        }
    }

    public func style(for role: StyleRole) -> Style {
        styles[role.rawValue]
    }
}
