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
///   line in `.codeBlock`, padded to the width so the block has its own background. Code is
///   never wrapped at spaces: a line longer than the width is cut at the width and goes on in
///   the next row after a "↪ " continuation mark (in `.codeHeader`). The closing fence adds no
///   row, so closing a fence moves nothing; a fence left open shows its code so far.
public enum MarkdownRenderer {
    /// The continuation mark at the start of a code row that continues the line above.
    public static let codeContinuation = "↪ "

    /// The rows of `markdown` at `width` cells, with blank rows at the start and end left out.
    public static func render(_ markdown: String, width: Int) -> [StyledLine] {
        var text = MarkdownText(width: width)
        text.update(markdown, width: width)
        return (0..<text.count).map { text[$0] }
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
        case .code(let indent):
            return codeRows(MarkdownBlockParser.code(of: lines[unit.lines.lowerBound], indent: indent), width: width)
        case .fenceClose:
            return []
        }
    }

    // MARK: - Lines

    static func lineRows(_ line: Substring, width: Int, base: StyleRole) -> [StyledLine] {
        let indent = line.prefix(while: { $0 == " " }).count
        let text = line.dropFirst(indent)
        if text.allSatisfy({ $0 == " " }) { return [StyledLine()] }
        if let heading = heading(text) {
            return wrap(MarkdownInline.parse(heading, base: .heading), width: width)
        }
        if isRule(text) { return [StyledLine(String(repeating: "─", count: width), .border)] }
        if text.first == ">" {
            var rest = text.dropFirst()
            if rest.first == " " { rest = rest.dropFirst() }
            let bar = StyledLine.Span("│ ", .quote)
            guard width > 2 else { return wrap(MarkdownInline.parse(rest, base: .quote), width: width) }
            return lineRows(rest, width: width - 2, base: .quote).map { StyledLine([bar] + $0.spans) }
        }
        if let (marker, content) = listItem(text) {
            let level = min(indent / 2, max(0, (width - 4) / 4))
            let shownMarker = marker.first!.isNumber ? String(marker) : ["•", "◦", "▪"][level % 3]
            let first = String(repeating: "  ", count: level) + shownMarker + " "
            let hanging = TextWidth.of(first)
            guard hanging < width else { return wrap(MarkdownInline.parse(text, base: base), width: width) }
            return wrap(
                MarkdownInline.parse(content, base: base), width: width - hanging,
                first: [StyledLine.Span(first, base)],
                rest: [StyledLine.Span(String(repeating: " ", count: hanging), base)])
        }
        let hanging = min(indent, width / 2)
        let pad = hanging > 0 ? [StyledLine.Span(String(repeating: " ", count: hanging), base)] : []
        return wrap(MarkdownInline.parse(text, base: base), width: width - hanging, first: pad, rest: pad)
    }

    /// The text of an ATX heading ("## Title ##" → "Title").
    private static func heading(_ text: Substring) -> Substring? {
        let hashes = text.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = text.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var title = rest.drop(while: { $0 == " " })
        while title.last == " " { title = title.dropLast() }
        let closing = title.reversed().prefix(while: { $0 == "#" }).count
        if closing > 0 && (closing == title.count || title.dropLast(closing).last == " ") {
            title = title.dropLast(closing)
            while title.last == " " { title = title.dropLast() }
        }
        return title
    }

    private static func isRule(_ text: Substring) -> Bool {
        guard let first = text.first, first == "-" || first == "*" || first == "_" else { return false }
        var count = 0
        for character in text {
            if character == first {
                count += 1
            } else if character != " " {
                return false
            }
        }
        return count >= 3
    }

    /// "- text", "* text", "+ text", "1. text", "1) text": the marker and the text.
    private static func listItem(_ text: Substring) -> (Substring, Substring)? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber }).count
        let markerLength: Int
        if digits > 0 {
            guard digits <= 9, let after = text.dropFirst(digits).first, after == "." || after == ")" else {
                return nil
            }
            markerLength = digits + 1
        } else {
            guard let first = text.first, first == "-" || first == "*" || first == "+" else { return nil }
            markerLength = 1
        }
        let rest = text.dropFirst(markerLength)
        guard rest.first == " " else { return nil }
        return (text.prefix(markerLength), rest.drop(while: { $0 == " " }))
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
        rows.reserveCapacity(wrapped.lines.count)
        for (index, line) in wrapped.lines.enumerated() {
            let start = wrapped.starts[index]
            let prefix = index == 0 ? first : rest
            if line == "\u{FFFD}" && !styled.text.utf8.dropFirst(start).starts(with: line.utf8) {
                // A grapheme wider than the width, shown as "�" by the wrapper.
                rows.append(StyledLine(prefix + [StyledLine.Span(line, styled.role(at: start))]))
            } else {
                rows.append(StyledLine(prefix + styled.spans(from: start, to: start + line.utf8.count)))
            }
        }
        return rows
    }

    // MARK: - Code

    static func fenceHeader(_ language: String, width: Int) -> StyledLine {
        var header = "╭─"
        if !language.isEmpty && width > 5 { header += " " + TextWidth.truncate(language, to: width - 4) + " " }
        let used = TextWidth.of(header)
        if used < width { header += String(repeating: "─", count: width - used) }
        return StyledLine(TextWidth.of(header) > width ? TextWidth.truncate(header, to: width) : header, .codeHeader)
    }

    /// One code line cut into rows of `width` cells, each continuation after a "↪ " mark.
    static func codeRows(_ line: Substring, width: Int) -> [StyledLine] {
        let mark = width > 2 ? codeContinuation : ""
        var rows: [StyledLine] = []
        var row = ""
        var used = 0
        var capacity = width
        func emit() {
            let padded = row + String(repeating: " ", count: max(0, capacity - used))
            let spans =
                rows.isEmpty || mark.isEmpty
                ? [StyledLine.Span(padded, .codeBlock)]
                : [StyledLine.Span(mark, .codeHeader), StyledLine.Span(padded, .codeBlock)]
            rows.append(StyledLine(spans))
            row = ""
            used = 0
            capacity = width - TextWidth.of(mark)
        }
        for character in line {
            var character = character
            var characterWidth = TextWidth.of(character)
            if used + characterWidth > capacity {
                if used > 0 { emit() }
                if characterWidth > capacity {
                    character = "\u{FFFD}"
                    characterWidth = 1
                }
            }
            row.append(character)
            used += characterWidth
            if used == capacity { emit() }
        }
        if used > 0 || rows.isEmpty { emit() }
        return rows
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
