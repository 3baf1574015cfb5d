/// One text field of a message (its content or its reasoning), sanitised and wrapped, and kept
/// up to date cheaply while it grows during streaming.
///
/// Text that grows by appending is not re-read: the new bytes are sanitised on their own (the
/// sanitiser maps scalar by scalar), paragraphs that ended with "\n" are kept as finished rows,
/// and the last paragraph goes on through a `ParagraphWrapper` that stopped where its text
/// ended, so its decided rows are kept too and only the row being filled is built again. Any
/// other change — shorter text, different bytes before the old end, a new width — rebuilds from
/// scratch. The work per update is proportional to the new text plus one row, not to the
/// message or the paragraph: the 100,000th token of a paragraph without a line break costs what
/// the 10th does.
///
/// Blank rows at the start and the end of the text are not shown.
struct WrappedText {
    /// Added in front of the text when it is not empty (e.g. "thinking: "); must be safe to draw.
    let prefix: String
    private(set) var width: Int
    /// UTF-8 bytes of the raw text consumed so far.
    private var rawCount = 0
    /// The last (up to) 8 raw bytes consumed, to check that new text extends the old.
    private var rawSuffix: UInt64 = 0
    /// Rows that text still to come cannot change: the finished paragraphs' and the decided rows
    /// of the last one.
    private var rows: [String] = []
    /// Sanitised text of the last paragraph from UTF-8 offset `tailBase` on (what the wrapper may
    /// still read); the paragraph may still grow.
    private var tail = ""
    private var tailBase = 0
    /// The last paragraph wrapped as far as its text allows.
    private var wrapper: ParagraphWrapper
    /// The rows the rest of the last paragraph gives if it ends here, built again on each update.
    private var tailRows: [String] = []
    /// Empty rows at the start and at the end of `rows`.
    private var rowsLeadingBlank = 0
    private var rowsTrailingBlank = 0
    /// Blank rows hidden at the start and at the end.
    private var leadingBlank = 0
    private var trailingBlank = 0

    init(prefix: String = "", width: Int) {
        self.prefix = prefix
        self.width = max(1, width)
        wrapper = ParagraphWrapper(width: self.width)
    }

    /// The number of rows shown.
    var count: Int { max(0, rows.count + tailRows.count - leadingBlank - trailingBlank) }

    /// The row at `index` (0 ..< count).
    subscript(index: Int) -> String {
        let index = index + leadingBlank
        return index < rows.count ? rows[index] : tailRows[index - rows.count]
    }

    /// Brings the rows up to date with `raw` at `width`.
    mutating func update(_ raw: String, width: Int) {
        let width = max(1, width)
        let count = raw.utf8.count
        if width == self.width && count >= rawCount && Self.suffix(of: raw, endingAt: rawCount) == rawSuffix {
            if count == rawCount { return }
        } else {
            self = WrappedText(prefix: prefix, width: width)
        }
        append(raw, from: rawCount)
        rawCount = count
        rawSuffix = Self.suffix(of: raw, endingAt: count)
        measureBlankRows()
    }

    private mutating func append(_ raw: String, from offset: Int) {
        let utf8 = raw.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        var text = Sanitizer.displayText(String(decoding: utf8[start...], as: UTF8.self))
        if offset == 0 && !prefix.isEmpty { text = prefix + text }
        let paragraphs = LineWrapper.paragraphs(text[...])
        tail.append(contentsOf: paragraphs[0])
        var lines: [ParagraphWrapper.Line] = []
        if paragraphs.count > 1 {
            wrapper.finish(tail[...], base: tailBase, into: &lines)
            for paragraph in paragraphs.dropFirst().dropLast() {
                lines.append(contentsOf: ParagraphWrapper.wrap(paragraph, width: width))
            }
            tail = String(paragraphs[paragraphs.count - 1])
            tailBase = 0
            wrapper = ParagraphWrapper(width: width)
        }
        wrapper.advance(tail[...], base: tailBase, into: &lines)
        for line in lines { appendRow(line.text) }
        var rest = wrapper
        lines = []
        rest.finish(tail[...], base: tailBase, into: &lines)
        tailRows = lines.map(\.text)
        dropReadText()
    }

    /// Forgets the last paragraph's text that the wrapper will not read again, once that is
    /// most of it, so a long paragraph is not held twice.
    private mutating func dropReadText() {
        let unneeded = wrapper.earliestNeeded - tailBase
        guard unneeded > 4_096 && unneeded > tail.utf8.count / 2 else { return }
        tail = String(Substring(tail.utf8.dropFirst(unneeded)))
        tailBase += unneeded
    }

    private mutating func appendRow(_ row: String) {
        if rowsLeadingBlank == rows.count && row.isEmpty { rowsLeadingBlank += 1 }
        rowsTrailingBlank = row.isEmpty ? rowsTrailingBlank + 1 : 0
        rows.append(row)
    }

    private mutating func measureBlankRows() {
        let total = rows.count + tailRows.count
        leadingBlank = rowsLeadingBlank
        if leadingBlank == rows.count { leadingBlank += tailRows.prefix(while: \.isEmpty).count }
        let tailTrailing = tailRows.reversed().prefix(while: \.isEmpty).count
        trailingBlank = tailTrailing == tailRows.count ? tailTrailing + rowsTrailingBlank : tailTrailing
        trailingBlank = min(trailingBlank, total - leadingBlank)
    }

    /// The (up to) 8 bytes of `raw` before UTF-8 offset `end`, packed; 0 for an empty range.
    /// `end` must not exceed the text's length. Also `MarkdownText`'s check that text only grew.
    static func suffix(of raw: String, endingAt end: Int) -> UInt64 {
        let utf8 = raw.utf8
        let length = min(8, end)
        guard length > 0 else { return 0 }
        let from = utf8.index(utf8.startIndex, offsetBy: end - length)
        var packed: UInt64 = 0
        for byte in utf8[from...].prefix(length) { packed = packed << 8 | UInt64(byte) }
        return packed
    }
}
