/// One code line cut into rows of `width` cells, each continuation after a "↪ " mark (in
/// `.codeHeader`), each row padded to the width in `.codeBlock`: the engine behind
/// `MarkdownRenderer.codeRows`. It takes the line a character at a time and hands out each row
/// once it is full, so a code line that grows costs its new characters.
struct CodeLineRows: Sendable {
    private let width: Int
    private let mark: String
    private var emitted = 0
    private var row = ""
    private var used = 0
    private var capacity: Int

    init(width: Int) {
        self.width = max(1, width)
        mark = self.width > 2 ? MarkdownRenderer.codeContinuation : ""
        capacity = self.width
    }

    /// Adds `character`, appending the row it fills (or the one it does not fit in) to `rows`.
    mutating func add(_ character: Character, into rows: inout [StyledLine]) {
        var character = character
        var characterWidth = TextWidth.of(character)
        if used + characterWidth > capacity {
            if used > 0 { emit(into: &rows) }
            if characterWidth > capacity {
                character = "\u{FFFD}"
                characterWidth = 1
            }
        }
        row.append(character)
        used += characterWidth
        if used == capacity { emit(into: &rows) }
    }

    /// The rows the line ends with if it ends here: the row being filled, if any.
    var lastRows: [StyledLine] {
        used > 0 || emitted == 0 ? [styled()] : []
    }

    private mutating func emit(into rows: inout [StyledLine]) {
        rows.append(styled())
        emitted += 1
        row = ""
        used = 0
        capacity = width - TextWidth.of(mark)
    }

    private func styled() -> StyledLine {
        let padded = row + String(repeating: " ", count: max(0, capacity - used))
        return StyledLine(
            emitted == 0 || mark.isEmpty
                ? [StyledLine.Span(padded, .codeBlock)]
                : [StyledLine.Span(mark, .codeHeader), StyledLine.Span(padded, .codeBlock)])
    }
}
