/// The last line of a streaming Markdown reply, rendered as it grows at the cost of what is
/// appended to it: `MarkdownText` keeps one while the line is the only unit not finished and
/// renders on its own (a line of text, a lone pipe line, a line of code), so a paragraph without
/// a line break costs the same per token at its 100,000th token as at its 10th.
///
/// It gives up (`append` returns false) when the line turns out to be something else — a
/// fence's opening or closing line — and `MarkdownText` renders it the general way then.
struct MarkdownStreamingLine: Sendable {
    /// How the line renders.
    enum Kind: Sendable, Hashable {
        /// A line of text outside a fence (a pipe line that is the only one of its run renders
        /// the same way).
        case text
        /// A line of code inside a fence of `length` `marker`s, indented by `indent`, coloured
        /// from `highlight`, the block's state at its start.
        case code(indent: Int, marker: Character, length: Int, highlight: CodeHighlight)
    }

    let kind: Kind
    private let width: Int
    private let base: StyleRole
    /// The line's sanitised text so far.
    private(set) var line = ""
    /// Whether the line has more than spaces, and whether more text can no longer change what
    /// kind of line this is.
    private var sawText = false
    private var kindSettled = false
    /// A text line's layout, and its text as it streams when the layout wraps it.
    private var layout: MarkdownLineLayout?
    private var text: MarkdownStreamingText?
    /// A code line: where its code starts once that is known (up to `indent` spaces are the
    /// fence's), how far it is cut into rows, and the rows that are full.
    private var codeStarted = false
    private var code: CodeLineRows
    /// Where the code starts in `line` (UTF-8), and how far it is cut into rows.
    private var codeOffset = 0
    private var codeTaken = 0
    /// The roles of the code's bytes, and how many bytes of code it has been given.
    private var highlighter = CodeLineHighlighter(.plain)
    private var fed = 0
    private var complete = false
    private var codeRows: [StyledLine] = []
    /// The rows after `codeRows`, or all rows of a text line that `text` does not hold; built
    /// again on each update.
    private var lastRows: [StyledLine] = []

    /// A line of `kind` holding `line` so far, or nil when `line` is not of that kind.
    init?(_ kind: Kind, line: Substring, width: Int, base: StyleRole) {
        self.kind = kind
        self.width = max(1, width)
        self.base = base
        code = CodeLineRows(width: self.width)
        if case .code(_, _, _, let highlight) = kind { highlighter = CodeLineHighlighter(highlight) }
        guard append(String(line)) else { return nil }
    }

    /// The number of rows.
    var count: Int { text?.count ?? codeRows.count + lastRows.count }

    /// The row at `index` (0 ..< count).
    subscript(index: Int) -> StyledLine {
        if let text { return text[index] }
        return index < codeRows.count ? codeRows[index] : lastRows[index - codeRows.count]
    }

    /// Adds `piece` (sanitised, without "\n") to the line; false when the line is no longer of
    /// its kind, and then the rows are not up to date.
    mutating func append(_ piece: String) -> Bool {
        line += piece
        if !sawText { sawText = piece.contains(where: { $0 != " " }) }
        guard kindHolds() else { return false }
        switch kind {
        case .text: updateText(piece)
        case .code(let indent, _, _, _): updateCode(indent: indent)
        }
        return true
    }

    /// Says that the line is complete: a code line's last characters get their colours for good.
    mutating func finish() {
        guard case .code(let indent, _, _, _) = kind, !complete else { return }
        complete = true
        updateCode(indent: indent)
    }

    /// The state after the line, once it is `finish`ed: the fence it is in, with the colouring
    /// carried to the next code line; nil for a line of text.
    var stateAfter: MarkdownBlockParser.State? {
        guard case .code(let indent, let marker, let length, _) = kind else { return nil }
        return .fence(marker: marker, length: length, indent: indent, highlight: highlighter.after)
    }

    /// Whether the line is still of its kind: a text line is not a fence's opening line, a code
    /// line not the fence's closing line. Checked until the start of the line settles it.
    private mutating func kindHolds() -> Bool {
        if kindSettled || !sawText { return true }
        let text = line.drop(while: { $0 == " " })
        guard let head = text.first else { return true }
        switch kind {
        case .text:
            guard head == "`" || head == "~" else {
                kindSettled = true
                return true
            }
            // A run of fewer than three marks with something after it opens no fence.
            let run = text.prefix(3).prefix(while: { $0 == head }).count
            if run < 3 && !text.dropFirst(run).isEmpty { kindSettled = true }
            return MarkdownBlockParser.opensFence(line[...]) == nil
        case .code(_, let marker, let length, _):
            let run = text.prefix(while: { $0 == marker }).count
            if text.dropFirst(run).contains(where: { $0 != " " }) {
                kindSettled = true
                return true
            }
            return !MarkdownBlockParser.closesFence(line[...], marker: marker, length: length)
        }
    }

    private mutating func updateText(_ piece: String) {
        if let layout, !layout.settled, case .rows = layout.shape,
            piece.allSatisfy({ layout.sameWith.contains($0) })
        {
            return
        }
        if layout == nil || !layout!.settled || isHeading {
            layout = MarkdownLineLayout.of(line[...], width: width, base: base)
        }
        switch layout!.shape {
        case .rows(let rows):
            text = nil
            lastRows = rows
        case .wrapped(var wrapped):
            if !wrapped.endMoves { wrapped.textEnd = line.utf8.count }
            let content = MarkdownRenderer.text(of: wrapped, in: line[...])
            // Updated in place: a copy would copy its rows too.
            if text != nil && Self.sameShape(text!.shape, wrapped) && text!.update(content) { return }
            text = MarkdownStreamingText(wrapped)
            _ = text!.update(content)
        }
    }

    private var isHeading: Bool {
        if case .wrapped(let wrapped) = layout?.shape { return wrapped.endMoves }
        return false
    }

    /// Whether two layouts wrap the same text the same way, whatever its end.
    private static func sameShape(_ a: MarkdownLineLayout.Wrapped, _ b: MarkdownLineLayout.Wrapped) -> Bool {
        var a = a
        a.textEnd = b.textEnd
        return a == b
    }

    private mutating func updateCode(indent: Int) {
        if !codeStarted {
            let spaces = line.prefix(while: { $0 == " " }).count
            // The code starts after up to `indent` spaces: known once something follows them.
            guard spaces > indent || line.dropFirst(spaces).first != nil || complete else {
                lastRows = MarkdownRenderer.codeRows(
                    MarkdownBlockParser.code(of: line[...], indent: indent), width: width)
                return
            }
            codeStarted = true
            codeOffset = min(spaces, indent)
            codeTaken = codeOffset
        }
        let utf8 = line.utf8
        let codeCount = utf8.count - codeOffset
        if codeCount > fed || complete {
            highlighter.append(utf8.dropFirst(codeOffset + fed), complete: complete)
            fed = codeCount
        }
        // A character is cut into rows for good once its colour is settled and, unless the line
        // is complete, another follows it (text appended may extend the last one).
        let rest = line[utf8.index(utf8.startIndex, offsetBy: codeTaken)...]
        var tentative: CodeLineRows?
        lastRows = []
        var offset = codeTaken - codeOffset
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            let next = rest.index(after: index)
            let size = character.utf8.count
            let role = highlighter.role(at: offset)
            if tentative == nil && (next < rest.endIndex || complete) && offset + size <= highlighter.settled {
                code.add(character, role, into: &codeRows)
                codeTaken += size
            } else {
                if tentative == nil { tentative = code }
                tentative!.add(character, role, into: &lastRows)
            }
            offset += size
            index = next
        }
        lastRows += (tentative ?? code).lastRows
    }
}
