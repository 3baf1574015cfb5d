import ChatCore

/// The conversation as rows at a given width: one label row per message, its reasoning and
/// content wrapped and indented, its error, and a blank row (see `MessageRows`).
///
/// It runs every frame while a reply streams, so it is incremental: each message keeps its own
/// rows and is only re-examined through cheap checks (sizes, status, error, stats); a message
/// whose text grew re-wraps only its new text; row counts live in prefix sums, so finding the
/// visible rows is a binary search and never copies the conversation. A width change rebuilds
/// everything.
@MainActor
public final class ConversationLayout {
    /// The width of the last update, 0 before the first.
    public private(set) var width = 0
    /// Whether assistant labels show the time to first token too.
    public let firstTokenInLabels: Bool
    private var messages: [MessageRows] = []
    /// `firstRows[i]` is the first row of message `i`; one more entry holds the total.
    private var firstRows: [Int] = [0]

    /// `firstTokenInLabels` adds "first token 120 ms" to assistant labels, for reviewing a past
    /// conversation, where no status bar shows the last reply's figures.
    public init(firstTokenInLabels: Bool = false) {
        self.firstTokenInLabels = firstTokenInLabels
    }

    /// Brings the rows up to date with `messages` at `width` columns.
    ///
    /// `unchangedBefore` is a promise that messages before that index are the same as in the
    /// previous update (e.g. only the last message is streaming), which skips even the cheap
    /// checks on them; it is ignored when the width changed.
    public func update(messages newMessages: [Message], width: Int, unchangedBefore: Int = 0) {
        var start = min(max(0, unchangedBefore), messages.count)
        if width != self.width {
            self.width = width
            messages.removeAll(keepingCapacity: true)
            start = 0
        }
        if messages.count > newMessages.count {
            messages.removeSubrange(newMessages.count...)
        }
        var firstChanged = messages.count
        for index in min(start, newMessages.count)..<newMessages.count {
            if index < messages.count {
                let before = messages[index].count
                messages[index].update(newMessages[index], width: width)
                if messages[index].count != before { firstChanged = min(firstChanged, index) }
            } else {
                messages.append(MessageRows(newMessages[index], width: width, firstToken: firstTokenInLabels))
            }
        }
        firstRows.removeSubrange((firstChanged + 1)...)
        for index in firstChanged..<messages.count {
            firstRows.append(firstRows[index] + messages[index].count)
        }
    }

    /// All rows of the conversation.
    public var totalRows: Int { firstRows[firstRows.count - 1] }

    /// The number of messages laid out.
    public var messageCount: Int { messages.count }

    /// The rows in `range` (clamped to the conversation), built on demand.
    public func rows(in range: Range<Int>) -> [StyledLine] {
        let range = range.clamped(to: 0..<totalRows)
        guard !range.isEmpty, var location = location(ofRow: range.lowerBound) else { return [] }
        var rows: [StyledLine] = []
        rows.reserveCapacity(range.count)
        while rows.count < range.count {
            let rowsOfMessage = messages[location.message]
            while location.row < rowsOfMessage.count && rows.count < range.count {
                rows.append(rowsOfMessage.row(location.row))
                location.row += 1
            }
            location = (location.message + 1, 0)
        }
        return rows
    }

    /// The first row of message `index` (the total for an index past the end).
    public func firstRow(ofMessage index: Int) -> Int {
        firstRows[min(max(0, index), firstRows.count - 1)]
    }

    /// The number of rows of message `index`.
    public func rowCount(ofMessage index: Int) -> Int {
        index >= 0 && index < messages.count ? messages[index].count : 0
    }

    /// Which message a row belongs to and its row within that message, or nil outside.
    public func location(ofRow row: Int) -> (message: Int, row: Int)? {
        guard row >= 0, row < totalRows else { return nil }
        // The last message whose first row is at or before `row`.
        var low = 0
        var high = messages.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if firstRows[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - firstRows[low])
    }

    /// Where to go for "previous message" from `row` (e.g. the top of the view): the first row of
    /// the message holding `row` when `row` is inside it, else the first row of the message
    /// before; nil at the very first row.
    public func previousMessageStart(from row: Int) -> Int? {
        guard totalRows > 0 else { return nil }
        guard let location = location(ofRow: min(row, totalRows - 1)) else { return nil }
        if row >= totalRows { return firstRow(ofMessage: location.message) }
        if location.row > 0 { return firstRow(ofMessage: location.message) }
        return location.message > 0 ? firstRow(ofMessage: location.message - 1) : nil
    }

    /// Where to go for "next message" from `row`: the first row of the message after the one
    /// holding `row`; nil from the last message. A row before the conversation goes to the first.
    public func nextMessageStart(from row: Int) -> Int? {
        if row < 0 { return totalRows > 0 ? 0 : nil }
        guard let location = location(ofRow: row), location.message + 1 < messages.count else { return nil }
        return firstRow(ofMessage: location.message + 1)
    }
}
