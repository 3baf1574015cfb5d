import XCTest

@testable import ChatCore

/// The blank lines a reply starts with go; everything from the first visible character stays.
final class LeadingBlankLinesTests: XCTestCase {
    private func shown(_ pieces: [String]) -> String {
        var filter = LeadingBlankLines()
        return pieces.map { filter.feed($0) }.joined()
    }

    func testChatGLMsLeadingNewlineGoes() {
        XCTAssertEqual(shown(["\nHello", " world"]), "Hello world")
    }

    func testBlankLinesSplitAcrossPiecesGo() {
        XCTAssertEqual(shown(["\n", " \t", "\r\n", "\n", "Hi"]), "Hi")
    }

    func testTheFirstLinesIndentationStays() {
        XCTAssertEqual(shown(["\n", "    ", "code()"]), "    code()")
    }

    func testBlankLinesAfterTheFirstTextStay() {
        XCTAssertEqual(shown(["One", "\n\n", "Two"]), "One\n\nTwo")
    }

    func testWhitespaceOnlyShowsNothingYet() {
        var filter = LeadingBlankLines()
        XCTAssertEqual(filter.feed("\n \n"), "")
        XCTAssertFalse(filter.sawVisibleText)
        XCTAssertEqual(filter.feed("x"), "x")
        XCTAssertTrue(filter.sawVisibleText)
    }

    func testWideTextIsKeptWhole() {
        XCTAssertEqual(shown(["\n你好", "，世界 🚀"]), "你好，世界 🚀")
    }
}
