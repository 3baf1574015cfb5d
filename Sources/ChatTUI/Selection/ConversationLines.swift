import ChatCore

/// The conversation on screen as the selection sees it: each message's `MessageLines` at the
/// layout's width, worked out when first asked for and kept while the message, the width and
/// raw mode stay as they were (a streaming reply's are worked out again as it grows).
///
/// It reads the session's messages one at a time and never keeps the array: holding it would
/// make each streamed token copy the conversation (see `ConversationLayout.source`).
@MainActor
final class ConversationLines: SelectionDocument {
    private let session: ChatSession
    private let layout: ConversationLayout
    private var cache: [Int: (content: String, role: Role, lines: MessageLines)] = [:]
    private var cachedWidth = 0
    private var cachedRaw = false

    init(session: ChatSession, layout: ConversationLayout) {
        self.session = session
        self.layout = layout
    }

    var messageCount: Int { session.conversation.messages.count }

    func lines(ofMessage index: Int) -> MessageLines {
        let messages = session.conversation.messages
        guard messages.indices.contains(index), layout.width > 0 else { return .empty }
        if layout.width != cachedWidth || layout.rawText != cachedRaw {
            cache.removeAll()
            cachedWidth = layout.width
            cachedRaw = layout.rawText
        }
        let message = messages[index]
        if let hit = cache[index], hit.role == message.role, hit.content == message.content { return hit.lines }
        let lines = MessageLines(
            message.content, markdown: message.role == .assistant && !layout.rawText,
            width: layout.width - MessageRows.indent.count)
        cache[index] = (message.content, message.role, lines)
        return lines
    }

    /// The rows of the line at `point`, in the layout's numbering; nil when its message is not
    /// laid out, or its text's rows are not those the lines expect.
    func rows(of point: SelectionPoint) -> Range<Int>? {
        let lines = lines(ofMessage: point.message)
        guard let text = layout.textRows(ofMessage: point.message), text.count == lines.rowCount,
            lines.lines.indices.contains(point.line)
        else { return nil }
        let rows = lines.lines[point.line].rows
        return text.lowerBound + rows.lowerBound..<text.lowerBound + rows.upperBound
    }

    /// The line shown on `row` of the layout, nil for a row that shows none (a label, a blank).
    func point(atRow row: Int) -> SelectionPoint? {
        guard let location = layout.location(ofRow: row), let text = layout.textRows(ofMessage: location.message),
            text.contains(row)
        else { return nil }
        let lines = lines(ofMessage: location.message)
        guard text.count == lines.rowCount, let line = lines.line(atRow: row - text.lowerBound) else { return nil }
        return SelectionPoint(message: location.message, line: line)
    }
}
