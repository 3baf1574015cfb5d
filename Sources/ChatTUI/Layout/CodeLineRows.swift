/// One code line cut into rows of `width` cells, each continuation after a "↪ " mark (in
/// `.codeHeader`), each row padded to the width in `.codeBlock`: the engine behind
/// `MarkdownRenderer.codeRows`. It takes the line a character at a time, each in the role the
/// highlighter gave it, and hands out each row once it is full, so a code line that grows
/// costs its new characters.
struct CodeLineRows: Sendable {
    private let width: Int
    private let mark: String
    private var emitted = 0
    private var spans: [StyledLine.Span] = []
    private var used = 0
    private var capacity: Int

    init(width: Int) {
        self.width = max(1, width)
        mark = self.width > 2 ? MarkdownRenderer.codeContinuation : ""
        capacity = self.width
    }

    /// Adds `character` in `role`, appending the row it fills (or the one it does not fit in)
    /// to `rows`.
    mutating func add(_ character: Character, _ role: StyleRole = .codeBlock, into rows: inout [StyledLine]) {
        var character = character
        var characterWidth = TextWidth.of(character)
        if used + characterWidth > capacity {
            if used > 0 { emit(into: &rows) }
            if characterWidth > capacity {
                character = "\u{FFFD}"
                characterWidth = 1
            }
        }
        if let last = spans.last, last.role == role {
            spans[spans.count - 1].text.append(character)
        } else {
            spans.append(StyledLine.Span(String(character), role))
        }
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
        spans = []
        used = 0
        capacity = width - TextWidth.of(mark)
    }

    /// The row so far, padded in `.codeBlock` whatever role its end has: the padding of the
    /// row being filled then never changes as tokens are coloured, and costs no bytes.
    private func styled() -> StyledLine {
        var row = spans
        let padding = String(repeating: " ", count: max(0, capacity - used))
        if let last = row.last, last.role == .codeBlock {
            row[row.count - 1].text += padding
        } else if !padding.isEmpty || row.isEmpty {
            row.append(StyledLine.Span(padding, .codeBlock))
        }
        if emitted > 0 && !mark.isEmpty { row.insert(StyledLine.Span(mark, .codeHeader), at: 0) }
        return StyledLine(row)
    }
}
