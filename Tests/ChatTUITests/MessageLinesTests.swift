import ChatCore
import XCTest

@testable import ChatTUI

/// A message's text as the selection sees it: source lines, the rows each takes, code blocks,
/// and what copying a range of them gives.
@MainActor
final class MessageLinesTests: ChatTUITestCase {
    static let reply = """
        Intro line that is long enough to wrap at a narrow width.

        ```swift
            let a = 1
        print(a)
        ```

        | a | b |
        |---|---|
        | 1 | 2 |
        Last line
        """

    func testEachSourceLineHoldsTheRowsItWrapsTo() async {
        let lines = MessageLines("one two three four five six\nseven", markdown: false, width: 10)
        XCTAssertEqual(lines.lines.map(\.source), [0..<1, 1..<2])
        XCTAssertEqual(lines.lines.map(\.rows), [0..<3, 3..<4])
        XCTAssertEqual(lines.rowCount, 4)
    }

    func testRowsMatchTheLayoutsRowsForTheSameText() async {
        for width in [12, 30, 80] {
            for (content, role) in [
                (Self.reply, Role.assistant), ("\n\nlead and trail\n\n\n", .assistant),
                ("plain\r\nwith CRLF and a tab\there", .user), ("", .user),
            ] {
                let message = Message(role: role, content: content)
                let rows = MessageRows(message, width: width).textRows
                let lines = MessageLines(content, markdown: role == .assistant, width: width - 2)
                if content.isEmpty { continue }
                XCTAssertEqual(lines.rowCount, rows.count, "width \(width): \(content.debugDescription)")
                XCTAssertEqual(lines.lines.last?.rows.upperBound, rows.count)
            }
        }
    }

    func testAFenceOpensABlockThatHoldsItsCodeLinesButNotItsClosingLine() async {
        let lines = MessageLines(Self.reply, markdown: true, width: 80)
        XCTAssertEqual(lines.blocks.count, 1)
        XCTAssertEqual(lines.blocks[0].language, "swift")
        let block = lines.blocks[0].lines
        XCTAssertEqual(lines.source[lines.lines[block.lowerBound].source.lowerBound], "```swift")
        XCTAssertEqual(block.count, 3, "the fence and two code lines")
        XCTAssertEqual(lines.blocks[0].closingLine, 5)
    }

    func testBlankLinesAtTheStartAndEndHoldNoCursor() async {
        let lines = MessageLines("\n\nmiddle\n\n", markdown: true, width: 40)
        XCTAssertEqual(lines.lines.count, 1)
        XCTAssertEqual(lines.lines[0].source, 2..<3)
        XCTAssertEqual(lines.lines[0].rows, 0..<1)
    }

    func testATableThatFitsIsOneLinePerRow() async {
        let lines = MessageLines("| a | b |\n|---|---|\n| 1 | 2 |", markdown: true, width: 40)
        XCTAssertEqual(lines.lines.map(\.source), [0..<1, 1..<2, 2..<3])
    }

    func testCodeLinesOfOneBlockCopyAsCodeWithoutFencesOrIndentation() async {
        let lines = MessageLines("  ```py\n  x = 1\n  y = 2\n  ```", markdown: true, width: 40)
        XCTAssertEqual(lines.text(of: 1...2), "x = 1\ny = 2")
        XCTAssertEqual(lines.codeBlock(holding: 1...2)?.language, "py")
        XCTAssertNil(lines.codeBlock(holding: 0...2), "the fence is not code")
    }

    func testARangeThatReachesIntoABlockKeepsBothItsFences() async {
        let lines = MessageLines("Before\n```\ncode\n```\nAfter", markdown: true, width: 40)
        XCTAssertEqual(lines.text(of: 1...2), "```\ncode\n```")
        XCTAssertEqual(lines.text(of: 0...3), "Before\n```\ncode\n```\nAfter")
        XCTAssertEqual(lines.text(of: 0...0), "Before")
        XCTAssertEqual(lines.text(of: 2...3), "```\ncode\n```\nAfter", "code and what follows: the fences too")
    }

    func testALineBreakAsCRLFCopiesAsTheLineAlone() async {
        let lines = MessageLines("first\r\nsecond", markdown: false, width: 40)
        XCTAssertEqual(lines.text(of: 0...1), "first\nsecond")
    }

    func testTheLineAtARowIsFoundAcrossWrappedRows() async {
        let lines = MessageLines("one two three four five six\nseven", markdown: false, width: 10)
        XCTAssertEqual(lines.line(atRow: 0), 0)
        XCTAssertEqual(lines.line(atRow: 2), 0)
        XCTAssertEqual(lines.line(atRow: 3), 1)
        XCTAssertNil(lines.line(atRow: 4))
    }
}
