/// How a key moves the selection's cursor.
enum SelectionMotion: Sendable, Hashable {
    case lineUp, lineDown
    /// `[` / `]`: the start of the message (or of the one before, from its start) / of the next.
    case previousMessage, nextMessage
    /// `{` / `}`: the opening fence of the code block (of the one before, from its fence) / of
    /// the next.
    case previousBlock, nextBlock
    /// About `rows` rows of text up or down, whole lines at a time.
    case pageUp(rows: Int)
    case pageDown(rows: Int)
    case top, bottom

    /// Where the cursor goes from `point` in `document`; `point` itself when it cannot move.
    @MainActor
    func destination(from point: SelectionPoint, in document: some SelectionDocument) -> SelectionPoint {
        switch self {
        case .lineUp:
            return document.point(before: point) ?? point
        case .lineDown:
            return document.point(after: point) ?? point
        case .previousMessage:
            if point.line > 0 { return SelectionPoint(message: point.message, line: 0) }
            guard let before = document.point(before: point) else { return point }
            return SelectionPoint(message: before.message, line: 0)
        case .nextMessage:
            let count = document.lines(ofMessage: point.message).lines.count
            return document.point(after: SelectionPoint(message: point.message, line: count - 1)) ?? point
        case .previousBlock:
            let lines = document.lines(ofMessage: point.message)
            if let block = lines.lines[point.line].block, lines.blocks[block].lines.lowerBound < point.line {
                return SelectionPoint(message: point.message, line: lines.blocks[block].lines.lowerBound)
            }
            return blockStart(from: point, in: document, step: { document.point(before: $0) }) ?? point
        case .nextBlock:
            return blockStart(from: point, in: document, step: { document.point(after: $0) }) ?? point
        case .pageUp(let rows):
            return paged(from: point, rows: rows, in: document) { document.point(before: $0) }
        case .pageDown(let rows):
            return paged(from: point, rows: rows, in: document) { document.point(after: $0) }
        case .top:
            return document.firstPoint ?? point
        case .bottom:
            return document.lastPoint ?? point
        }
    }

    /// The first line (the opening fence) of the next block met stepping from `point`, a block
    /// other than the one `point` is in.
    @MainActor
    private func blockStart(
        from point: SelectionPoint, in document: some SelectionDocument,
        step: (SelectionPoint) -> SelectionPoint?
    ) -> SelectionPoint? {
        let startBlock = document.lines(ofMessage: point.message).lines[point.line].block
        var current = point
        while let next = step(current) {
            current = next
            let lines = document.lines(ofMessage: next.message)
            guard let block = lines.lines[next.line].block else { continue }
            if next.message == point.message && block == startBlock { continue }
            return SelectionPoint(message: next.message, line: lines.blocks[block].lines.lowerBound)
        }
        return nil
    }

    /// Steps line by line until at least `rows` rows were passed, or the end.
    @MainActor
    private func paged(
        from point: SelectionPoint, rows: Int, in document: some SelectionDocument,
        step: (SelectionPoint) -> SelectionPoint?
    ) -> SelectionPoint {
        var current = point
        var passed = 0
        while passed < max(1, rows), let next = step(current) {
            passed += document.lines(ofMessage: next.message).lines[next.line].rows.count
            current = next
        }
        return current
    }
}
