/// Renders Markdown (the subset models write) as styled rows for a pane `width` cells wide.
/// Pure: no curses, no state; `MarkdownText` keeps the rows of a streaming reply up to date
/// with it.
///
/// Line-based rather than CommonMark: every source line renders on its own (a "\n" is a line
/// break, as in the plain view), except a fenced code block's lines and a table's rows. It never
/// fails and never drops text: anything it does not recognise is shown as written.
///
/// - Headings `#`…`######`: the text in `.heading`.
/// - Lists `-`/`*`/`+` and `1.`/`1)`: a marker ("•", "◦", "▪" by depth, or the number as
///   written) and a hanging indent, rows wrapped under the text; two leading spaces are a level.
/// - Quotes `> `: "│ " per level in `.quote`, the rest rendered as a line of its own.
/// - Rules `---`, `***`, `___`: "─" across the width, in `.border`.
/// - Tables (pipe lines with a `|---|` separator second): columns padded to their widths,
///   separated by " │ ", a "─┼─" rule under the header (both in `.border`). A table wider than
///   the pane falls back to one wrapped paragraph per row, cells joined by " │ " (the separator
///   line dropped).
///   Pipe lines without a separator are ordinary lines.
/// - Code fences ``` or ~~~: a header row "╭─ language ───" in `.codeHeader`, then each code
///   line in `.codeBlock`, padded to the width so the block has its own background, its words
///   in the `.code…` roles by the fence's language or the one guessed (`CodeHighlight`). Code is
///   never wrapped at spaces: a line longer than the width is cut at the width and goes on in
///   the next row after a "↪ " continuation mark (in `.codeHeader`). The closing fence adds no
///   row, so closing a fence moves nothing; a fence left open shows its code so far.
public enum MarkdownRenderer {
    /// The continuation mark at the start of a code row that continues the line above.
    public static let codeContinuation = "↪ "

    /// The rows of `markdown` at `width` cells, with blank rows at the start and end left out,
    /// rendered in one go (`MarkdownText` gives the same rows as the text streams).
    public static func render(_ markdown: String, width: Int) -> [StyledLine] {
        let lines = markdown.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            Sanitizer.displayText(String(Substring($0)))[...]
        }
        var rows = MarkdownBlockParser.units(lines, state: .normal).flatMap {
            Self.rows(of: $0, lines: lines, width: width, base: .assistantText)
        }
        while rows.last?.spans.isEmpty == true { rows.removeLast() }
        return Array(rows.drop(while: \.spans.isEmpty))
    }

    /// The rows of one unit of `lines`.
    static func rows(of unit: MarkdownBlockParser.Unit, lines: [Substring], width: Int, base: StyleRole) -> [StyledLine]
    {
        let width = max(1, width)
        switch unit.kind {
        case .line:
            return lineRows(lines[unit.lines.lowerBound], width: width, base: base)
        case .pipeLines:
            return tableRows(Array(lines[unit.lines]), width: width, base: base)
        case .fenceOpen(let language):
            return [fenceHeader(language, width: width)]
        case .code(let indent, let highlight):
            return codeRows(
                MarkdownBlockParser.code(of: lines[unit.lines.lowerBound], indent: indent), width: width,
                highlight: highlight)
        case .fenceClose:
            return []
        }
    }

    // MARK: - Lines

    static func lineRows(_ line: Substring, width: Int, base: StyleRole) -> [StyledLine] {
        switch MarkdownLineLayout.of(line, width: width, base: base).shape {
        case .rows(let rows): return rows
        case .wrapped(let wrapped): return rows(of: wrapped, in: line)
        }
    }

    /// The rows of `line`'s text laid out as `wrapped` says.
    static func rows(of wrapped: MarkdownLineLayout.Wrapped, in line: Substring) -> [StyledLine] {
        let styled = MarkdownInline.parse(text(of: wrapped, in: line), base: wrapped.base)
        return wrap(styled, width: wrapped.width, first: wrapped.prefix(ofRow: 0), rest: wrapped.prefix(ofRow: 1))
    }

    /// The part of `line` that `wrapped` wraps.
    static func text(of wrapped: MarkdownLineLayout.Wrapped, in line: Substring) -> Substring {
        let utf8 = line.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: wrapped.textStart)
        return Substring(utf8[start..<utf8.index(start, offsetBy: wrapped.textEnd - wrapped.textStart)])
    }

    // MARK: - Wrapping styled text

    /// `styled` wrapped to `width` by `ParagraphWrapper` (so by the plain text's rules), the
    /// roles mapped onto each row by UTF-8 offset, `first` in front of the first row and `rest`
    /// in front of the others.
    static func wrap(
        _ styled: StyledText, width: Int, first: [StyledLine.Span] = [], rest: [StyledLine.Span] = []
    ) -> [StyledLine] {
        let wrapped = ParagraphWrapper.wrap(styled.text[...], width: max(1, width))
        var rows: [StyledLine] = []
        rows.reserveCapacity(wrapped.count)
        for (index, line) in wrapped.enumerated() {
            rows.append(row(line, of: styled, after: index == 0 ? first : rest))
        }
        return rows
    }

    /// One wrapped line of `styled` as a row, `prefix` in front.
    static func row(_ line: ParagraphWrapper.Line, of styled: StyledText, after prefix: [StyledLine.Span]) -> StyledLine
    {
        // A grapheme wider than the width is shown as "�" in the role it had.
        if line.placeholder { return StyledLine(prefix + [StyledLine.Span(line.text, styled.role(at: line.start))]) }
        return StyledLine(prefix + styled.spans(from: line.start, to: line.start + line.text.utf8.count))
    }

    // MARK: - Code

    static func fenceHeader(_ language: String, width: Int) -> StyledLine {
        var header = "╭─"
        if !language.isEmpty && width > 5 { header += " " + TextWidth.truncate(language, to: width - 4) + " " }
        let used = TextWidth.of(header)
        if used < width { header += String(repeating: "─", count: width - used) }
        return StyledLine(TextWidth.of(header) > width ? TextWidth.truncate(header, to: width) : header, .codeHeader)
    }

    /// One complete code line cut into rows of `width` cells, each continuation after a "↪ "
    /// mark, coloured from `highlight`, the block's state at the line's start.
    static func codeRows(_ line: Substring, width: Int, highlight: CodeHighlight = .plain) -> [StyledLine] {
        var highlighter = CodeLineHighlighter(highlight)
        highlighter.append(line.utf8, complete: true)
        var cutter = CodeLineRows(width: width)
        var rows: [StyledLine] = []
        var offset = 0
        for character in line {
            cutter.add(character, highlighter.role(at: offset), into: &rows)
            offset += character.utf8.count
        }
        return rows + cutter.lastRows
    }

    // MARK: - Tables

    static func tableRows(_ lines: [Substring], width: Int, base: StyleRole) -> [StyledLine] {
        guard lines.count >= 2, let alignments = separator(lines[1]) else {
            return lines.flatMap { lineRows($0, width: width, base: base) }
        }
        let rows = [lines[0]] + lines.dropFirst(2)
        let cells: [[StyledText]] = rows.enumerated().map { index, line in
            cellTexts(line).map { MarkdownInline.parse($0, base: index == 0 ? .strong : base) }
        }
        let columns = max(alignments.count, cells.map(\.count).max() ?? 0)
        var widths = Array(repeating: 0, count: columns)
        for row in cells {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], TextWidth.of(cell.text)) }
        }
        let total = widths.reduce(0, +) + 3 * (columns - 1)
        let bar = StyledLine.Span(" │ ", .border)
        guard total <= width else {
            return cells.flatMap { row in
                var joined = StyledText()
                for (column, cell) in row.enumerated() {
                    if column > 0 { joined.append(" │ ", .border) }
                    joined.append(cell)
                }
                return wrap(joined, width: width)
            }
        }
        var result: [StyledLine] = []
        for (index, row) in cells.enumerated() {
            var spans: [StyledLine.Span] = []
            for column in 0..<columns {
                if column > 0 { spans.append(bar) }
                let cell = column < row.count ? row[column] : StyledText()
                let room = widths[column] - TextWidth.of(cell.text)
                let alignment = column < alignments.count ? alignments[column] : .left
                let left = alignment == .right ? room : alignment == .center ? room / 2 : 0
                if left > 0 { spans.append(StyledLine.Span(String(repeating: " ", count: left), base)) }
                spans += cell.spans(from: 0, to: cell.text.utf8.count)
                if room - left > 0 { spans.append(StyledLine.Span(String(repeating: " ", count: room - left), base)) }
            }
            result.append(StyledLine(spans))
            if index == 0 {
                let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
                result.append(StyledLine(rule, .border))
            }
        }
        return result
    }

    enum Alignment { case left, center, right }

    /// The alignments of a separator line ("|:---|--:|"), or nil when it is not one.
    private static func separator(_ line: Substring) -> [Alignment]? {
        let cells = cellTexts(line)
        guard !cells.isEmpty else { return nil }
        var alignments: [Alignment] = []
        for cell in cells {
            let left = cell.first == ":"
            let right = cell.last == ":" && cell.count > 1
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : .left)
        }
        return alignments
    }

    /// The cells of "| a | b |", trimmed; "\|" is a pipe inside a cell.
    private static func cellTexts(_ line: Substring) -> [Substring] {
        var text = line.drop(while: { $0 == " " })
        if text.first == "|" { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        if text.last == "|" && !text.dropLast().hasSuffix("\\") { text = text.dropLast() }
        var cells: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if text[index] == "|" {
                cells.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        cells.append(text[start...])
        return cells.map { cell in
            var cell = cell.drop(while: { $0 == " " })
            while cell.last == " " { cell = cell.dropLast() }
            return cell
        }
    }
}
