/// The one-line prompt editor: text edited by grapheme, so the cursor never stops inside a CJK
/// character, an emoji (ZWJ sequences and flags included) or a letter with combining marks.
///
/// Every edit rebuilds the text and segments it again (a deletion can let neighbours join into
/// one grapheme); prompts are short, so linear work per key is fine.
public struct InputLine: Sendable, Hashable {
    /// The text as graphemes; the cursor is an index into it.
    private var graphemes: [Character] = []
    /// The cursor as a grapheme offset: 0 is before the first, `count` after the last.
    public private(set) var cursor = 0

    /// The chat prompt's mark.
    public static let prompt = "› "

    public init(text: String = "") {
        graphemes = Array(Self.clean(text))
        cursor = graphemes.count
    }

    public var text: String { String(graphemes) }
    public var isEmpty: Bool { graphemes.isEmpty }
    public var isCursorAtEnd: Bool { cursor == graphemes.count }

    /// Inserts typed or pasted text at the cursor: line breaks become spaces, tabs and control
    /// characters are sanitised.
    public mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        replace(cursor..<cursor, with: Self.clean(s))
    }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        replace((cursor - 1)..<cursor, with: "")
    }

    public mutating func deleteForward() {
        guard cursor < graphemes.count else { return }
        replace(cursor..<(cursor + 1), with: "")
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(graphemes.count, cursor + 1) }
    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = graphemes.count }

    public mutating func deleteToEnd() {
        replace(cursor..<graphemes.count, with: "")
    }

    public mutating func deleteToStart() {
        replace(0..<cursor, with: "")
    }

    /// Deletes the word before the cursor and the spaces after it, like readline's Ctrl-W.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && graphemes[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !graphemes[start - 1].isWhitespace { start -= 1 }
        replace(start..<cursor, with: "")
    }

    /// Returns the text and clears the editor.
    public mutating func take() -> String {
        let taken = text
        graphemes = []
        cursor = 0
        return taken
    }

    /// The prompt row: "› " then the text, scrolled horizontally so the cursor is always
    /// visible, and the cursor's column in that row. The view moves by half a width at a time,
    /// so it depends only on the text and the cursor and does not jump while typing.
    ///
    /// The one-line editors (the history browser's query, the viewer's "/" search) pass their
    /// own `prompt` and `placeholder`, which must be safe to draw.
    public func render(
        width: Int, prompt: String = InputLine.prompt, placeholder: String = ""
    ) -> (line: StyledLine, cursorColumn: Int) {
        let promptWidth = TextWidth.of(prompt)
        guard width > promptWidth else {
            return (StyledLine(TextWidth.truncate(prompt, to: width), .inputPrompt), max(0, width - 1))
        }
        let available = width - promptWidth
        guard !graphemes.isEmpty else {
            let hint = StyledLine.Span(TextWidth.truncate(placeholder, to: available), .dim)
            return (StyledLine([StyledLine.Span(prompt, .inputPrompt), hint]), promptWidth)
        }
        var cursorX = 0
        for character in graphemes[..<cursor] { cursorX += TextWidth.of(character) }
        let step = max(1, available / 2)
        var scroll = 0
        if cursorX > available - 1 {
            let beyond = cursorX - (available - 1)
            scroll = (beyond + step - 1) / step * step
        }
        // Start at the first grapheme that begins at or after `scroll`, never inside one.
        var column = 0
        var index = 0
        while index < graphemes.count && column < scroll {
            column += TextWidth.of(graphemes[index])
            index += 1
        }
        let firstColumn = column
        var visible = String()
        while index < graphemes.count {
            let width = TextWidth.of(graphemes[index])
            if column - firstColumn + width > available { break }
            visible.append(graphemes[index])
            column += width
            index += 1
        }
        let line = StyledLine([StyledLine.Span(prompt, .inputPrompt), StyledLine.Span(visible, .inputText)])
        return (line, promptWidth + cursorX - firstColumn)
    }

    /// Replaces the graphemes in `range` and puts the cursor after the new text (after the
    /// grapheme it ends in, when it joined a neighbour).
    private mutating func replace(_ range: Range<Int>, with replacement: String) {
        guard !range.isEmpty || !replacement.isEmpty else { return }
        cursor = GraphemeEdit.replace(&graphemes, range, with: replacement)
    }

    /// Pasted text on one line: "\r\n", "\r" and "\n" become spaces, then the sanitiser runs.
    private static func clean(_ s: String) -> String {
        GraphemeEdit.clean(s, lineBreak: " ")
    }
}
