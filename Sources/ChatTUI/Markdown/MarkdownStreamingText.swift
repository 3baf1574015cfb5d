/// The wrapped text of a Markdown line that grows at its end (`MarkdownLineLayout.Wrapped`),
/// kept up to date at the cost of what was appended: the inline Markdown is parsed again only
/// from the first piece that text still to come could change (`MarkdownInline.parse(_:from:base:)`,
/// at most `MarkdownInline.longestSpan` characters back), and the settled styled text goes
/// through a `ParagraphWrapper` that keeps its place, so decided rows are built once. Only the
/// row being filled and what follows the settled text are built again on each update.
///
/// Its rows are those of `MarkdownRenderer.rows(of:in:)` for the same text, piece for piece: the
/// parse from a settled point reads what a parse from the start would, and the wrapper gives the
/// same lines however the text arrived.
struct MarkdownStreamingText: Sendable {
    let shape: MarkdownLineLayout.Wrapped
    /// The text's characters that the parser may still read.
    private var characters = CharacterRun()
    /// UTF-8 bytes of text taken so far, and where its last character starts (text appended may
    /// extend that character, so it is taken again with the next text).
    private var taken = 0
    private var lastCharacterStart = 0
    /// Characters before this index are parsed for good, into `settled`.
    private var parsedUpTo = 0
    /// The settled styled text from UTF-8 offset `settledBase` on: what the wrapper may still read.
    private var settled = StyledText()
    private var settledBase = 0
    private var wrapper: ParagraphWrapper
    /// Rows that text still to come cannot change.
    private(set) var rows: [StyledLine] = []
    /// The rows the rest of the text gives if it ends here, built again on each update.
    private(set) var lastRows: [StyledLine] = []

    init(_ shape: MarkdownLineLayout.Wrapped) {
        self.shape = shape
        wrapper = ParagraphWrapper(width: shape.width)
    }

    var count: Int { rows.count + lastRows.count }

    subscript(index: Int) -> StyledLine { index < rows.count ? rows[index] : lastRows[index - rows.count] }

    /// Brings the rows up to date with `text`, the whole text so far, which must extend the text
    /// of the last update; returns false (and changes nothing) when it does not.
    mutating func update(_ text: Substring) -> Bool {
        let utf8 = text.utf8
        guard utf8.count >= taken else { return false }
        if utf8.count == taken && taken > 0 { return true }
        // The last character taken may be extended by what follows it: take it again.
        if characters.endIndex > parsedUpTo { characters.removeLast() }
        var offset = lastCharacterStart
        for character in text[utf8.index(utf8.startIndex, offsetBy: lastCharacterStart)...] {
            lastCharacterStart = offset
            characters.append(character)
            offset += character.utf8.count
        }
        taken = utf8.count

        let parsed = MarkdownInline.parse(characters, from: parsedUpTo, base: shape.base)
        parsedUpTo = parsed.settledEnd
        characters.forget(before: max(0, parsedUpTo - 1))
        settled.append(parsed.settled)

        var lines: [ParagraphWrapper.Line] = []
        wrapper.advance(settled.text[...], base: settledBase, into: &lines)
        for line in lines { rows.append(row(line, of: settled, number: rows.count)) }
        let needed = wrapper.earliestNeeded
        if needed > settledBase {
            settled = settled.dropFirst(utf8Count: needed - settledBase)
            settledBase = needed
        }

        var window = settled
        window.append(parsed.rest)
        var rest = wrapper
        lines = []
        rest.finish(window.text[...], base: settledBase, into: &lines)
        lastRows = lines.enumerated().map { row($1, of: window, number: rows.count + $0) }
        return true
    }

    /// Row `number` of the text from `line`, a line of `styled` (which starts at `settledBase`).
    private func row(_ line: ParagraphWrapper.Line, of styled: StyledText, number: Int) -> StyledLine {
        var local = line
        if !line.text.isEmpty || line.placeholder { local.start -= settledBase }
        return MarkdownRenderer.row(local, of: styled, after: shape.prefix(ofRow: number))
    }
}
