import ChatCore

/// A past conversation, read-only, in the conversation pane, with search as in less:
///
/// ```
/// You
///   Tell me a story about Tokyo
///
/// Assistant · first token 120 ms · 532 tok · 48.1 tok/s · 11.2 s
///   Once upon a time in [Tokyo] …                         (matches in .searchMatch)
///  read-only · / search · n/N next · [ ] messages · c continue · q close      (bottom line)
/// ```
///
/// Keys: the `KeyTable`'s viewer keys (`KeyAction.Viewer`); while a search is typed on the bottom
/// line, its viewer-search keys, then its search-line keys. A search runs from the top of the
/// view, and the next or previous match is found from the view when the current one has been
/// scrolled out of it. Assistant labels show the time to first token as well, since no status
/// bar does.
///
/// How the app drives it: after `HistoryBrowser` gives `.open(id)`, load the conversation from
/// the store and make a viewer for it. While it is open, send it every key (on `.resize` just
/// redraw), and draw it with `render(on:)` instead of the chat screen. On `.close`, drop it and
/// go back to the browser (or the chat); on `.continueConversation`, make `conversation` the
/// session's conversation (subsequent prompts go on from it), drop the viewer and show the chat
/// screen. Alt-Up/Alt-Down arrive only when the key reader decodes them (`ExtendedKeys`).
@MainActor
public final class ConversationViewer {
    /// What the app should do after a key.
    public enum Action: Sendable, Hashable {
        case close
        /// Make this conversation the live one and go on with it.
        case continueConversation
    }

    /// The conversation shown, with the branch chosen here in view.
    public private(set) var conversation: Conversation
    /// The active search, nil when there is none.
    public private(set) var search: ConversationSearch?
    /// The query being typed after "/", nil when not typing one.
    public private(set) var queryLine: InputLine?

    /// The pane, its layout and its scroll state (the screen's input line is not used).
    private let screen = ChatScreen(firstTokenInLabels: true)

    /// What the bottom line says of the keys, named by the `KeyTable`.
    static let hints = Hints(naming: KeyTable.keyNames)
    static let queryPrompt = "/"

    /// The bottom line's hints, their keys named by `keys`.
    struct Hints: Sendable, Hashable {
        /// Without a search.
        let reading: String
        /// After the position of a search's current match.
        let found: String
        /// After "not found".
        let notFound: String
        /// In the empty query after "/".
        let query: String

        init(naming keys: KeyNames) {
            let search = "\(keys(.viewer(.search))) search"
            let next = "\(keys(.viewer(.nextMatch)))/\(keys(.viewer(.previousMatch))) next"
            let close = "\(keys(.viewer(.close))) close"
            reading =
                "read-only · \(search) · \(next) · \(keys(.viewer(.previousMessage))) \(keys(.viewer(.nextMessage))) "
                + "messages · \(keys(.viewer(.continueConversation))) continue · \(close)"
            found = "\(next) · \(search) · \(keys(.viewer(.clearSearchOrClose))) clears · \(close)"
            notFound = "\(search) · \(close)"
            query = "search (\(keys(.viewerSearch(.run))) runs it, \(keys(.viewerSearch(.cancel))) cancels)"
        }
    }

    /// Opens at the end of the conversation, where it was left.
    public init(conversation: Conversation) {
        self.conversation = conversation
        screen.layout.alternatives = conversation.alternativesInView()
    }

    /// Whether a query is being typed (keys then edit it).
    public var isTypingQuery: Bool { queryLine != nil }

    /// The conversation rows in view at the last render.
    public var visibleRows: Range<Int> { screen.visibleRows }

    /// The layout the pane shows (rows, messages), for callers that need positions.
    public var layout: ConversationLayout { screen.layout }

    /// Handles one key, as the `KeyTable` binds keys in the viewer; nil means "stay in the viewer
    /// and redraw".
    public func handle(_ key: Key) -> Action? {
        if queryLine != nil {
            handleQueryKey(key)
            return nil
        }
        guard case .text(let text) = key else {
            return KeyTable.viewer[key].flatMap { perform($0) }
        }
        // Keys typed fast (or pasted) arrive together: "nn" is two steps, "/foo" a search.
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            guard let action = KeyTable.viewer[.text(String(character))] else { continue }
            if action == .search {
                queryLine = InputLine(text: String(rest))
                return nil
            }
            if let result = perform(action) { return result }
        }
        return nil
    }

    /// Draws the pane and the bottom line over the whole surface.
    public func render(on surface: any Surface) {
        let size = surface.size
        guard size.rows >= ChatScreen.minimumSize.rows, size.columns >= ChatScreen.minimumSize.columns else {
            ChatScreen.drawTooSmall(size, on: surface)
            return
        }
        let highlights = search.map { search in { (row: Int) in search.highlights(inRow: row) } }
        screen.renderPane(messages: conversation.messages, height: size.rows - 1, on: surface, highlights: highlights)
        let bottom = bottomLine(width: size.columns)
        surface.drawRow(size.rows - 1, bottom.line, fill: bottom.fill)
        surface.placeCursor(row: size.rows - 1, column: bottom.cursorColumn)
    }

    /// The bottom row at `width`: the hints, the query being typed (with the cursor's column),
    /// or the search's status ("“foo” 3/17").
    public func bottomLine(width: Int) -> (line: StyledLine, fill: StyleRole, cursorColumn: Int?) {
        if let queryLine {
            let row = queryLine.render(width: width, prompt: Self.queryPrompt, placeholder: Self.hints.query)
            return (row.line, .plain, row.cursorColumn)
        }
        guard let search else {
            return (
                StyledLine(TextWidth.truncate(" " + Self.hints.reading, to: width), .statusReady), .statusReady, nil
            )
        }
        let found = search.matchCount > 0
        // The position (or "not found") is what matters: the query is cut before it is, and the
        // hints after it are left out when they do not fit whole.
        let status = found ? " " + search.positionText : " not found"
        let hints = " · " + (found ? Self.hints.found : Self.hints.notFound)
        let quoted = "“" + Sanitizer.singleLineText(search.query) + "”"
        let room = max(1, width - 2 - TextWidth.of(status))
        var text = " " + TextWidth.truncate(quoted, to: room) + status
        if TextWidth.of(text + hints) <= width { text += hints }
        let role: StyleRole = found ? .statusReady : .statusWarning
        return (StyledLine(TextWidth.truncate(text, to: width), role), role, nil)
    }

    // MARK: Keys

    private func perform(_ action: KeyAction.Viewer) -> Action? {
        switch action {
        case .lineUp: screen.lineUp()
        case .lineDown: screen.lineDown()
        case .wheelUp: for _ in 0..<ChatController.wheelLines { screen.lineUp() }
        case .wheelDown: for _ in 0..<ChatController.wheelLines { screen.lineDown() }
        case .pageUp: screen.pageUp()
        case .pageDown: screen.pageDown()
        case .top: screen.scrollToTop()
        case .bottom: screen.scrollToBottom()
        case .previousMessage: previousMessage()
        case .nextMessage: nextMessage()
        case .search: queryLine = InputLine()
        case .nextMatch: nextMatch()
        case .previousMatch: previousMatch()
        case .continueConversation: return .continueConversation
        case .close: return .close
        case .clearSearchOrClose:
            if search == nil { return .close }
            search = nil
        case .previousAlternative: showAlternative(step: -1)
        case .nextAlternative: showAlternative(step: 1)
        }
        return nil
    }

    /// Shows another alternative of the last message that has them, as Alt-Left / Alt-Right do in
    /// the chat. A search is cleared: its matches were in the branch that was shown.
    private func showAlternative(step: Int) {
        guard let index = screen.layout.alternatives.keys.max(),
            conversation.showAlternative(at: index, step: step)
        else { return }
        search = nil
        screen.layout.alternatives = conversation.alternativesInView()
    }

    /// A key while a search is typed: the viewer-search keys, then the search line's.
    private func handleQueryKey(_ key: Key) {
        guard var line = queryLine else { return }
        switch KeyTable.viewerSearch[key] {
        case .run?:
            queryLine = nil
            runQuery(line.text)
            return
        case .cancel?:
            queryLine = nil
            return
        case .cancelIfEmpty? where line.isEmpty:
            queryLine = nil
            return
        case .start?: line.moveToStart()
        case .end?: line.moveToEnd()
        case .cancelIfEmpty?, nil: line.handle(key)
        }
        queryLine = line
    }

    private func runQuery(_ query: String) {
        guard !query.isEmpty else {
            if search != nil { nextMatch() }
            return
        }
        let search = ConversationSearch(query: query, layout: screen.layout)
        self.search = search
        if let row = search.selectFirst(atOrAfter: visibleRows.lowerBound) { screen.reveal(row: row) }
    }

    private func nextMatch() {
        guard let search else { return }
        let row = isCurrentMatchInView ? search.next() : search.selectFirst(atOrAfter: visibleRows.lowerBound)
        if let row { screen.reveal(row: row) }
    }

    private func previousMatch() {
        guard let search else { return }
        let row =
            isCurrentMatchInView ? search.previous() : search.selectLast(atOrBefore: max(0, visibleRows.upperBound - 1))
        if let row { screen.reveal(row: row) }
    }

    private var isCurrentMatchInView: Bool {
        guard let match = search?.currentMatch else { return false }
        return visibleRows.contains(match.row)
    }

    private func previousMessage() {
        if let row = screen.layout.previousMessageStart(from: visibleRows.lowerBound) { screen.show(topRow: row) }
    }

    private func nextMessage() {
        if let row = screen.layout.nextMessageStart(from: visibleRows.lowerBound) { screen.show(topRow: row) }
    }
}
