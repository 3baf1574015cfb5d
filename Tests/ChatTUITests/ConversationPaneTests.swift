import ChatTUI
import XCTest

final class ConversationPaneTests: ChatTUITestCase {
    func testPinnedShowsTheLastRowsAndFollowsGrowth() {
        var pane = ConversationPane()
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 50), 40..<50)
        pane.contentGrew(by: 5)
        XCTAssertTrue(pane.isPinned)
        XCTAssertFalse(pane.hasNewOutputBelow)
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 55), 45..<55)
    }

    func testShortConversationsStartAtTheTop() {
        XCTAssertEqual(ConversationPane().visibleRange(height: 10, totalRows: 3), 0..<3)
        XCTAssertEqual(ConversationPane().visibleRange(height: 10, totalRows: 0), 0..<0)
    }

    func testScrolledUpStaysOnTheSameContentAndNotesNewOutput() {
        var pane = ConversationPane()
        pane.pageUp(pageHeight: 10, totalRows: 50)
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 50), 31..<41)
        pane.contentGrew(by: 7)
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 57), 31..<41)
        XCTAssertTrue(pane.hasNewOutputBelow)
        pane.scrollToBottom()
        XCTAssertTrue(pane.isPinned)
        XCTAssertFalse(pane.hasNewOutputBelow)
    }

    func testPagingAndLinesAreClamped() {
        var pane = ConversationPane()
        for _ in 0..<10 { pane.pageUp(pageHeight: 10, totalRows: 25) }
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 25), 0..<10)
        pane.lineDown(pageHeight: 10, totalRows: 25)
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 25), 1..<11)
        pane.lineUp(pageHeight: 10, totalRows: 25)
        pane.lineUp(pageHeight: 10, totalRows: 25)
        XCTAssertEqual(pane.visibleRange(height: 10, totalRows: 25), 0..<10)
        for _ in 0..<10 { pane.pageDown(pageHeight: 10, totalRows: 25) }
        XCTAssertTrue(pane.isPinned)
    }

    func testReachingTheBottomClearsTheNewOutputMark() {
        var pane = ConversationPane()
        pane.lineUp(pageHeight: 10, totalRows: 50)
        pane.contentGrew(by: 1)
        XCTAssertTrue(pane.hasNewOutputBelow)
        pane.pageDown(pageHeight: 10, totalRows: 51)
        XCTAssertTrue(pane.isPinned)
        XCTAssertFalse(pane.hasNewOutputBelow)
    }

    func testResizeClampsTheOffset() {
        var pane = ConversationPane()
        for _ in 0..<5 { pane.pageUp(pageHeight: 10, totalRows: 100) }
        XCTAssertEqual(pane.offsetFromBottom, 45)
        pane.clamp(pageHeight: 40, totalRows: 60)
        XCTAssertEqual(pane.offsetFromBottom, 20)
        XCTAssertEqual(pane.visibleRange(height: 40, totalRows: 60), 0..<40)
    }
}
