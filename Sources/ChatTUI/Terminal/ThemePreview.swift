import ChatCore

/// A theme shown with plain SGR escape sequences, for `chatterm themes`: no curses, so it works
/// in a listing that scrolls by like any other output.
public enum ThemePreview {
    /// A sample of the chat's main roles in a line of about 70 cells.
    static let samples: [(String, StyleRole)] = [
        (" title ", .titleBar), (" ", .plain), (Role.user.label, .userLabel), (" ", .plain),
        (Role.assistant.label, .assistantLabel),
        (" ", .plain), ("heading", .heading), (" ", .plain), ("code", .inlineCode), (" ", .plain), ("link", .link),
        (" ", .plain), ("thinking", .reasoning), (" ", .plain), ("error", .error), (" ", .plain),
        (" ready ", .statusReady), (" busy ", .statusBusy), (" done ", .statusDone), (" failed ", .statusError),
    ]

    /// The sample line in `theme`'s colours at `depth`, each piece ending with a reset.
    public static func line(_ theme: Theme, depth: ColorDepth) -> String {
        samples.map { text, role in sgr(theme, role, depth: depth) + text + "\u{1B}[0m" }.joined()
    }

    /// The escape sequence that starts `role`'s style from a clean state: a reset, the
    /// attributes (the `mono` ones on a terminal without colour), then the colours.
    public static func sgr(_ theme: Theme, _ role: StyleRole, depth: ColorDepth) -> String {
        let style = theme[role]
        let attributes = depth == .monochrome ? theme.monoAttributes(of: role) : style.attributes
        var codes = ["0"]
        codes += ThemeAttribute.allCases.filter(attributes.contains).map { attribute in
            switch attribute {
            case .bold: return "1"
            case .dim: return "2"
            case .italic: return "3"
            case .underline: return "4"
            case .reverse, .standout: return "7"
            }
        }
        codes += colorCodes(ColorMapping.map(style.foreground, to: depth), background: false)
        codes += colorCodes(ColorMapping.map(style.background, to: depth), background: true)
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// 30–37 and 90–97 for the ANSI colours (40–47, 100–107 for backgrounds), `38;5;N` for the
    /// rest of the 256, `38;2;R;G;B` for RGB.
    private static func colorCodes(_ target: ColorMapping.Target, background: Bool) -> [String] {
        switch target {
        case .terminalDefault:
            return []
        case .index(let index) where index < 8:
            return [String((background ? 40 : 30) + index)]
        case .index(let index) where index < 16:
            return [String((background ? 100 : 90) + index - 8)]
        case .index(let index):
            return [background ? "48" : "38", "5", String(index)]
        case .rgb(let rgb):
            return [background ? "48" : "38", "2", String(rgb.red), String(rgb.green), String(rgb.blue)]
        }
    }
}
