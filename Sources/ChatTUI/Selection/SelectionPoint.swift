/// Where the selection's cursor or anchor is: a line (an index into `MessageLines.lines`) of a
/// message (an index into the conversation). Points order as the conversation reads.
struct SelectionPoint: Sendable, Hashable, Comparable {
    var message: Int
    var line: Int

    static func < (left: SelectionPoint, right: SelectionPoint) -> Bool {
        (left.message, left.line) < (right.message, right.line)
    }
}

/// The conversation as the selection moves over it: each message's lines.
@MainActor
protocol SelectionDocument {
    var messageCount: Int { get }
    /// The lines of message `index` (`MessageLines.empty` for one without text).
    func lines(ofMessage index: Int) -> MessageLines
}

extension SelectionDocument {
    /// The last line of the newest message that has one: where the cursor starts.
    var lastPoint: SelectionPoint? {
        for message in stride(from: messageCount - 1, through: 0, by: -1) {
            let count = lines(ofMessage: message).lines.count
            if count > 0 { return SelectionPoint(message: message, line: count - 1) }
        }
        return nil
    }

    /// The first line of the oldest message that has one.
    var firstPoint: SelectionPoint? {
        for message in 0..<messageCount where !lines(ofMessage: message).lines.isEmpty {
            return SelectionPoint(message: message, line: 0)
        }
        return nil
    }

    /// The line after `point`, in its message or the next message with lines; nil at the end.
    func point(after point: SelectionPoint) -> SelectionPoint? {
        if point.line + 1 < lines(ofMessage: point.message).lines.count {
            return SelectionPoint(message: point.message, line: point.line + 1)
        }
        for message in point.message + 1..<max(point.message + 1, messageCount)
        where !lines(ofMessage: message).lines.isEmpty {
            return SelectionPoint(message: message, line: 0)
        }
        return nil
    }

    /// The line before `point`, in its message or the last line of the previous message with
    /// lines; nil at the start.
    func point(before point: SelectionPoint) -> SelectionPoint? {
        if point.line > 0 { return SelectionPoint(message: point.message, line: point.line - 1) }
        for message in stride(from: point.message - 1, through: 0, by: -1) {
            let count = lines(ofMessage: message).lines.count
            if count > 0 { return SelectionPoint(message: message, line: count - 1) }
        }
        return nil
    }

    /// The lines from `start` to `end` (inclusive), message by message, skipping messages
    /// without lines: what a range covers.
    func spans(from start: SelectionPoint, to end: SelectionPoint) -> [(message: Int, lines: ClosedRange<Int>)] {
        guard start <= end else { return [] }
        var spans: [(message: Int, lines: ClosedRange<Int>)] = []
        for message in start.message...end.message {
            let count = lines(ofMessage: message).lines.count
            guard count > 0 else { continue }
            let first = message == start.message ? start.line : 0
            let last = message == end.message ? end.line : count - 1
            if first <= last { spans.append((message, first...last)) }
        }
        return spans
    }
}
