/// What a selection holds, as text: the lines it covers, how they are copied, quoted and counted.
extension SelectionMode.Marked {
    /// The first and last lines covered: the cursor's line alone, the lines from the anchor to
    /// the cursor, or (`V`) those widened to whole code blocks or messages at both ends.
    @MainActor
    func bounds(in document: some SelectionDocument) -> ClosedRange<SelectionPoint> {
        switch self {
        case .cursor(let point):
            return point...point
        case .range(let anchor, let cursor, false):
            return min(anchor, cursor)...max(anchor, cursor)
        case .range(let anchor, let cursor, true):
            let ends = [anchor, cursor].map { point -> ClosedRange<SelectionPoint> in
                let unit = document.lines(ofMessage: point.message).unit(around: point.line)
                return SelectionPoint(
                    message: point.message, line: unit.lowerBound)...SelectionPoint(
                        message: point.message, line: unit.upperBound)
            }
            return min(ends[0].lowerBound, ends[1].lowerBound)...max(ends[0].upperBound, ends[1].upperBound)
        }
    }

    /// The text selected, as written: each message's part (see `MessageLines.text(of:)`), a
    /// blank line between messages; and the language of the code block when the selection is
    /// code of one block only (nil otherwise).
    @MainActor
    func text(in document: some SelectionDocument) -> (text: String, codeLanguage: String?) {
        let bounds = bounds(in: document)
        let spans = document.spans(from: bounds.lowerBound, to: bounds.upperBound)
        let parts = spans.map { document.lines(ofMessage: $0.message).text(of: $0.lines) }
        var language: String?
        if spans.count == 1, let block = document.lines(ofMessage: spans[0].message).codeBlock(holding: spans[0].lines)
        {
            language = block.language
        }
        return (parts.joined(separator: "\n\n"), language)
    }
}

extension SelectionMode {
    /// `text` as a Markdown quote for the prompt: each line after "> " (">" alone for an empty
    /// one); code of one block (`codeLanguage` not nil) goes in a fence inside the quote.
    static func quote(_ text: String, codeLanguage: String?) -> String {
        var body = text
        if let codeLanguage { body = "```" + codeLanguage + "\n" + text + "\n```" }
        return body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }

    /// "1 line", "12 lines": how much `text` holds.
    static func lineCount(_ text: String) -> String {
        let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return "\(count) line\(count == 1 ? "" : "s")"
    }
}
