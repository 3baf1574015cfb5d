import ChatCore
import ChatTUI
import XCTest

final class ChatScreenTests: ChatTUITestCase {
    private let status = StatusModel(phase: .idle, model: "glm-4", endpointLabel: "demo")

    private func conversation(replyWords: Int) -> [Message] {
        [
            Message(role: .user, content: "Tell me a story"),
            Message(role: .assistant, content: (0..<replyWords).map { "word\($0)" }.joined(separator: " ")),
        ]
    }

    @MainActor
    func testDrawsTheConversationTheInputLineAndTheStatusBar() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 8, columns: 40))
        screen.input.insert("hi 你好")
        screen.render(messages: [Message(role: .user, content: "Hello")], status: status, on: grid)
        XCTAssertEqual(grid.lines[0..<3], ["You", "  Hello", ""])
        XCTAssertEqual(grid.text(row: 6), "› hi 你好")
        XCTAssertTrue(grid.text(row: 7).hasPrefix(" ● ready"))
        XCTAssertTrue(grid.text(row: 7).hasSuffix("glm-4 @ demo"))
        XCTAssertEqual(grid.role(row: 7, column: 20), .statusReady)
        XCTAssertEqual(grid.cursor?.row, 6)
        XCTAssertEqual(grid.cursor?.column, 2 + 7)
    }

    @MainActor
    func testAChangeMadeWhileTheTerminalWasTooSmallIsShownWhenItGrows() async {
        let screen = ChatScreen()
        var messages = [Message(role: .user, content: "Hello")]
        screen.render(messages: messages, status: status, on: GridSurface(size: TerminalSize(rows: 8, columns: 40)))
        messages[0].content = "Changed"
        screen.render(
            messages: messages, status: status, on: GridSurface(size: TerminalSize(rows: 4, columns: 40)),
            unchangedBefore: 0)
        let grid = GridSurface(size: TerminalSize(rows: 8, columns: 40))
        screen.render(messages: messages, status: status, on: grid, unchangedBefore: messages.count)
        XCTAssertEqual(grid.lines[0..<2], ["You", "  Changed"])
    }

    @MainActor
    func testAMultiLineDraftGrowsToAThirdOfTheScreenAndThePaneShrinks() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: 40))
        screen.input.insert("one\ntwo")
        screen.render(messages: [Message(role: .user, content: "Hello")], status: status, on: grid)
        XCTAssertEqual(grid.lines[9..<11], ["› one", "  two"])
        XCTAssertEqual(grid.cursor?.row, 10)
        XCTAssertEqual(grid.cursor?.column, 5)
        screen.input.insert("\n三\n四\n五")
        screen.render(messages: [Message(role: .user, content: "Hello")], status: status, on: grid)
        XCTAssertEqual(grid.lines[0..<11], ["You", "  Hello", "", "", "", "", "", "  two", "  三", "  四", "  五"])
        XCTAssertEqual(grid.cursor?.row, 10, "four rows at most: the draft scrolls")
        XCTAssertEqual(grid.cursor?.column, 4)
        XCTAssertTrue(grid.text(row: 11).hasPrefix(" ● ready"))
    }

    @MainActor
    func testALegitimatelyEmptyAnswerSaysSoInsteadOfLookingLost() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 8, columns: 60))
        let reply = Message(role: .assistant, content: "", stats: TurnStats(finishReason: "stop"))
        screen.render(messages: [Message(role: .user, content: "Say nothing"), reply], status: status, on: grid)
        XCTAssertEqual(grid.text(row: 4), "  (an empty answer: finish reason stop)")
        XCTAssertEqual(grid.role(row: 4, column: 4), .dim)
    }

    @MainActor
    func testOutputNeverContainsControlCharacters() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: 40))
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{7}\u{9B}31m\r\u{8}\u{7F}\u{202E}evil\tend"
        let messages = [
            Message(role: .user, content: hostile),
            Message(role: .assistant, content: hostile, reasoning: hostile, status: .failed, error: hostile),
        ]
        screen.input.insert(hostile)
        var failing = status
        failing.phase = .finished(.failed(.http(status: 502, message: hostile)))
        failing.notice = hostile
        failing.model = hostile
        screen.render(messages: messages, status: failing, on: grid)
        for row in 0..<grid.size.rows {
            for cell in grid.cells[row] {
                guard let character = cell.character else { continue }
                for scalar in character.unicodeScalars {
                    XCTAssertNotEqual(scalar.properties.generalCategory, .control, "row \(row): \(grid.text(row: row))")
                    XCTAssertFalse((0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value))
                }
            }
        }
        XCTAssertTrue(grid.lines.joined().contains("␛[2J"))
    }

    @MainActor
    func testTwentyBySixIsUsableAndSmallerSaysTerminalTooSmall() async {
        let screen = ChatScreen()
        let messages = [Message(role: .user, content: "Hello")]
        let grid = GridSurface(size: TerminalSize(rows: 6, columns: 20))
        screen.render(messages: messages, status: status, on: grid)
        XCTAssertEqual(grid.text(row: 0), "You")
        XCTAssertNotNil(grid.cursor)

        for size in [
            TerminalSize(rows: 5, columns: 20), TerminalSize(rows: 6, columns: 19),
            TerminalSize(rows: 5, columns: 19),
        ] {
            grid.size = size
            grid.placeCursor(row: 0, column: 0)
            screen.render(messages: messages, status: status, on: grid)
            XCTAssertEqual(grid.lines, ["terminal too small"] + Array(repeating: "", count: size.rows - 1))
            XCTAssertNil(grid.cursor)
        }
        grid.size = TerminalSize(rows: 3, columns: 10)
        screen.render(messages: messages, status: status, on: grid)
        XCTAssertEqual(grid.text(row: 0), "terminal…")
        grid.size = TerminalSize(rows: 0, columns: 0)
        screen.render(messages: messages, status: status, on: grid)
        XCTAssertEqual(grid.lines, [])
    }

    @MainActor
    func testThePaneStaysPinnedToTheBottomWhileAReplyGrows() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 30))
        for words in stride(from: 0, through: 120, by: 10) {
            screen.render(messages: conversation(replyWords: words), status: status, on: grid)
        }
        XCTAssertTrue(screen.pane.isPinned)
        XCTAssertTrue(grid.text(row: 6).hasSuffix("word119"), grid.lines.joined(separator: "\n"))
        XCTAssertEqual(grid.text(row: 7), "")
    }

    @MainActor
    func testScrolledUpTheViewStaysPutWithAMarkerAndEndReturnsToTheBottom() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 30))
        screen.render(messages: conversation(replyWords: 100), status: status, on: grid)
        screen.pageUp()
        screen.render(messages: conversation(replyWords: 100), status: status, on: grid)
        let scrolled = Array(grid.lines[0..<8])
        XCTAssertFalse(screen.pane.hasNewOutputBelow)

        screen.render(messages: conversation(replyWords: 160), status: status, on: grid)
        XCTAssertEqual(Array(grid.lines[0..<7]), Array(scrolled[0..<7]))
        XCTAssertEqual(grid.text(row: 7), "↓ new output below (End)")
        XCTAssertEqual(grid.role(row: 7, column: 0), .marker)

        screen.scrollToBottom()
        screen.render(messages: conversation(replyWords: 160), status: status, on: grid)
        XCTAssertTrue(screen.pane.isPinned)
        XCTAssertTrue(grid.text(row: 6).hasSuffix("word159"))
        XCTAssertFalse(grid.lines.contains("↓ new output below (End)"))
    }

    @MainActor
    func testLineAndPageScrollingUseThePaneHeight() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 30))
        screen.render(messages: conversation(replyWords: 100), status: status, on: grid)
        screen.lineUp()
        XCTAssertEqual(screen.pane.offsetFromBottom, 1)
        screen.pageUp()
        XCTAssertEqual(screen.pane.offsetFromBottom, 8)
        screen.lineDown()
        screen.pageDown()
        XCTAssertTrue(screen.pane.isPinned)
    }

    /// Render at 80 columns, then at 30: everything is re-wrapped to the new width and no word
    /// is lost or cut.
    @MainActor
    func testResizeRewrapsTheConversation() async {
        let screen = ChatScreen()
        let messages = conversation(replyWords: 30)
        let grid = GridSurface(size: TerminalSize(rows: 40, columns: 80))
        screen.render(messages: messages, status: status, on: grid)
        let wide = grid.lines[0..<38].joined(separator: " ")
        grid.size = TerminalSize(rows: 40, columns: 30)
        screen.render(messages: messages, status: status, on: grid)
        let narrowRows = grid.lines[0..<38]
        for row in narrowRows { XCTAssertLessThanOrEqual(TextWidth.of(row), 30) }
        func words(_ text: String) -> [Substring] { text.split(separator: " ") }
        XCTAssertEqual(words(narrowRows.joined(separator: " ")), words(wide))
        XCTAssertGreaterThan(narrowRows.filter { !$0.isEmpty }.count, wide.split(separator: "  ").count)
    }

    @MainActor
    func testAResizeWhileScrolledUpKeepsTheSameMessageInView() async {
        let screen = ChatScreen()
        let messages = (0..<30).map {
            Message(role: .user, content: "message number \($0) " + String(repeating: "x ", count: 20))
        }
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: 60))
        screen.render(messages: messages, status: status, on: grid)
        for _ in 0..<6 { screen.pageUp() }
        screen.render(messages: messages, status: status, on: grid)
        func numbersShown() -> [Substring] {
            grid.lines.compactMap { line in
                line.range(of: "message number ").map { line[$0.upperBound...].prefix { $0.isNumber } }
            }
        }
        let before = numbersShown()
        XCTAssertFalse(before.isEmpty)
        XCTAssertFalse(before.contains("29"))
        grid.size = TerminalSize(rows: 12, columns: 40)
        screen.render(messages: messages, status: status, on: grid)
        XCTAssertFalse(screen.pane.isPinned)
        XCTAssertEqual(numbersShown().first, before.first, "\(grid.lines)")
    }

    /// Not a timing assertion (speed is measured by the benchmarks): a 2000-token reply streamed
    /// one token per frame renders correctly to the end, and the per-frame work does not grow
    /// with the reply's length in a way that makes this test slow.
    @MainActor
    func testStreamingTwoThousandTokensRendersEveryFrame() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 24, columns: 80))
        var messages = [
            Message(role: .user, content: "Go"), Message(role: .assistant, content: "", status: .streaming),
        ]
        var streaming = status
        streaming.phase = .streaming
        for token in 0..<2000 {
            messages[1].content += token % 97 == 96 ? "end.\n\n" : "tok\(token) "
            streaming.liveTokens = token + 1
            screen.render(messages: messages, status: streaming, on: grid, unchangedBefore: 1)
        }
        XCTAssertTrue(grid.text(row: 20).hasSuffix("tok1999"), grid.text(row: 20))
        XCTAssertEqual(grid.text(row: 21), "")
        XCTAssertTrue(grid.text(row: 23).contains("2000 tok"))
    }
}
