/// One message's text as the selection sees it: its source lines (the Markdown as the model wrote
/// it, or the prompt as typed), each with the rows it takes on screen, so that the cursor moves
/// over what was written and is drawn over the rows that show it.
///
/// A line is one source line, wrapped over as many rows as the screen needs; a table is one
/// line, unless its rows match its lines one to one. Lines that take no row (a closing fence,
/// the blank lines the screen leaves out at the start and the end) cannot hold the cursor, but
/// a selection that spans them copies them. The rows are worked out with the renderer the
/// layout uses (`MarkdownRenderer`, or `ParagraphWrapper` for plain text), unit by unit, which
/// gives the rows of a one-shot render (see `MarkdownText`).
struct MessageLines: Sendable, Hashable {
    /// A line the cursor can stand on.
    struct Line: Sendable, Hashable {
        /// The source lines it shows: one, or a table's.
        var source: Range<Int>
        /// Its rows, counted from the first row of the message's text.
        var rows: Range<Int>
        /// The fenced code block it belongs to (an index into `blocks`), nil outside one; a
        /// block's opening fence belongs to it.
        var block: Int?
        /// Whether it is a line of code (not the fence).
        var isCode: Bool
    }

    /// A fenced code block: its lines (indices into `lines`, opening fence first) and what
    /// copying its code needs.
    struct Block: Sendable, Hashable {
        var language: String
        var lines: Range<Int>
        /// The spaces the fence was indented by, which its code lines lose.
        var indent: Int
        /// The closing fence's source line, nil while the fence is open.
        var closingLine: Int?
    }

    /// The source lines, split at "\n".
    let source: [String]
    let lines: [Line]
    let blocks: [Block]
    /// Rows of the message's text on screen.
    let rowCount: Int

    /// No lines: a message without text.
    static let empty = MessageLines(source: [], lines: [], blocks: [], rowCount: 0)

    /// The lines of `content` in a pane whose text is `width` cells wide, rendered as Markdown
    /// when `markdown`.
    init(_ content: String, markdown: Bool, width: Int) {
        let width = max(1, width)
        let raw = content.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        var units: [(source: Range<Int>, rows: [Bool], kind: MarkdownBlockParser.Kind?)] = []
        if markdown {
            let shown = raw.map { Sanitizer.displayText($0)[...] }
            for unit in MarkdownBlockParser.units(shown, state: .normal) {
                let rows = MarkdownRenderer.rows(of: unit, lines: shown, width: width, base: .assistantText)
                let blank = rows.map(\.spans.isEmpty)
                if unit.kind == .pipeLines && rows.count == unit.lines.count && rows.count > 1 {
                    for (offset, line) in unit.lines.enumerated() {
                        units.append((line..<line + 1, [blank[offset]], .line))
                    }
                } else {
                    units.append((unit.lines, blank, unit.kind))
                }
            }
        } else {
            let paragraphs = LineWrapper.paragraphs(Sanitizer.displayText(content)[...])
            if paragraphs.count == raw.count {
                for (index, paragraph) in paragraphs.enumerated() {
                    let rows = ParagraphWrapper.wrap(paragraph, width: width).map(\.text.isEmpty)
                    units.append((index..<index + 1, rows, .line))
                }
            } else {
                // The sanitiser changed the line breaks: the whole text is one line.
                let rows = LineWrapper.wrap(Sanitizer.displayText(content), width: width).map(\.isEmpty)
                units.append((0..<raw.count, rows, .line))
            }
        }
        // A "\r" before "\n" is part of the line break, not of the text copied.
        self.init(source: raw.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, units: units)
    }

    private init(source: [String], units: [(source: Range<Int>, rows: [Bool], kind: MarkdownBlockParser.Kind?)]) {
        let blank = units.flatMap(\.rows)
        // The screen leaves out blank rows at the start and the end.
        let leading = blank.prefix(while: { $0 }).count
        let trailing = min(blank.reversed().prefix(while: { $0 }).count, blank.count - leading)
        let shown = 0..<blank.count - leading - trailing
        var lines: [Line] = []
        var blocks: [Block] = []
        var row = -leading
        for unit in units {
            let rows = (row..<row + unit.rows.count).clamped(to: shown)
            row += unit.rows.count
            switch unit.kind {
            case .fenceOpen(let language):
                let indent = source[unit.source.lowerBound].prefix(while: { $0 == " " }).count
                blocks.append(Block(language: language, lines: lines.count..<lines.count, indent: indent))
            case .fenceClose:
                if !blocks.isEmpty { blocks[blocks.count - 1].closingLine = unit.source.lowerBound }
                continue
            case .line, .pipeLines, .code, nil:
                break
            }
            let inBlock: Int? = {
                switch unit.kind {
                case .fenceOpen, .code: return blocks.isEmpty ? nil : blocks.count - 1
                default: return nil
                }
            }()
            var isCode = false
            if case .code = unit.kind { isCode = true }
            guard !rows.isEmpty else { continue }
            if let inBlock { blocks[inBlock].lines = blocks[inBlock].lines.lowerBound..<lines.count + 1 }
            lines.append(Line(source: unit.source, rows: rows, block: inBlock, isCode: isCode))
        }
        self.init(source: source, lines: lines, blocks: blocks, rowCount: shown.count)
    }

    private init(source: [String], lines: [Line], blocks: [Block], rowCount: Int) {
        self.source = source
        self.lines = lines
        self.blocks = blocks
        self.rowCount = rowCount
    }

    /// The line whose rows hold `row` (counted from the first row of the text), nil for none.
    func line(atRow row: Int) -> Int? {
        var low = 0
        var high = lines.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if lines[middle].rows.upperBound <= row {
                low = middle + 1
            } else if lines[middle].rows.lowerBound > row {
                high = middle - 1
            } else {
                return middle
            }
        }
        return nil
    }

    /// The lines of the code block that `line` is in (its code lines, or its fence when it has
    /// none), or of the whole message outside a block: what `V` selects.
    func unit(around line: Int) -> ClosedRange<Int> {
        guard let block = lines[line].block else { return 0...lines.count - 1 }
        let all = blocks[block].lines
        return (all.count > 1 ? all.lowerBound + 1 : all.lowerBound)...all.upperBound - 1
    }

    /// The code block whose lines are all of `range`'s, and only code lines: nil when `range`
    /// holds anything else.
    func codeBlock(holding range: ClosedRange<Int>) -> Block? {
        guard let block = lines[range.lowerBound].block,
            range.allSatisfy({ lines[$0].isCode && lines[$0].block == block })
        else { return nil }
        return blocks[block]
    }

    /// What copying `range` of the lines gives: the code alone (without the fence's indentation)
    /// when it holds only code lines of one block, as `/copy N` copies a block; otherwise the
    /// source lines as written, widened so that a block it reaches into keeps both its fences.
    func text(of range: ClosedRange<Int>) -> String {
        if let block = codeBlock(holding: range) {
            return range.map { index -> String in
                let line = source[lines[index].source.lowerBound]
                return String(MarkdownBlockParser.code(of: line[...], indent: block.indent))
            }.joined(separator: "\n")
        }
        var start = lines[range.lowerBound].source.lowerBound
        if let block = lines[range.lowerBound].block {
            start = lines[blocks[block].lines.lowerBound].source.lowerBound
        }
        var end = lines[range.upperBound].source.upperBound
        if let block = lines[range.upperBound].block, let closing = blocks[block].closingLine {
            end = closing + 1
        }
        return source[start..<end].joined(separator: "\n")
    }
}
