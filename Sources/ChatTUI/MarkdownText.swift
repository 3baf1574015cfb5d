/// An assistant reply rendered as Markdown (see `MarkdownRenderer`), kept up to date cheaply
/// while it grows during streaming: the counterpart of `WrappedText` for Markdown.
///
/// The text is cut into units by `MarkdownBlockParser`, each rendering on its own from the
/// state before it. A unit is finished once a complete line follows it: its rows are kept and
/// never rendered again, and later updates parse only from the first unfinished unit, in the
/// state the finished ones left. The rows are therefore exactly those of a one-shot render of
/// the same text, and a finished unit's rows never change (code rows stay as they are when the
/// fence closes). The work per update is the last line or two (a whole table while one
/// streams), not the message. Any change other than appending, or a new width, rebuilds.
///
/// Blank rows at the start and the end are not shown.
struct MarkdownText {
    private(set) var width: Int
    private let base: StyleRole
    /// UTF-8 bytes of the raw text consumed so far.
    private var rawCount = 0
    /// The last (up to) 8 raw bytes consumed, to check that new text extends the old.
    private var rawSuffix: UInt64 = 0
    /// Rows of the finished units, and where in the raw text the unfinished ones start.
    private var done: [StyledLine] = []
    private var doneOffset = 0
    private var doneState = MarkdownBlockParser.State.normal
    /// Rows of the units after `doneOffset`.
    private var tail: [StyledLine] = []
    private var leadingBlank = 0
    private var trailingBlank = 0

    init(width: Int, base: StyleRole = .assistantText) {
        self.width = max(1, width)
        self.base = base
    }

    /// The number of rows shown.
    var count: Int { max(0, done.count + tail.count - leadingBlank - trailingBlank) }

    /// The rows at the start that belong to finished units: later updates never change them.
    var finishedCount: Int { max(0, min(count, done.count - leadingBlank)) }

    /// The row at `index` (0 ..< count).
    subscript(index: Int) -> StyledLine { allRow(index + leadingBlank) }

    /// Brings the rows up to date with `raw` at `width`.
    mutating func update(_ raw: String, width: Int) {
        let width = max(1, width)
        let count = raw.utf8.count
        if width == self.width && count >= rawCount && WrappedText.suffix(of: raw, endingAt: rawCount) == rawSuffix {
            if count == rawCount { return }
        } else {
            self = MarkdownText(width: width, base: base)
        }
        renderTail(raw)
        rawCount = count
        rawSuffix = WrappedText.suffix(of: raw, endingAt: count)
        measureBlankRows()
    }

    private mutating func renderTail(_ raw: String) {
        let utf8 = raw.utf8
        let rawLines = utf8[utf8.index(utf8.startIndex, offsetBy: doneOffset)...]
            .split(separator: 0x0A, omittingEmptySubsequences: false)
        let sanitized = rawLines.map { Sanitizer.displayText(String(Substring($0))) }
        let lines = sanitized.map { $0[...] }
        let units = MarkdownBlockParser.units(lines, state: doneState)
        tail = []
        var lineIndex = 0
        var finishing = true
        for unit in units {
            let rows = MarkdownRenderer.rows(of: unit, lines: lines, width: width, base: base)
            // Finished when a complete line follows (the last line has no "\n" yet).
            finishing = finishing && unit.lines.upperBound < lines.count - 1
            if finishing {
                done.append(contentsOf: rows)
                for line in rawLines[lineIndex..<unit.lines.upperBound] { doneOffset += line.count + 1 }
                lineIndex = unit.lines.upperBound
                doneState = unit.stateAfter
            } else {
                tail.append(contentsOf: rows)
            }
        }
    }

    private func allRow(_ index: Int) -> StyledLine {
        index < done.count ? done[index] : tail[index - done.count]
    }

    private mutating func measureBlankRows() {
        let total = done.count + tail.count
        leadingBlank = 0
        while leadingBlank < total && allRow(leadingBlank).spans.isEmpty { leadingBlank += 1 }
        trailingBlank = 0
        while trailingBlank < total - leadingBlank && allRow(total - 1 - trailingBlank).spans.isEmpty {
            trailingBlank += 1
        }
    }
}
