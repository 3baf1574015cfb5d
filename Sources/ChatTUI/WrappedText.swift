/// One text field of a message (its content or its reasoning), sanitised and wrapped, and kept
/// up to date cheaply while it grows during streaming.
///
/// Text that grows by appending is not re-read: the new bytes are sanitised on their own (the
/// sanitiser maps scalar by scalar), paragraphs that ended with "\n" are kept as finished rows,
/// and the last paragraph is re-wrapped from the start of its last row only (see
/// `ParagraphWrapper`). Any other change — shorter text, different bytes before the old end, a
/// new width — rebuilds from scratch. The work per update is proportional to the new text plus
/// one row, not to the message.
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
    /// Rows of the paragraphs that ended with "\n".
    private var done: [String] = []
    /// Sanitised text of the last paragraph, which may still grow.
    private var tail = ""
    private var tailRows: [String] = []
    /// The UTF-8 offset in `tail` where each of `tailRows` starts.
    private var tailStarts: [Int] = []
    /// Blank rows hidden at the start and at the end.
    private var leadingBlank = 0
    private var trailingBlank = 0

    init(prefix: String = "", width: Int) {
        self.prefix = prefix
        self.width = max(1, width)
    }

    /// The number of rows shown.
    var count: Int { max(0, done.count + tailRows.count - leadingBlank - trailingBlank) }

    /// The row at `index` (0 ..< count).
    subscript(index: Int) -> String { allRow(index + leadingBlank) }

    /// Brings the rows up to date with `raw` at `width`.
    mutating func update(_ raw: String, width: Int) {
        let width = max(1, width)
        let count = raw.utf8.count
        if width == self.width && count >= rawCount && Self.suffix(of: raw, endingAt: rawCount) == rawSuffix {
            if count == rawCount { return }
        } else {
            reset(width: width)
        }
        append(raw, from: rawCount)
        rawCount = count
        rawSuffix = Self.suffix(of: raw, endingAt: count)
        measureBlankRows()
    }

    private mutating func reset(width: Int) {
        self = WrappedText(prefix: prefix, width: width)
    }

    private mutating func append(_ raw: String, from offset: Int) {
        let utf8 = raw.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        var text = Sanitizer.displayText(String(decoding: utf8[start...], as: UTF8.self))
        if offset == 0 && !prefix.isEmpty { text = prefix + text }
        let paragraphs = LineWrapper.paragraphs(text[...])
        tail.append(contentsOf: paragraphs[0])
        rewrapTail()
        guard paragraphs.count > 1 else { return }
        done.append(contentsOf: tailRows)
        for paragraph in paragraphs.dropFirst().dropLast() {
            done.append(contentsOf: ParagraphWrapper.wrap(paragraph, width: width).lines)
        }
        tail = String(paragraphs[paragraphs.count - 1])
        tailRows = []
        tailStarts = []
        rewrapTail()
    }

    /// Re-wraps the last paragraph from the start of its last row (all of it the first time).
    private mutating func rewrapTail() {
        let resumeRow = max(0, tailRows.count - 1)
        let resumeOffset = resumeRow == 0 ? 0 : tailStarts[resumeRow]
        let start = tail.utf8.index(tail.utf8.startIndex, offsetBy: resumeOffset)
        let wrapped = ParagraphWrapper.wrap(tail[start...], width: width, continuing: resumeRow > 0)
        tailRows.removeSubrange(resumeRow...)
        tailStarts.removeSubrange(resumeRow...)
        tailRows.append(contentsOf: wrapped.lines)
        tailStarts.append(contentsOf: wrapped.starts.map { $0 + resumeOffset })
    }

    private func allRow(_ index: Int) -> String {
        index < done.count ? done[index] : tailRows[index - done.count]
    }

    private mutating func measureBlankRows() {
        let total = done.count + tailRows.count
        leadingBlank = 0
        while leadingBlank < total && allRow(leadingBlank).isEmpty { leadingBlank += 1 }
        trailingBlank = 0
        while trailingBlank < total - leadingBlank && allRow(total - 1 - trailingBlank).isEmpty {
            trailingBlank += 1
        }
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
