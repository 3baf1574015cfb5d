import ChatCore
import XCTest

@testable import ChatTUI

/// Every hint that names a key takes the name from the `KeyTable`: built with names of the
/// test's own (the table's, marked ‹ ›), each key it mentions comes out marked, so a name typed
/// by hand, or one the table no longer binds, would stand out.
final class KeyHintTests: XCTestCase {
    private let marked = KeyNames { action in KeyTable.chords(for: action).map { "‹\($0.name)›" } }

    @MainActor
    func testTheTableNamesTheKeysBoundToAnAction() async {
        XCTAssertEqual(KeyTable.keyNames(.chat(.findOlder)), "Ctrl-R")
        XCTAssertEqual(KeyTable.keyNames(.help(.close), first: 2), "Esc or q")
        XCTAssertEqual(KeyTable.keyNames(.prompt(.newLine), first: 3, joinedBy: ", "), "Alt-Enter, Ctrl-J")
        XCTAssertEqual(HelpOverlay.closeHint, "Esc or q closes")
    }

    func testThePromptsPlaceholderNamesTheTablesKeys() {
        XCTAssertEqual(
            InputEditor.placeholder(naming: marked),
            "Type a message · ‹Enter› sends · ‹Alt-Enter› new line · ‹Ctrl-C› quits")
        XCTAssertEqual(InputEditor.placeholder, InputEditor.placeholder(naming: KeyTable.keyNames))
    }

    @MainActor
    func testTheHistoryBrowsersHintsNameTheTablesKeys() async {
        XCTAssertEqual(HistoryBrowser.searchHints(naming: marked), "‹Enter› opens · ‹Esc› clears")
        XCTAssertEqual(HistoryBrowser.searchHints, HistoryBrowser.searchHints(naming: KeyTable.keyNames))
    }

    @MainActor
    func testTheViewersHintsNameTheTablesKeys() async {
        let hints = ConversationViewer.Hints(naming: marked)
        XCTAssertEqual(
            hints.reading, "read-only · ‹/› search · ‹n›/‹N› next · ‹[› ‹]› messages · ‹c› continue · ‹q› close")
        XCTAssertEqual(hints.found, "‹n›/‹N› next · ‹/› search · ‹Esc› clears · ‹q› close")
        XCTAssertEqual(hints.notFound, "‹/› search · ‹q› close")
        XCTAssertEqual(hints.query, "search (‹Enter› runs it, ‹Esc› cancels)")
        XCTAssertEqual(ConversationViewer.hints, ConversationViewer.Hints(naming: KeyTable.keyNames))
    }

    @MainActor
    func testTheFindNoticeNamesTheTablesKeys() async {
        let layout = ConversationLayout()
        layout.update(messages: [Message(role: .user, content: "green tea")], width: 40)
        let search = ConversationSearch(query: "tea", layout: layout)
        XCTAssertNotNil(search.selectLast(atOrBefore: layout.totalRows))
        XCTAssertEqual(
            search.foundNotice(naming: marked), "“tea” 1/1 · ‹Ctrl-R› older · ‹Ctrl-S› newer · /find clears")
        XCTAssertEqual(search.foundNotice(), "“tea” 1/1 · Ctrl-R older · Ctrl-S newer · /find clears")
    }
}
