import ChatCore
import ChatTUI
import XCTest

final class ConversationViewerTests: ChatTUITestCase {
    private let stats = TurnStats(ttftMs: 120, durationMs: 11_200, completionTokens: 532, tokensPerSecond: 48.1)

    /// Ten exchanges of three rows per message (label, text, blank): 60 rows, and "answer n" on
    /// row 6n + 4.
    private var conversation: Conversation {
        let messages = (0..<10).flatMap { n in
            [
                Message(role: .user, content: "question \(n)"),
                Message(role: .assistant, content: "answer \(n) is here", stats: stats),
            ]
        }
        return Conversation(id: "c1", title: "Ten answers", messages: messages)
    }

    /// A viewer drawn once on a 12-row grid (an 11-row pane and the bottom line).
    @MainActor
    private func viewer(columns: Int = 80) -> (ConversationViewer, GridSurface) {
        let viewer = ConversationViewer(conversation: conversation)
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: columns))
        viewer.render(on: grid)
        return (viewer, grid)
    }

    @MainActor
    private func press(_ keys: [Key], on viewer: ConversationViewer) {
        for key in keys { XCTAssertNil(viewer.handle(key), "\(key)") }
    }

    @MainActor
    private func search(_ query: String, on viewer: ConversationViewer) {
        press([.text("/"), .text(query), .enter], on: viewer)
    }

    // MARK: Drawing

    @MainActor
    func testOpensAtTheEndWithTheKeysOnTheBottomLine() async {
        let (viewer, grid) = viewer()
        XCTAssertEqual(viewer.visibleRows, 49..<60)
        XCTAssertEqual(grid.text(row: 9), "  answer 9 is here")
        XCTAssertEqual(grid.text(row: 10), "")
        XCTAssertEqual(grid.text(row: 11), " read-only · / search · n/N next · [ ] messages · c continue · q close")
        XCTAssertEqual(grid.role(row: 11, column: 79), .statusReady)
        XCTAssertNil(grid.cursor)
    }

    @MainActor
    func testAWheelStepScrollsThreeLines() async {
        let (viewer, _) = viewer()
        press([.wheelUp], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 46..<57)
        press([.wheelDown, .wheelDown], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 49..<60)
    }

    @MainActor
    func testAssistantLabelsShowTheTimeToFirstToken() async {
        let (_, grid) = viewer()
        XCTAssertEqual(grid.text(row: 8), "Assistant · first token 120 ms · 532 tok · 48.1 tok/s · 11.2 s")
    }

    @MainActor
    func testAltLeftAndAltRightShowTheLastReplysAlternativesWithoutSavingAnything() async {
        var branched = conversation
        branched.branch(at: 19, with: Message(role: .assistant, content: "another answer 9", stats: stats))
        let viewer = ConversationViewer(conversation: branched)
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: 80))
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 9), "  another answer 9")
        XCTAssertTrue(grid.text(row: 8).hasPrefix("Assistant ‹ 2/2 ›"), grid.text(row: 8))
        press([.altLeft], on: viewer)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 9), "  answer 9 is here")
        XCTAssertTrue(grid.text(row: 8).hasPrefix("Assistant ‹ 1/2 ›"), grid.text(row: 8))
        XCTAssertEqual(viewer.conversation.messages.last?.content, "answer 9 is here", "continuing takes this branch")
        press([.altLeft, .altRight], on: viewer)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 9), "  another answer 9")
    }

    @MainActor
    func testTheBottomLineIsCutToNarrowTerminals() async {
        let (_, grid) = viewer(columns: 30)
        XCTAssertEqual(grid.text(row: 11), " read-only · / search · n/N n…")
    }

    @MainActor
    func testATooSmallTerminalSaysSo() async {
        let viewer = ConversationViewer(conversation: conversation)
        let grid = GridSurface(size: TerminalSize(rows: 5, columns: 40))
        viewer.render(on: grid)
        XCTAssertEqual(grid.lines, ["terminal too small", "", "", "", ""])
    }

    // MARK: Search

    @MainActor
    func testSlashTypesAQueryOnTheBottomLineAndEnterJumpsToTheFirstMatch() async {
        let (viewer, grid) = viewer()
        press([.home, .text("/")], on: viewer)
        XCTAssertTrue(viewer.isTypingQuery)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 11), "/search (Enter runs it, Esc cancels)")
        XCTAssertEqual(grid.cursor?.row, 11)
        XCTAssertEqual(grid.cursor?.column, 1)
        press([.text("ANSWER 7")], on: viewer)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 11), "/ANSWER 7")
        XCTAssertEqual(grid.cursor?.column, 9)

        press([.enter], on: viewer)
        XCTAssertFalse(viewer.isTypingQuery)
        XCTAssertEqual(viewer.search?.matchCount, 1)
        viewer.render(on: grid)
        XCTAssertEqual(viewer.visibleRows, 46..<57)
        XCTAssertEqual(grid.text(row: 0), "  answer 7 is here")
        XCTAssertEqual(
            (1...10).map { grid.role(row: 0, column: $0) },
            [.assistantText] + Array(repeating: .searchMatch, count: 8) + [.assistantText])
        XCTAssertEqual(grid.text(row: 11), " “ANSWER 7” 1/1 · n/N next · / search · Esc clears · q close")
        XCTAssertNil(grid.cursor)
    }

    @MainActor
    func testNAndShiftNGoThroughTheMatchesWrappingAround() async {
        let (viewer, grid) = viewer()
        press([.home], on: viewer)
        search("answer", on: viewer)
        XCTAssertEqual(viewer.search?.currentMatch?.row, 4)
        XCTAssertEqual(viewer.visibleRows, 0..<11, "the first match is in view: no scrolling")
        press([.text("N")], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "10/10")
        XCTAssertEqual(viewer.visibleRows, 49..<60)
        press([.text("n")], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "1/10")
        XCTAssertEqual(viewer.visibleRows, 4..<15)
        viewer.render(on: grid)
        XCTAssertTrue(grid.text(row: 11).hasPrefix(" “answer” 1/10 · n/N next"), grid.text(row: 11))
    }

    @MainActor
    func testNScrollsOnlyWhenTheNextMatchIsOutOfView() async {
        let (viewer, _) = viewer()
        press([.home], on: viewer)
        search("answer", on: viewer)
        press([.text("n")], on: viewer)
        XCTAssertEqual(viewer.search?.currentMatch?.row, 10)
        XCTAssertEqual(viewer.visibleRows, 0..<11)
        press([.text("n")], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 16..<27)
    }

    @MainActor
    func testAfterScrollingAwayNSearchesFromTheView() async {
        let (viewer, _) = viewer()
        press([.home], on: viewer)
        search("answer", on: viewer)
        press([.end, .text("n")], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "9/10", "the first match in view, not the one after match 1")
        press([.home, .text("N")], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "2/10", "the last match in view")
    }

    @MainActor
    func testKeysTypedTogetherAreTakenOneByOne() async {
        let (viewer, _) = viewer()
        press([.home], on: viewer)
        search("answer", on: viewer)
        press([.text("nn")], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "3/10")
        press([.text("/que")], on: viewer)
        XCTAssertEqual(viewer.queryLine?.text, "que")
    }

    @MainActor
    func testAPasteGoesOnlyIntoAQueryAndNeverActsAsKeys() async {
        let (viewer, _) = viewer()
        XCTAssertNil(viewer.handle(.paste("cq")), "c would continue the conversation, q close the viewer")
        XCTAssertNil(viewer.queryLine)
        press([.text("/"), .paste("ans\rwer")], on: viewer)
        XCTAssertEqual(viewer.queryLine?.text, "ans wer")
    }

    @MainActor
    func testAnEmptyQueryRepeatsTheLastSearch() async {
        let (viewer, _) = viewer()
        press([.home], on: viewer)
        search("answer", on: viewer)
        press([.text("/"), .enter], on: viewer)
        XCTAssertEqual(viewer.search?.positionText, "2/10")
    }

    @MainActor
    func testAQueryThatFindsNothingSaysSo() async {
        let (viewer, grid) = viewer()
        search("zebra", on: viewer)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 11), " “zebra” not found · / search · q close")
        XCTAssertEqual(grid.role(row: 11, column: 0), .statusWarning)
        XCTAssertEqual(viewer.visibleRows, 49..<60)
        press([.text("n")], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 49..<60)
    }

    @MainActor
    func testALongQueryIsCutButItsPositionStays() async {
        let (viewer, grid) = viewer(columns: 20)
        press([.home], on: viewer)
        search("answer 1 is here", on: viewer)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 11), " “answer 1 is… 1/1")
    }

    @MainActor
    func testEscCancelsTheQueryThenClearsTheSearchThenCloses() async {
        let (viewer, grid) = viewer()
        press([.text("/"), .text("ab"), .escape], on: viewer)
        XCTAssertFalse(viewer.isTypingQuery)
        XCTAssertNil(viewer.search)
        search("answer", on: viewer)
        XCTAssertNotNil(viewer.search)
        press([.escape], on: viewer)
        XCTAssertNil(viewer.search)
        viewer.render(on: grid)
        XCTAssertEqual(grid.text(row: 9), "  answer 9 is here")
        XCTAssertEqual(grid.role(row: 9, column: 3), .assistantText, "no highlight left")
        XCTAssertEqual(viewer.handle(.escape), .close)
    }

    @MainActor
    func testBackspaceOnAnEmptyQueryOrCtrlCLeavesTheQuery() async {
        let (viewer, _) = viewer()
        press([.text("/x"), .backspace], on: viewer)
        XCTAssertTrue(viewer.isTypingQuery)
        press([.backspace], on: viewer)
        XCTAssertFalse(viewer.isTypingQuery)
        press([.text("/x"), .ctrl("c")], on: viewer)
        XCTAssertFalse(viewer.isTypingQuery, "Ctrl-C while typing cancels the query, not the viewer")
    }

    @MainActor
    func testQueryKeysEditTheQueryInsteadOfActing() async {
        let (viewer, _) = viewer()
        press([.text("/"), .text("question 3 q"), .ctrl("w"), .text("c")], on: viewer)
        XCTAssertEqual(viewer.queryLine?.text, "question 3 c")
        press([.ctrl("u")], on: viewer)
        XCTAssertEqual(viewer.queryLine?.text, "")
    }

    // MARK: Moving

    @MainActor
    func testBracketsJumpFromMessageToMessage() async {
        let (viewer, grid) = viewer()
        press([.home, .text("]")], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 3)
        viewer.render(on: grid)
        XCTAssertTrue(grid.text(row: 0).hasPrefix("Assistant · first token"))
        press([.text("]")], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 6)
        press([.text("[")], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 3)
        press([.down, .text("[")], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 3, "from inside a message, to its start")
        press([.text("[[[")], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 0)
    }

    @MainActor
    func testAltArrowsJumpLikeBrackets() async {
        let (viewer, _) = viewer()
        press([.home, .altDown, .altDown], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 6)
        press([.altUp], on: viewer)
        XCTAssertEqual(viewer.visibleRows.lowerBound, 3)
    }

    @MainActor
    func testScrollKeysMoveThePane() async {
        let (viewer, _) = viewer()
        press([.home], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 0..<11)
        press([.pageDown], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 10..<21)
        press([.text("j"), .down], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 12..<23)
        press([.text("k"), .up, .pageUp], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 0..<11)
        press([.text(" ")], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 10..<21)
        press([.text("G")], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 49..<60)
        press([.text("g")], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 0..<11)
        press([.end], on: viewer)
        XCTAssertEqual(viewer.visibleRows, 49..<60)
    }

    @MainActor
    func testContinueAndCloseAreActionsForTheApp() async {
        let (viewer, _) = viewer()
        XCTAssertEqual(viewer.handle(.text("c")), .continueConversation)
        XCTAssertEqual(viewer.conversation.id, "c1")
        XCTAssertEqual(viewer.handle(.text("q")), .close)
        XCTAssertEqual(viewer.handle(.ctrl("c")), .close)
        XCTAssertEqual(viewer.handle(.text("jq")), .close, "keys before it still count")
        XCTAssertNil(viewer.handle(.text("x")))
        XCTAssertNil(viewer.handle(.resize))
    }
}
