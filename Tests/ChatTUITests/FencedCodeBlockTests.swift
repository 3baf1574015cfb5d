import ChatTUI
import XCTest

final class FencedCodeBlockTests: XCTestCase {
    func testBlocksHoldTheirCodeWithoutFencesInOrder() {
        let reply = """
            Here:

            ```swift
            let a = 1
                print(a)
            ```

            then

            ~~~
            plain
            ~~~
            """
        XCTAssertEqual(
            FencedCodeBlock.blocks(in: reply),
            [
                FencedCodeBlock(language: "swift", code: "let a = 1\n    print(a)", lineCount: 2),
                FencedCodeBlock(language: "", code: "plain", lineCount: 1),
            ])
    }

    func testAnIndentedFenceLosesItsIndentationAndTabsAreKept() {
        let reply = "1. step\n\n   ```sh\n   make\n   \techo\tdone\n  two\n   ```\n"
        XCTAssertEqual(
            FencedCodeBlock.blocks(in: reply),
            [FencedCodeBlock(language: "sh", code: "make\n\techo\tdone\ntwo", lineCount: 3)])
    }

    func testAFenceLeftOpenRunsToTheEndAndALongerFenceHoldsAShorterOne() {
        let reply = "````md\n```\ninner\n```\n````\n\n```\nunclosed\r\nstill code"
        XCTAssertEqual(
            FencedCodeBlock.blocks(in: reply),
            [
                FencedCodeBlock(language: "md", code: "```\ninner\n```", lineCount: 3),
                FencedCodeBlock(language: "", code: "unclosed\nstill code", lineCount: 2),
            ])
    }

    func testEmptyBlocksCountAndTextWithoutFencesHasNone() {
        XCTAssertEqual(FencedCodeBlock.blocks(in: "```\n```"), [FencedCodeBlock(language: "", code: "", lineCount: 0)])
        XCTAssertEqual(FencedCodeBlock.blocks(in: "no code here, only `inline`"), [])
    }

    func testControlCharactersInCodeBecomePlaceholders() {
        XCTAssertEqual(FencedCodeBlock.blocks(in: "```\nprintf '\u{1B}[31m'\n```").first?.code, "printf '␛[31m'")
    }
}
