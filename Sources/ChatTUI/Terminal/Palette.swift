import CNcursesw

/// A `Theme` made into curses attributes and colour pairs for the terminal at hand, its colours
/// brought to the terminal's `ColorDepth` by `ColorMapping`. The surface only asks this type.
@MainActor
public final class Palette {
    /// Attributes and colour pair for one role.
    public struct Style: Sendable {
        public var attributes: attr_t
        public var pair: Int16
    }

    public let theme: Theme
    public let depth: ColorDepth
    private var styles: [Style]

    /// Builds the palette; call after curses is initialised and, for any depth but
    /// `.monochrome`, after `start_color` and `use_default_colors` (`Terminfo.startColors`).
    /// Defines colour pairs from 1 on, replacing those of an earlier palette.
    public init(theme: Theme, depth: ColorDepth) {
        self.theme = theme
        self.depth = depth
        var pairs: [PairKey: Int16] = [:]
        let pairLimit = depth == .monochrome ? 0 : Int(chatterm_color_pairs())
        styles = StyleRole.allCases.map { role in
            let style = theme[role]
            let foreground = Self.cursesColor(ColorMapping.map(style.foreground, to: depth))
            let background = Self.cursesColor(ColorMapping.map(style.background, to: depth))
            if depth == .monochrome {
                return Style(attributes: Self.attributes(theme.monoAttributes(of: role)), pair: 0)
            }
            if foreground == -1 && background == -1 {
                // Pair 0 for text in the terminal's own colours: ncurses then sees plain text as
                // plain, and sends no attribute changes around each streamed token.
                return Style(attributes: Self.attributes(style.attributes), pair: 0)
            }
            let key = PairKey(foreground: foreground, background: background)
            if let pair = pairs[key] { return Style(attributes: Self.attributes(style.attributes), pair: pair) }
            let pair = Int16(pairs.count + 1)
            guard Int(pair) < pairLimit, chatterm_init_pair(Int32(pair), foreground, background) != ERR else {
                return Style(attributes: Self.attributes(theme.monoAttributes(of: role)), pair: 0)
            }
            pairs[key] = pair
            return Style(attributes: Self.attributes(style.attributes), pair: pair)
        }
    }

    public func style(for role: StyleRole) -> Style {
        styles[role.rawValue]
    }

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// A colour as curses takes it: -1 for the terminal's default (`use_default_colors`), a
    /// palette index, or `0xRRGGBB` on a direct-colour terminal, where values below 8 would be
    /// read as palette indices: those near-blacks are sent as #010101.
    private static func cursesColor(_ target: ColorMapping.Target) -> Int32 {
        switch target {
        case .terminalDefault: return -1
        case .index(let index): return Int32(index)
        case .rgb(let rgb): return Int32(rgb.hex < 8 ? 0x010101 : rgb.hex)
        }
    }

    private static func attributes(_ set: Set<ThemeAttribute>) -> attr_t {
        set.reduce(chatterm_a_normal()) { result, attribute in
            switch attribute {
            case .bold: return result | chatterm_a_bold()
            case .dim: return result | chatterm_a_dim()
            case .italic: return result | chatterm_a_italic()
            case .underline: return result | chatterm_a_underline()
            case .reverse: return result | chatterm_a_reverse()
            case .standout: return result | chatterm_a_standout()
            }
        }
    }
}
