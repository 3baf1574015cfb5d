import ChatCore
import ChatTUI
import XCTest

/// A long conversation is laid out from its end, and earlier messages as the view goes up to
/// them: the first frame costs what the last screens cost, and nothing looks different.
final class LazyLayoutTests: ChatTUITestCase {
    /// `count` messages of three rows each ("You"/"Assistant", one line of text, a blank).
    private func conversation(_ count: Int) -> [Message] {
        (0..<count).map { Message(role: $0 % 2 == 0 ? .user : .assistant, content: "message \($0)") }
    }

    @MainActor
    private func fullRows(_ messages: [Message], width: Int) -> [String] {
        let layout = ConversationLayout()
        layout.update(messages: messages, width: width)
        layout.layOutAll()
        return layout.rows(in: 0..<layout.totalRows).map(\.text)
    }

    @MainActor
    func testALongConversationLaysOutOnlyItsLastScreensFirst() async {
        let messages = conversation(3_000)
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        XCTAssertTrue(layout.hasMoreAbove)
        XCTAssertGreaterThanOrEqual(layout.totalRows, ConversationLayout.initialRows)
        XCTAssertLessThan(layout.totalRows, 9_000)
        XCTAssertEqual(layout.messageCount, 3_000)
        let full = fullRows(messages, width: 40)
        XCTAssertEqual(layout.rows(in: 0..<layout.totalRows).map(\.text), Array(full.suffix(layout.totalRows)))
        XCTAssertEqual(layout.location(ofRow: 0)?.message, layout.firstLaidOutMessage)
    }

    @MainActor
    func testLayingOutEarlierMessagesGivesTheSameRowsAsLayingOutAll() async {
        let messages = conversation(3_000)
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        let before = layout.totalRows
        let added = layout.extendUpward(minimumRows: 10)
        XCTAssertEqual(layout.totalRows, before + added)
        layout.layOutAll()
        XCTAssertFalse(layout.hasMoreAbove)
        XCTAssertEqual(layout.rows(in: 0..<layout.totalRows).map(\.text), fullRows(messages, width: 40))
        XCTAssertEqual(layout.firstRow(ofMessage: 1), 3)
    }

    @MainActor
    func testStreamingIntoALongConversationLeavesEarlierMessagesAlone() async {
        var messages = conversation(3_000)
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        let first = layout.firstLaidOutMessage
        messages.append(Message(role: .assistant, content: "new", status: .streaming))
        layout.update(messages: messages, width: 40)
        messages[messages.count - 1].content += " words"
        layout.update(messages: messages, width: 40)
        XCTAssertEqual(layout.firstLaidOutMessage, first)
        XCTAssertEqual(layout.rows(in: (layout.totalRows - 2)..<layout.totalRows).map(\.text), ["  new words", ""])
    }

    @MainActor
    func testPagingUpFromTheBottomReachesTheFirstMessage() async {
        let messages = conversation(3_000)
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 24, columns: 40))
        let status = StatusModel()
        screen.render(messages: messages, status: status, on: grid)
        XCTAssertTrue(screen.layout.hasMoreAbove)
        var pages = 0
        while screen.visibleRows.lowerBound > 0 && pages < 1_000 {
            screen.pageUp()
            screen.render(messages: messages, status: status, on: grid)
            pages += 1
        }
        XCTAssertFalse(screen.layout.hasMoreAbove)
        XCTAssertEqual(Array(grid.lines.prefix(3)), ["You", "  message 0", ""])
        XCTAssertEqual(pages, (9_000 - 22 + 20) / 21, "every page moved by a page, never stuck at the lazy edge")
    }

    @MainActor
    func testHomeOfTheConversationLaysOutEverything() async {
        let messages = conversation(3_000)
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 24, columns: 40))
        screen.render(messages: messages, status: StatusModel(), on: grid)
        screen.scrollToTop()
        screen.render(messages: messages, status: StatusModel(), on: grid)
        XCTAssertEqual(Array(grid.lines.prefix(2)), ["You", "  message 0"])
    }

    @MainActor
    func testSearchFindsTextInMessagesNotLaidOutYet() async {
        let messages = conversation(3_000)
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        let search = ConversationSearch(query: "message 7", layout: layout)
        XCTAssertEqual(search.matches.first?.message, 7)
        XCTAssertFalse(layout.hasMoreAbove)
    }

    /// The address of an array's storage: it changes when a mutation had to copy it because
    /// something else held it too.
    private func storage(_ messages: [Message]) -> UnsafeRawPointer? {
        messages.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @MainActor
    func testStreamingWithAPromiseDoesNotHoldTheCallersConversation() async {
        var messages = conversation(3_000)
        messages.append(Message(role: .assistant, content: "", status: .streaming))
        let reply = messages.count - 1
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        messages[reply].content += "first"  // copies once: the rebuild kept this array
        layout.update(messages: messages, width: 40, unchangedBefore: reply)
        for token in 0..<20 {
            let before = storage(messages)
            messages[reply].content += " word\(token)"
            XCTAssertEqual(storage(messages), before, "token \(token) copied the whole conversation")
            layout.update(messages: messages, width: 40, unchangedBefore: reply)
        }
        layout.layOutAll()
        XCTAssertEqual(layout.rows(in: 0..<layout.totalRows).map(\.text), fullRows(messages, width: 40))
    }

    @MainActor
    func testAnUpdateWithoutAPromiseSeesChangesToMessagesNotLaidOutYet() async {
        var messages = conversation(3_000)
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        XCTAssertGreaterThan(layout.firstLaidOutMessage, 0)
        messages[0].content = "edited"
        layout.update(messages: messages, width: 40, unchangedBefore: 0)
        layout.layOutAll()
        XCTAssertEqual(layout.rows(in: 0..<2).map(\.text), ["You", "  edited"])
    }

    @MainActor
    func testRawTextAfterPromisedUpdatesShowsTheNewestReply() async {
        var messages = conversation(3_000)
        messages.append(Message(role: .assistant, content: "**bold**", status: .streaming))
        let reply = messages.count - 1
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        for token in 0..<5 {
            messages[reply].content += " more\(token)"
            layout.update(messages: messages, width: 40, unchangedBefore: reply)
        }
        layout.rawText = true
        layout.update(messages: messages, width: 40, unchangedBefore: messages.count)
        XCTAssertEqual(
            layout.rows(in: (layout.totalRows - 2)..<layout.totalRows).map(\.text),
            ["  **bold** more0 more1 more2 more3 more4", ""])
    }

    @MainActor
    func testAResetLaysOutAReplacedConversationAfresh() async {
        let layout = ConversationLayout()
        layout.update(messages: conversation(3_000), width: 40)
        var other = conversation(3_000)
        other[0].content = "replaced"
        layout.reset()
        layout.update(messages: other, width: 40)
        layout.layOutAll()
        XCTAssertEqual(layout.rows(in: 0..<2).map(\.text), ["You", "  replaced"])
    }
}
