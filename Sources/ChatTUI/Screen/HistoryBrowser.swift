import Foundation

/// The history browser: a full-screen overlay listing saved conversations, newest first, with
/// search as you type.
///
/// ```
///  History · 12 conversations · type to search                       (.overlayTitle)
/// › story█                                                           query and cursor
/// 2026-11-27 14:05  Tell me a story              qwen2  42 msgs  12 KB   (.selection)
/// 2026-11-26 09:12  A story about 東京             glm4   6 msgs   3 KB
/// ```
///
/// The query is typed and edited as a search line. It is split into words at spaces, and a conversation matches when
/// every word is found in its title or its model, ignoring case, accents and full-width forms
/// (see `FoldedText`); CJK needs no spaces. Matches are drawn in `.searchMatch`. When the app
/// supplies `search` and it returns results for a query, those are listed instead, in the order
/// given (a full-text search of the store, each entry with its `matchCount`).
///
/// Keys: the `KeyTable`'s history keys (`KeyAction.History`), then its search-line keys. The
/// selection stops at the ends; opening gives `.open(id)`.
///
/// How the app drives it: on the history command, build it from the store's listing
/// (`HistoryEntry` per conversation, newest first) and keep it while it is open; send it every
/// key (resize excepted: just redraw) and draw it with `render(on:)` in place of the chat screen
/// on each frame. On `.open(id)` load that conversation and show it (`ConversationViewer`); on
/// `.close` drop the browser and draw the chat screen again. For a slow full-text search, let
/// `search` return nil and deliver results later with `showSearchResults(_:for:)`.
@MainActor
public final class HistoryBrowser {
    /// What the app should do after a key.
    public enum Action: Sendable, Hashable {
        /// Open the conversation with this id.
        case open(String)
        /// Leave the browser.
        case close
    }

    /// Every conversation, newest first.
    public private(set) var entries: [HistoryEntry]
    /// The conversations listed for the current query.
    public private(set) var filtered: [HistoryEntry]
    /// The index of the selected conversation in `filtered` (0 when the list is empty).
    public private(set) var selection = 0
    /// The index in `filtered` of the first conversation in view.
    public private(set) var scrollOffset = 0

    /// How many files of the folder could not be read and are not listed.
    public let unreadable: Int
    private var queryLine = InputLine()
    private let search: ((String) -> [HistoryEntry]?)?
    private let calendar: Calendar
    /// How many list rows the last render showed, for PgUp/PgDn before it is known again.
    private var listHeight = 10
    /// Folded titles and models, by their sanitised text.
    private var folded: [String: FoldedText] = [:]
    private var foldCache = FoldedText.Cache()

    static let queryPrompt = "› "
    /// The title's hints while a search is under way.
    static let searchHints = searchHints(naming: KeyTable.keyNames)
    static let tooSmallRows = 3

    /// Lists `entries` newest first, with dates in `timeZone`, and says in the title that
    /// `unreadable` files were skipped. `search`, when given, is asked for every non-empty query;
    /// a nil answer means "filter titles and models here".
    public init(
        entries: [HistoryEntry], unreadable: Int = 0, timeZone: TimeZone = .current,
        search: ((String) -> [HistoryEntry]?)? = nil
    ) {
        self.entries = Self.newestFirst(entries)
        self.unreadable = unreadable
        self.filtered = self.entries
        self.search = search
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The query as typed.
    public var query: String { queryLine.text }

    /// The selected conversation, nil when nothing is listed.
    public var selectedEntry: HistoryEntry? { filtered.indices.contains(selection) ? filtered[selection] : nil }

    /// Handles one key, as the `KeyTable` binds keys in the browser and then in a search line;
    /// nil means "keep the browser open and redraw".
    public func handle(_ key: Key) -> Action? {
        let before = queryLine.text
        if let action = KeyTable.history[key] {
            if let result = perform(action) { return result }
        } else {
            queryLine.handle(key)
        }
        if queryLine.text != before { refilter() }
        return nil
    }

    private func perform(_ action: KeyAction.History) -> Action? {
        switch action {
        case .previous: select(selection - 1)
        case .next: select(selection + 1)
        case .pageUp: select(selection - pageStep)
        case .pageDown: select(selection + pageStep)
        case .wheelUp: select(selection - ChatController.wheelLines)
        case .wheelDown: select(selection + ChatController.wheelLines)
        case .first: select(0)
        case .last: select(filtered.count - 1)
        case .open: return selectedEntry.map { .open($0.id) }
        case .clearOrClose:
            if queryLine.isEmpty { return .close }
            queryLine = InputLine()
        case .close: return .close
        }
        return nil
    }

    /// Replaces the list (the store changed), keeping the query and, when it is still listed,
    /// the selected conversation.
    public func update(entries: [HistoryEntry]) {
        let selectedID = selectedEntry?.id
        self.entries = Self.newestFirst(entries)
        refilter()
        if let selectedID, let index = filtered.firstIndex(where: { $0.id == selectedID }) { select(index) }
    }

    /// Shows full-text results that arrived after the query was typed; ignored when the query has
    /// changed since (the results are for an older query).
    public func showSearchResults(_ results: [HistoryEntry], for query: String) {
        guard query == self.query, !Self.words(query).isEmpty else { return }
        let selectedID = selectedEntry?.id
        filtered = results
        selection = 0
        scrollOffset = 0
        if let selectedID, let index = filtered.firstIndex(where: { $0.id == selectedID }) { select(index) }
    }

    /// Draws the browser over the whole surface, with the cursor in the query.
    public func render(on surface: any Surface) {
        let size = surface.size
        guard size.rows >= ChatScreen.minimumSize.rows, size.columns >= ChatScreen.minimumSize.columns else {
            ChatScreen.drawTooSmall(size, on: surface)
            return
        }
        let lines = rows(for: size)
        for (row, line) in lines.enumerated() {
            surface.drawRow(row, line, fill: row == 0 ? .overlayTitle : .plain)
        }
        surface.placeCursor(row: 1, column: queryRow(width: size.columns).cursorColumn)
    }

    /// The rows `render(on:)` draws at `size`, top to bottom: the title, the query, then one
    /// row per conversation in view (each exactly `size.columns` wide) or the empty-state line.
    /// Brings the scroll offset in line with the selection for that height.
    public func rows(for size: TerminalSize) -> [StyledLine] {
        let width = size.columns
        let height = max(1, size.rows - 2)
        listHeight = height
        keepSelectionInView()
        var lines = [titleRow(width: width), queryRow(width: width).line]
        if filtered.isEmpty {
            lines.append(StyledLine(TextWidth.truncate(emptyText, to: width), .dim))
        } else {
            let visible = filtered[scrollOffset..<min(filtered.count, scrollOffset + height)]
            let models = filtered.map { Sanitizer.singleLineText($0.model) }
            let format = HistoryRowFormat(entries: filtered, models: models, width: width, calendar: calendar)
            let words = Self.words(query).map { FoldedText($0, cache: &foldCache) }
            for (index, entry) in zip(visible.indices, visible) {
                lines.append(line(for: entry, format: format, words: words, selected: index == selection))
            }
        }
        while lines.count < size.rows { lines.append(StyledLine()) }
        return Array(lines.prefix(max(0, size.rows)))
    }

    // MARK: Filtering

    private func refilter() {
        let words = Self.words(query)
        if words.isEmpty {
            filtered = entries
        } else if let results = search?(query) {
            filtered = results
        } else {
            let needles = words.map { FoldedText($0, cache: &foldCache) }
            filtered = entries.filter { entry in
                let title = fold(Sanitizer.singleLineText(entry.title))
                let model = fold(Sanitizer.singleLineText(entry.model))
                return needles.allSatisfy { title.contains($0) || model.contains($0) }
            }
        }
        selection = 0
        scrollOffset = 0
    }

    private func fold(_ text: String) -> FoldedText {
        if let known = folded[text] { return known }
        let result = FoldedText(text, cache: &foldCache)
        folded[text] = result
        return result
    }

    /// By last update, newest first; ties by id, which sorts by creation time.
    private static func newestFirst(_ entries: [HistoryEntry]) -> [HistoryEntry] {
        entries.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
    }

    /// The query's words: a conversation must match every one.
    private static func words(_ query: String) -> [String] {
        query.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    // MARK: Selection

    private var pageStep: Int { max(1, listHeight - 1) }

    private func select(_ index: Int) {
        selection = min(max(0, index), max(0, filtered.count - 1))
        keepSelectionInView()
    }

    private func keepSelectionInView() {
        if selection < scrollOffset { scrollOffset = selection }
        if selection >= scrollOffset + listHeight { scrollOffset = selection - listHeight + 1 }
        // After a resize or a shorter list, use the room below the last conversation.
        scrollOffset = max(0, min(scrollOffset, filtered.count - listHeight))
    }

    // MARK: Drawing

    private func titleRow(width: Int) -> StyledLine {
        let total = entries.count
        let noun = total == 1 ? "conversation" : "conversations"
        // `chatterm history` names each skipped file and says why; a title has no room for that.
        let skipped =
            unreadable == 0
            ? ""
            : " · \(unreadable) unreadable \(unreadable == 1 ? "file" : "files") skipped (chatterm history says why)"
        let text: String
        if Self.words(query).isEmpty {
            text = " History · \(total) \(noun)\(skipped) · type to search"
        } else {
            text = " History · \(filtered.count) of \(total) \(noun)\(skipped) · " + Self.searchHints
        }
        return StyledLine(TextWidth.truncate(text, to: width), .overlayTitle)
    }

    /// "Enter opens · Esc clears", its keys named by `keys`.
    static func searchHints(naming keys: KeyNames) -> String {
        "\(keys(.history(.open))) opens · \(keys(.history(.clearOrClose))) clears"
    }

    private func queryRow(width: Int) -> (line: StyledLine, cursorColumn: Int) {
        let placeholder = search == nil ? "type to filter by title or model" : "type to search titles, models and text"
        return queryLine.render(width: width, prompt: Self.queryPrompt, placeholder: placeholder)
    }

    private var emptyText: String {
        if entries.isEmpty { return "no saved conversations yet" }
        return "no conversation matches “\(query.trimmingCharacters(in: .whitespaces))”"
    }

    private func line(for entry: HistoryEntry, format: HistoryRowFormat, words: [FoldedText], selected: Bool)
        -> StyledLine
    {
        let titleText = Sanitizer.singleLineText(entry.title)
        let isUntitled = titleText.allSatisfy { $0.isWhitespace }
        let modelText = Sanitizer.singleLineText(entry.model)
        return format.line(
            for: entry, title: isUntitled ? "(untitled)" : titleText, model: modelText,
            titleMatches: isUntitled ? [] : matches(of: words, in: titleText),
            modelMatches: matches(of: words, in: modelText), selected: selected)
    }

    /// The display columns where any of `words` occurs in `text`, sorted and merged.
    private func matches(of words: [FoldedText], in text: String) -> [Range<Int>] {
        guard !words.isEmpty else { return [] }
        let haystack = fold(text)
        let ranges = words.flatMap { haystack.occurrences(of: $0) }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return haystack.columns(of: merged)
    }
}
