import ChatCore

/// The conversation as rows at a given width: one label row per message, its reasoning and
/// content wrapped and indented, its error, and a blank row (see `MessageRows`).
///
/// It runs every frame while a reply streams, so it is incremental: each message keeps its own
/// rows and is only re-examined through cheap checks (sizes, status, error, stats); a message
/// whose text grew re-wraps only its new text; row counts live in prefix sums, so finding the
/// visible rows is a binary search and never copies the conversation.
///
/// It is also lazy: a (re)build lays out only the last messages, about `initialRows` rows, and
/// earlier ones are laid out when the view scrolls up to them (`extendUpward`), so opening a
/// 10,000-message conversation costs what its last screens cost. Rows are numbered from the
/// first laid-out message; message indices are the conversation's own. Since the pane keeps its
/// place as a distance from the bottom, laying out more above never moves the view.
@MainActor
public final class ConversationLayout {
    /// The width of the last update, 0 before the first.
    public private(set) var width = 0
    /// Whether assistant labels show the time to first token too.
    public let firstTokenInLabels: Bool
    /// Rows a rebuild lays out before the first frame: several screens of any terminal.
    public static let initialRows = 1_000
    /// The index of the first laid-out message; those before it are laid out on demand.
    public private(set) var firstLaidOutMessage = 0
    /// The laid-out messages, from `firstLaidOutMessage` on.
    private var messages: [MessageRows] = []
    /// `firstRows[i]` is the first row of laid-out message `i`; one more entry holds the total.
    private var firstRows: [Int] = [0]
    /// The conversation as of the last rebuild or of the last update that could have changed a
    /// message not laid out yet, for laying those out later. It is not replaced while only
    /// laid-out messages change (`unchangedBefore` says so): holding the caller's current array
    /// would share its storage, and the caller's next append to a streaming reply would then copy
    /// the whole conversation, on every token. So laid-out messages may be older here than on
    /// screen; their rows are what counts.
    private var source: [Message] = []
    /// Set by a rebuild from `source` (whose laid-out messages may be older than the caller's):
    /// the next update then checks every laid-out message, whatever `unchangedBefore` says.
    private var checkEveryMessage = false
    /// The alternatives of the messages that have some, by index: `‹ 2/3 ›` in their labels. Its
    /// owner sets it when the branch in view changes, not on every frame; the next update relabels
    /// the messages whose alternatives changed, whatever its `unchangedBefore` says.
    public var alternatives: [Int: Conversation.Alternatives] = [:] {
        didSet {
            guard alternatives != oldValue else { return }
            let changed = Set(oldValue.keys).union(alternatives.keys).filter { oldValue[$0] != alternatives[$0] }
            if let first = changed.min() { alternativesChangedFrom = min(alternativesChangedFrom ?? first, first) }
        }
    }
    /// The first message whose alternatives changed since the last update.
    private var alternativesChangedFrom: Int?
    /// Whether assistant replies show as written instead of rendered as Markdown (`/raw`);
    /// changing it lays the conversation out again.
    public var rawText: Bool {
        didSet {
            if rawText != oldValue && width > 0 { rebuild() }
        }
    }
    /// Whether a reply's reasoning stays open once its answer has started (Ctrl-T); folded to one
    /// row otherwise. Changing it lays the conversation out again.
    public var expandReasoning = false {
        didSet {
            if expandReasoning != oldValue && width > 0 { rebuild() }
        }
    }

    /// `firstTokenInLabels` adds "first token 120 ms" to assistant labels, for reviewing a past
    /// conversation, where no status bar shows the last reply's figures.
    public init(firstTokenInLabels: Bool = false, rawText: Bool = false) {
        self.firstTokenInLabels = firstTokenInLabels
        self.rawText = rawText
    }

    /// Brings the rows up to date with `messages` at `width` columns.
    ///
    /// `unchangedBefore` is a promise that messages before that index are the same as in the
    /// previous update (e.g. only the last message is streaming), which skips even the cheap
    /// checks on them; it is ignored when the width changed. When it covers every message not
    /// laid out yet, the layout keeps its older copy of the conversation instead of `messages`,
    /// so the caller's next change to the array does not copy the whole conversation.
    public func update(messages newMessages: [Message], width: Int, unchangedBefore: Int = 0) {
        if width != self.width || newMessages.count < firstLaidOutMessage {
            source = newMessages
            self.width = width
            rebuild()
            checkEveryMessage = false
            return
        }
        if unchangedBefore < firstLaidOutMessage { source = newMessages }
        let laidOut = newMessages.count - firstLaidOutMessage
        if messages.count > laidOut {
            messages.removeSubrange(laidOut...)
            firstRows.removeSubrange((laidOut + 1)...)
        }
        var firstChanged = messages.count
        let unchanged = min(unchangedBefore, alternativesChangedFrom ?? .max)
        let start = checkEveryMessage ? 0 : max(0, min(unchanged - firstLaidOutMessage, messages.count))
        checkEveryMessage = false
        alternativesChangedFrom = nil
        for local in start..<laidOut {
            let index = firstLaidOutMessage + local
            let message = newMessages[index]
            if local < messages.count {
                let before = messages[local].count
                messages[local].update(message, width: width, alternatives: alternatives[index])
                if messages[local].count != before { firstChanged = min(firstChanged, local) }
            } else {
                messages.append(
                    MessageRows(
                        message, width: width, firstToken: firstTokenInLabels, rawText: rawText,
                        expandReasoning: expandReasoning, alternatives: alternatives[index]))
            }
        }
        firstRows.removeSubrange((firstChanged + 1)...)
        for local in firstChanged..<messages.count {
            firstRows.append(firstRows[local] + messages[local].count)
        }
    }

    /// Forgets every row: the next update lays out the conversation it is given afresh (for a
    /// conversation that replaced the one shown, whose earlier messages were never compared).
    public func reset() {
        width = 0
        firstLaidOutMessage = 0
        messages.removeAll()
        firstRows = [0]
        source = []
    }

    /// Lays out the last messages of `source`, about `initialRows` rows.
    private func rebuild() {
        checkEveryMessage = true
        messages.removeAll(keepingCapacity: true)
        firstRows = [0]
        firstLaidOutMessage = source.count
        extendUpward(minimumRows: Self.initialRows)
    }

    /// Whether earlier messages wait to be laid out.
    public var hasMoreAbove: Bool { firstLaidOutMessage > 0 }

    /// Lays out earlier messages until at least `minimumRows` rows were added (or none is left)
    /// and returns how many rows were added; every row number grows by that many.
    @discardableResult
    public func extendUpward(minimumRows: Int) -> Int {
        guard hasMoreAbove, width > 0 else { return 0 }
        var added: [MessageRows] = []
        var rows = 0
        while firstLaidOutMessage > 0 && rows < minimumRows {
            firstLaidOutMessage -= 1
            let message = MessageRows(
                source[firstLaidOutMessage], width: width, firstToken: firstTokenInLabels, rawText: rawText,
                expandReasoning: expandReasoning, alternatives: alternatives[firstLaidOutMessage])
            rows += message.count
            added.append(message)
        }
        messages.insert(contentsOf: added.reversed(), at: 0)
        firstRows = [0]
        firstRows.reserveCapacity(messages.count + 1)
        for message in messages { firstRows.append(firstRows[firstRows.count - 1] + message.count) }
        return rows
    }

    /// Lays out every message (search needs them all); returns the rows added above.
    @discardableResult
    public func layOutAll() -> Int {
        extendUpward(minimumRows: .max)
    }

    /// All laid-out rows.
    public var totalRows: Int { firstRows[firstRows.count - 1] }

    /// The number of messages in the conversation (laid out or not).
    public var messageCount: Int { firstLaidOutMessage + messages.count }

    /// The rows in `range` (clamped to the conversation), built on demand.
    public func rows(in range: Range<Int>) -> [StyledLine] {
        let range = range.clamped(to: 0..<totalRows)
        guard !range.isEmpty, var location = location(ofRow: range.lowerBound) else { return [] }
        var rows: [StyledLine] = []
        rows.reserveCapacity(range.count)
        location.message -= firstLaidOutMessage
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

    /// The first row of message `index` (0 for one not laid out yet, the total for an index
    /// past the end).
    public func firstRow(ofMessage index: Int) -> Int {
        firstRows[min(max(0, index - firstLaidOutMessage), firstRows.count - 1)]
    }

    /// The number of rows of message `index` (0 for one not laid out yet).
    public func rowCount(ofMessage index: Int) -> Int {
        let local = index - firstLaidOutMessage
        return local >= 0 && local < messages.count ? messages[local].count : 0
    }

    /// The rows of message `index`'s text (see `MessageRows.textRows`), nil for a message not
    /// laid out.
    public func textRows(ofMessage index: Int) -> Range<Int>? {
        let local = index - firstLaidOutMessage
        guard local >= 0 && local < messages.count else { return nil }
        let rows = messages[local].textRows
        return firstRows[local] + rows.lowerBound..<firstRows[local] + rows.upperBound
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
        return (firstLaidOutMessage + low, row - firstRows[low])
    }

    /// Where to go for "previous message" from `row` (e.g. the top of the view): the first row of
    /// the message holding `row` when `row` is inside it, else the first row of the message
    /// before; nil at the very first row.
    public func previousMessageStart(from row: Int) -> Int? {
        guard totalRows > 0 else { return nil }
        // At the first laid-out message, lay out the one before it first.
        if hasMoreAbove, let location = location(ofRow: min(row, totalRows - 1)),
            location.message == firstLaidOutMessage, location.row == 0
        {
            return previousMessageStart(from: row + extendUpward(minimumRows: 1))
        }
        guard let location = location(ofRow: min(row, totalRows - 1)) else { return nil }
        if row >= totalRows { return firstRow(ofMessage: location.message) }
        if location.row > 0 { return firstRow(ofMessage: location.message) }
        return location.message > 0 ? firstRow(ofMessage: location.message - 1) : nil
    }

    /// Where to go for "next message" from `row`: the first row of the message after the one
    /// holding `row`; nil from the last message. A row before the conversation goes to the first.
    public func nextMessageStart(from row: Int) -> Int? {
        if row < 0 { return totalRows > 0 ? 0 : nil }
        guard let location = location(ofRow: row), location.message + 1 < messageCount else { return nil }
        return firstRow(ofMessage: location.message + 1)
    }
}
