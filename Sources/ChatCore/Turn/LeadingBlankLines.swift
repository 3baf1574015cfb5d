/// Drops the blank lines a reply starts with, as its text streams in. ChatGLM3 begins every
/// streamed reply with "\n" (and strips it from non-streamed ones), so without this the same
/// answer would read differently depending on how it travelled.
///
/// Only whole blank lines go: whitespace that starts the first line with text in it (a code
/// block's indentation) is kept. Until the first visible character arrives, whitespace is held
/// back, since the next piece decides whether it was a blank line or an indentation.
public struct LeadingBlankLines: Sendable, Hashable {
    private var pending = ""
    /// Whether visible text has gone through; from then on everything passes unchanged.
    public private(set) var sawVisibleText = false

    public init() {}

    /// The part of `piece` to show: empty while only whitespace has arrived. Only the new piece
    /// (and the last character held, which it may extend) is looked at, so a reply that opens
    /// with a flood of blank lines costs what its length costs.
    public mutating func feed(_ piece: String) -> String {
        if sawVisibleText { return piece }
        let resumeOffset =
            pending.isEmpty
            ? 0 : pending.utf8.distance(from: pending.startIndex, to: pending.index(before: pending.endIndex))
        pending.append(piece)
        let resume = pending.utf8.index(pending.startIndex, offsetBy: resumeOffset)
        guard let firstVisible = pending[resume...].firstIndex(where: { !$0.isWhitespace }) else { return "" }
        sawVisibleText = true
        let text = pending
        pending = ""
        guard let lastBreak = text[..<firstVisible].lastIndex(where: \.isNewline) else { return text }
        return String(text[text.index(after: lastBreak)...])
    }
}
