import ChatCore
import XCTest

final class ThinkTagSplitterTests: XCTestCase {
    /// Feeds `chunks` and joins what comes out by kind.
    private func split(_ chunks: [String]) -> (reasoning: String, content: String) {
        var splitter = ThinkTagSplitter()
        var reasoning = ""
        var content = ""
        for piece in chunks.flatMap({ splitter.feed($0) }) + splitter.finish() {
            switch piece {
            case .reasoning(let text): reasoning += text
            case .content(let text): content += text
            }
        }
        return (reasoning, content)
    }

    func testAThinkBlockAtTheStartIsReasoning() {
        let result = split(["<think>Let me see.</think>\nThe answer is 4."])
        XCTAssertEqual(result.reasoning, "Let me see.")
        XCTAssertEqual(result.content, "The answer is 4.")
    }

    func testTagsSplitAtEveryPointGiveTheSameResult() {
        let text = "  <think>Hmm, 2+2.\nIt is 4.</think>\n\nFour."
        let whole = split([text])
        for cut in 1..<text.count {
            let index = text.index(text.startIndex, offsetBy: cut)
            let pieces = split([String(text[..<index]), String(text[index...])])
            XCTAssertEqual(pieces.reasoning, whole.reasoning, "cut at \(cut)")
            XCTAssertEqual(pieces.content, whole.content, "cut at \(cut)")
        }
        let byCharacter = split(text.map { String($0) })
        XCTAssertEqual(byCharacter.reasoning, "Hmm, 2+2.\nIt is 4.")
        XCTAssertEqual(byCharacter.content, "Four.")
    }

    func testATagLaterInTheReplyIsJustText() {
        let result = split(["Use <think> tags like <think>this</think>."])
        XCTAssertEqual(result.reasoning, "")
        XCTAssertEqual(result.content, "Use <think> tags like <think>this</think>.")
    }

    func testAnUnclosedThinkBlockStaysReasoning() {
        let result = split(["<think>still thinking", " about it</thi"])
        XCTAssertEqual(result.reasoning, "still thinking about it</thi")
        XCTAssertEqual(result.content, "")
    }

    func testAReplyThatStartsLikeTheTagButIsNotIsContent() {
        XCTAssertEqual(split(["<th", "ing>"]).content, "<thing>")
        XCTAssertEqual(split(["<"]).content, "<")
    }
}
