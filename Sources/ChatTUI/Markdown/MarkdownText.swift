/// An assistant reply rendered as Markdown (see `MarkdownRenderer`), kept up to date cheaply
/// while it grows during streaming: the counterpart of `WrappedText` for Markdown.
///
/// The text is cut into units by `MarkdownBlockParser`, each rendering on its own from the
/// state before it. A unit is finished once its lines are complete (a run of pipe lines once
/// the line after it shows it is not one): its rows are kept and never rendered again, and later
/// updates parse only from the first unfinished unit, in the state the finished ones left. The
/// rows are therefore exactly those of a one-shot render of the same text, and a finished
/// unit's rows never change (code rows stay as they are when the fence closes).
///
/// While the last line is the only unit not finished and renders on its own (text, or code),
/// a `MarkdownStreamingLine` takes what is appended to it, so the work per update is the new
/// text and the row being filled, however long the line already is. Otherwise (a table while
/// it streams, a fence's opening line) the unfinished units are rendered again on each update.
/// Any change other than appending, or a new width, rebuilds.
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
    /// Empty rows at the start and at the end of `done`.
    private var doneLeadingBlank = 0
    private var doneTrailingBlank = 0
    /// Rows of the units after `doneOffset`, unless `lastLine` holds them.
    private var tail: [StyledLine] = []
    /// The last line, when it is the only unit not finished and renders on its own.
    private var lastLine: MarkdownStreamingLine?
    private var leadingBlank = 0
    private var trailingBlank = 0

    init(width: Int, base: StyleRole = .assistantText) {
        self.width = max(1, width)
        self.base = base
    }

    /// The number of rows shown.
    var count: Int { max(0, done.count + tailCount - leadingBlank - trailingBlank) }

    /// The rows at the start that belong to finished units: later updates never change them.
    var finishedCount: Int { max(0, min(count, done.count - leadingBlank)) }

    /// The row at `index` (0 ..< count).
    subscript(index: Int) -> StyledLine {
        let index = index + leadingBlank
        return index < done.count ? done[index] : tailRow(index - done.count)
    }

    private var tailCount: Int { lastLine?.count ?? tail.count }

    private func tailRow(_ index: Int) -> StyledLine { lastLine?[index] ?? tail[index] }

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
        if lastLine != nil {
            let start = utf8.index(utf8.startIndex, offsetBy: rawCount)
            let lineEnd = utf8[start...].firstIndex(of: 0x0A)
            let piece = Sanitizer.displayText(String(Substring(utf8[start..<(lineEnd ?? utf8.endIndex)])))
            if lastLine!.append(piece) {
                guard let lineEnd else { return }
                // The line is complete, and so is its unit, unless it is a pipe line that the
                // next line may join into a table.
                if !(lastLine!.kind == .text && MarkdownBlockParser.isPipeLine(lastLine!.line[...])) {
                    lastLine!.finish()
                    for index in 0..<lastLine!.count { appendDone(lastLine![index]) }
                    doneOffset = utf8.distance(from: utf8.startIndex, to: lineEnd) + 1
                    if let state = lastLine!.stateAfter { doneState = state }
                }
            }
        }
        renderUnfinished(raw)
    }

    /// Renders the units after `doneOffset`, finishing those that are complete.
    private mutating func renderUnfinished(_ raw: String) {
        lastLine = nil
        tail = []
        let utf8 = raw.utf8
        let rawLines = utf8[utf8.index(utf8.startIndex, offsetBy: doneOffset)...]
            .split(separator: 0x0A, omittingEmptySubsequences: false)
        let sanitized = rawLines.map { Sanitizer.displayText(String(Substring($0))) }
        let lines = sanitized.map { $0[...] }
        let units = MarkdownBlockParser.units(lines, state: doneState)
        var unfinished: [MarkdownBlockParser.Unit] = []
        var lineIndex = 0
        for unit in units {
            guard unfinished.isEmpty && Self.isFinished(unit, lines: lines) else {
                unfinished.append(unit)
                continue
            }
            for row in MarkdownRenderer.rows(of: unit, lines: lines, width: width, base: base) { appendDone(row) }
            for line in rawLines[lineIndex..<unit.lines.upperBound] { doneOffset += line.count + 1 }
            lineIndex = unit.lines.upperBound
            doneState = unit.stateAfter
        }
        if unfinished.count == 1, let unit = unfinished.first, unit.lines == lines.count - 1..<lines.count,
            let kind = streamingKind(unit),
            let line = MarkdownStreamingLine(kind, line: lines[unit.lines.lowerBound], width: width, base: base)
        {
            lastLine = line
            return
        }
        for unit in unfinished {
            tail.append(contentsOf: MarkdownRenderer.rows(of: unit, lines: lines, width: width, base: base))
        }
    }

    /// A unit is finished once its lines are complete; a run of pipe lines once the line after
    /// it is complete or shows by its first character that it is not a pipe line.
    private static func isFinished(_ unit: MarkdownBlockParser.Unit, lines: [Substring]) -> Bool {
        let last = lines.count - 1
        guard unit.kind == .pipeLines else { return unit.lines.upperBound <= last }
        return unit.lines.upperBound < last
            || (unit.lines.upperBound == last && lines[last].contains(where: { $0 != " " }))
    }

    /// How the last line streams when it is `unit`, the only one not finished; nil when it does
    /// not render on its own.
    private func streamingKind(_ unit: MarkdownBlockParser.Unit) -> MarkdownStreamingLine.Kind? {
        switch (unit.kind, doneState) {
        case (.line, _): return .text
        // A lone pipe line renders as a line of text.
        case (.pipeLines, _) where unit.lines.count == 1: return .text
        case (.code(let indent, let highlight), .fence(let marker, let length, _, _)):
            return .code(indent: indent, marker: marker, length: length, highlight: highlight)
        default: return nil
        }
    }

    private mutating func appendDone(_ row: StyledLine) {
        if doneLeadingBlank == done.count && row.spans.isEmpty { doneLeadingBlank += 1 }
        doneTrailingBlank = row.spans.isEmpty ? doneTrailingBlank + 1 : 0
        done.append(row)
    }

    private mutating func measureBlankRows() {
        let tailCount = self.tailCount
        leadingBlank = doneLeadingBlank
        if leadingBlank == done.count {
            var blank = 0
            while blank < tailCount && tailRow(blank).spans.isEmpty { blank += 1 }
            leadingBlank += blank
        }
        var tailTrailing = 0
        while tailTrailing < tailCount && tailRow(tailCount - 1 - tailTrailing).spans.isEmpty { tailTrailing += 1 }
        trailingBlank = tailTrailing == tailCount ? tailTrailing + doneTrailingBlank : tailTrailing
        trailingBlank = min(trailingBlank, done.count + tailCount - leadingBlank)
    }
}
