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

    /// The part of `piece` to show: empty while only whitespace has arrived.
    public mutating func feed(_ piece: String) -> String {
        if sawVisibleText { return piece }
        let text = pending + piece
        guard let firstVisible = text.firstIndex(where: { !$0.isWhitespace }) else {
            pending = text
            return ""
        }
        sawVisibleText = true
        pending = ""
        guard let lastBreak = text[..<firstVisible].lastIndex(where: \.isNewline) else { return text }
        return String(text[text.index(after: lastBreak)...])
    }
}
