/// A search inside the conversation pane, as in less: every match of a query in the laid-out
/// conversation, in order, with a current match that `next()` and `previous()` move through,
/// wrapping around at the ends.
///
/// Matching ignores case, accents and full-width forms and works on CJK and emoji (see
/// `FoldedText`). It runs on the rows as they are shown: a match lies within one row and never
/// spans a wrap, so a phrase that the wrapper broke across two rows is not found (less does the
/// same with its screen lines). Label rows ("Assistant · 532 tok …") are not searched; the
/// text of messages is — reasoning (with its "thinking: " mark), content and errors.
///
/// The search follows its layout: when the layout's width or rows change (a resize re-wraps the
/// conversation) the matches are found again on the next question asked, and the current match
/// stays on the same message as far as possible. A growing (streaming) last row is not noticed
/// until its row count changes.
///
/// How the app drives it: the read-only `ConversationViewer` owns one; to search the live chat
/// the same way, make one with `ChatScreen.layout`, pass `highlights(inRow:)` to
/// `ChatScreen.render(…, highlights:)`, and scroll with `ChatScreen.reveal(row:)` to the rows
/// that `selectFirst(atOrAfter:)`, `next()` and `previous()` return.
@MainActor
public final class ConversationSearch {
    /// One match: a conversation row, the display columns it covers in that row, and the
    /// message the row belongs to.
    public struct Match: Sendable, Hashable {
        public var row: Int
        public var columns: Range<Int>
        public var message: Int

        public init(row: Int, columns: Range<Int>, message: Int) {
            self.row = row
            self.columns = columns
            self.message = message
        }
    }

    /// The query as given.
    public let query: String
    private let layout: ConversationLayout
    private let needle: FoldedText
    private var found: [Match] = []
    private var current: Int?
    /// What the layout looked like when the matches were found.
    private var snapshot: (width: Int, rows: Int, messages: Int) = (-1, -1, -1)

    /// Finds every match of `query` in `layout`'s rows. No match is current yet.
    public init(query: String, layout: ConversationLayout) {
        self.query = query
        self.layout = layout
        self.needle = FoldedText(query)
        refreshIfNeeded()
    }

    /// Every match, in the order of the conversation: by row, then by column.
    public var matches: [Match] {
        refreshIfNeeded()
        return found
    }

    public var matchCount: Int { matches.count }

    /// The index of the current match in `matches`, nil until one is selected.
    public var currentIndex: Int? {
        refreshIfNeeded()
        return current
    }

    /// The current match.
    public var currentMatch: Match? { currentIndex.map { found[$0] } }

    /// "3/17" with a current match, "17" before one is selected, "0" when nothing matches.
    public var positionText: String {
        guard let index = currentIndex else { return "\(matchCount)" }
        return "\(index + 1)/\(found.count)"
    }

    /// What the status bar says when `/find` found the query: the position, then the keys that
    /// move between the matches, named by `keys`.
    public func foundNotice(naming keys: KeyNames = KeyTable.keyNames) -> String {
        "“\(query)” \(positionText) · \(keys(.chat(.findOlder))) older · \(keys(.chat(.findNewer))) newer · /find clears"
    }

    /// Makes the first match at or after `row` current (wrapping to the first match) and returns
    /// its row; nil when nothing matches.
    @discardableResult
    public func selectFirst(atOrAfter row: Int) -> Int? {
        refreshIfNeeded()
        guard !found.isEmpty else { return nil }
        let index = firstIndex(atOrAfterRow: row)
        current = index < found.count ? index : 0
        return found[current!].row
    }

    /// Makes the last match at or before `row` current (wrapping to the last match) and returns
    /// its row; nil when nothing matches.
    @discardableResult
    public func selectLast(atOrBefore row: Int) -> Int? {
        refreshIfNeeded()
        guard !found.isEmpty else { return nil }
        let index = firstIndex(atOrAfterRow: row == .max ? row : row + 1) - 1
        current = index >= 0 ? index : found.count - 1
        return found[current!].row
    }

    /// Moves to the next match (the first one when none is current, wrapping after the last)
    /// and returns its row; nil when nothing matches.
    @discardableResult
    public func next() -> Int? {
        refreshIfNeeded()
        guard !found.isEmpty else { return nil }
        current = current.map { ($0 + 1) % found.count } ?? 0
        return found[current!].row
    }

    /// Moves to the previous match (the last one when none is current, wrapping before the first)
    /// and returns its row; nil when nothing matches.
    @discardableResult
    public func previous() -> Int? {
        refreshIfNeeded()
        guard !found.isEmpty else { return nil }
        current = current.map { ($0 + found.count - 1) % found.count } ?? found.count - 1
        return found[current!].row
    }

    /// The display columns to highlight in conversation row `row`, sorted; empty for most rows.
    public func highlights(inRow row: Int) -> [Range<Int>] {
        refreshIfNeeded()
        var index = firstIndex(atOrAfterRow: row)
        var columns: [Range<Int>] = []
        while index < found.count && found[index].row == row {
            columns.append(found[index].columns)
            index += 1
        }
        return columns
    }

    /// The first index whose match is on `row` or later (`found.count` when none is).
    private func firstIndex(atOrAfterRow row: Int) -> Int {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if found[middle].row < row { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func refreshIfNeeded() {
        // Every message must be laid out to be searched (and counted in the snapshot).
        layout.layOutAll()
        let now = (layout.width, layout.totalRows, layout.messageCount)
        guard now != snapshot else { return }
        // Keep the current match on the same message: its rank among that message's matches.
        var anchor: (message: Int, rank: Int)?
        if let current {
            let message = found[current].message
            let firstOfMessage = found.firstIndex { $0.message == message } ?? current
            anchor = (message, current - firstOfMessage)
        }
        snapshot = now
        found = Self.search(needle, in: layout)
        current = nil
        if let anchor {
            let first = firstIndex(atOrAfterRow: layout.firstRow(ofMessage: anchor.message))
            let candidate = first + anchor.rank
            if candidate < found.count && found[candidate].message == anchor.message {
                current = candidate
            } else if first < found.count {
                current = first
            }
        }
    }

    /// Every match of `needle` in the message rows of `layout`, label rows left out.
    private static func search(_ needle: FoldedText, in layout: ConversationLayout) -> [Match] {
        guard !needle.isEmpty else { return [] }
        layout.layOutAll()
        var matches: [Match] = []
        var cache = FoldedText.Cache()
        for message in 0..<layout.messageCount {
            let first = layout.firstRow(ofMessage: message)
            let count = layout.rowCount(ofMessage: message)
            guard count > 1 else { continue }
            let rows = layout.rows(in: (first + 1)..<(first + count))
            for (offset, row) in rows.enumerated() {
                let text = FoldedText(row.text, cache: &cache)
                let ranges = text.occurrences(of: needle)
                guard !ranges.isEmpty else { continue }
                for columns in text.columns(of: ranges) {
                    matches.append(Match(row: first + 1 + offset, columns: columns, message: message))
                }
            }
        }
        return matches
    }
}
