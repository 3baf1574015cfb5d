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

    /// Whatever the pieces, the text shown is what the whole text gives in one piece: a piece
    /// may end inside a grapheme ("\r" before "\n", a space before a combining mark).
    func testPiecesShowWhatTheWholeTextShows() {
        let texts = [
            "\n\n  \r\n\t x\ny", " \u{301}a", " \u{301}\nx", "\n\u{301}a", " \n \n", "\r\n\r\n  code", "\n 你好", "\n\n",
        ]
        for text in texts {
            let whole = shown([text])
            let scalars = text.unicodeScalars.map { String($0) }
            XCTAssertEqual(shown(scalars), whole, text.debugDescription)
            for cut in 1..<max(1, scalars.count) {
                XCTAssertEqual(
                    shown([scalars[..<cut].joined(), scalars[cut...].joined()]), whole,
                    "\(text.debugDescription) at \(cut)")
            }
        }
    }

    func testAFloodOfBlankLinesBeforeTheTextGoes() {
        XCTAssertEqual(shown(Array(repeating: "\n", count: 100_000) + ["  Hi"]), "  Hi")
    }
}
