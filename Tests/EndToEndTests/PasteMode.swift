/// Bracketed paste's switches as chatterm writes them, and the mode they leave a terminal in.
enum PasteMode {
    static let on = "\u{1B}[?2004h"
    static let off = "\u{1B}[?2004l"

    /// Whether the mode was last switched off in `output`.
    static func isOff<Text: StringProtocol>(after output: Text) -> Bool {
        guard let switchedOff = output.range(of: off, options: .backwards) else { return false }
        guard let switchedOn = output.range(of: on, options: .backwards) else { return true }
        return switchedOff.lowerBound > switchedOn.lowerBound
    }
}
