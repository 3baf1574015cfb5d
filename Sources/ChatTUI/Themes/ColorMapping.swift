/// Turns a theme's colour into what a terminal of a given `ColorDepth` can show.
///
/// The 16 ANSI colours (names and indices 0–15) keep their index wherever the depth has it, so
/// the user's own terminal palette is respected; everything else goes through RGB to the nearest
/// colour the depth offers:
///
/// - 24-bit: exact RGB; indices 8–255 as xterm's RGB for them, since a direct-colour terminfo
///   entry only keeps 0–7 as palette indices.
/// - 256: `#rrggbb` → the nearer of two candidates: the cube colour nearest on each channel, and
///   the grey of the ramp nearest to its average (never 0–15, whose RGB depends on the user's
///   palette).
/// - 16 and 8: indices 16–255 and `#rrggbb` → the nearest ANSI colour by xterm's default RGB for
///   them, a grey (or a near-black) among black, white and their bright forms only, a colour
///   among the others only, so a muted blue stays blue and a grey never turns cyan. On 8
///   colours the bright names fall back to their base colour.
///
/// "Nearer" is CIEDE2000 in CIELAB, the usual measure of how different two colours look:
/// distances in RGB, even weighted, send greys to cyan and muted colours to grey.
public enum ColorMapping {
    /// What to send to the terminal for one colour.
    public enum Target: Sendable, Hashable {
        case terminalDefault
        case index(Int)
        case rgb(ThemeColor.RGB)
    }

    public static func map(_ color: ThemeColor, to depth: ColorDepth) -> Target {
        switch (color, depth) {
        case (.terminalDefault, _), (_, .monochrome):
            return .terminalDefault
        case (.index(let index), .trueColor):
            return index < 8 ? .index(index) : .rgb(rgb(ofIndex: index))
        case (.rgb(let rgb), .trueColor):
            return .rgb(rgb)
        case (.index(let index), .colors256):
            return .index(index)
        case (.rgb(let rgb), .colors256):
            return .index(nearest256(rgb))
        case (.index(let index), .colors16):
            return .index(index < 16 ? index : nearest16(rgb(ofIndex: index)))
        case (.rgb(let rgb), .colors16):
            return .index(nearest16(rgb))
        case (.index(let index), .colors8):
            if index < 16 { return .index(index % 8) }
            return .index(nearest8(rgb(ofIndex: index)))
        case (.rgb(let rgb), .colors8):
            return .index(nearest8(rgb))
        }
    }

    /// xterm's default RGB for the 16 ANSI colours.
    public static let ansi: [ThemeColor.RGB] = [
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
    ].map { ThemeColor.RGB(hex: $0) }

    /// The levels of each channel in xterm's 6×6×6 colour cube (indices 16–231).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// xterm's RGB for a palette index 0–255.
    public static func rgb(ofIndex index: Int) -> ThemeColor.RGB {
        switch index {
        case ..<16:
            return ansi[max(0, index)]
        case 16..<232:
            let cube = index - 16
            return ThemeColor.RGB(cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let level = UInt8(8 + 10 * (min(index, 255) - 232))
            return ThemeColor.RGB(level, level, level)
        }
    }

    /// The nearest of the 256-colour palette's cube and greys (16–255).
    public static func nearest256(_ color: ThemeColor.RGB) -> Int {
        let steps = [color.red, color.green, color.blue].map(cubeStep)
        let cube = 16 + 36 * steps[0] + 6 * steps[1] + steps[2]
        let average = (Int(color.red) + Int(color.green) + Int(color.blue)) / 3
        let grey = 232 + min(23, max(0, (average - 8 + 5) / 10))
        let target = Lab(color)
        return target.difference(to: Lab(rgb(ofIndex: grey))) < target.difference(to: Lab(rgb(ofIndex: cube)))
            ? grey : cube
    }

    /// The nearest of the 16 ANSI colours.
    public static func nearest16(_ color: ThemeColor.RGB) -> Int {
        nearest(color, among: isNeutral(color) ? [0, 8, 7, 15] : [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14])
    }

    /// The nearest of the 8 ANSI colours.
    public static func nearest8(_ color: ThemeColor.RGB) -> Int {
        nearest(color, among: isNeutral(color) ? [0, 7] : [1, 2, 3, 4, 5, 6])
    }

    /// Whether a colour reads as a grey: little chroma, or too dark for its hue to show.
    private static func isNeutral(_ color: ThemeColor.RGB) -> Bool {
        let channels = [color.red, color.green, color.blue]
        let brightest = channels.max()!
        return brightest - channels.min()! < 32 || brightest < 64
    }

    private static func nearest(_ color: ThemeColor.RGB, among indices: [Int]) -> Int {
        let target = Lab(color)
        return indices.min { target.difference(to: Lab(ansi[$0])) < target.difference(to: Lab(ansi[$1])) }!
    }

    /// The cube level nearest to a channel's value (midpoints 48, 115, 155, 195, 235).
    private static func cubeStep(_ value: UInt8) -> Int {
        switch value {
        case ..<48: return 0
        case ..<115: return 1
        default: return (Int(value) - 35) / 40
        }
    }
}
