import XCTest

@testable import ChatTUI

/// `SelectionMode`, transition by transition, over a conversation of plain lines and a code
/// block, without a controller.
@MainActor
final class SelectionModeTests: ChatTUITestCase {
    /// Messages 0 (a prompt, 2 lines), 1 (no text), 2 (a reply: text, a block of 2 code lines,
    /// text, a second block).
    struct Document: SelectionDocument {
        var messages = [
            MessageLines("first\nsecond", markdown: false, width: 80),
            MessageLines.empty,
            MessageLines("Intro\n```sh\nls\npwd\n```\nMiddle\n```\nmore\n```\nEnd", markdown: true, width: 80),
        ]
        var messageCount: Int { messages.count }
        func lines(ofMessage index: Int) -> MessageLines { messages[index] }
    }

    let document = Document()

    private func point(_ message: Int, _ line: Int) -> SelectionPoint { SelectionPoint(message: message, line: line) }

    /// The mode with the cursor at `start` after `events`.
    private func mode(at start: SelectionPoint, after events: [SelectionMode.Event] = []) -> SelectionMode {
        var mode = SelectionMode.off
        _ = mode.take(.start(at: start), in: document)
        for event in events { _ = mode.take(event, in: document) }
        return mode
    }

    private func cursor(from start: SelectionPoint, _ motion: SelectionMotion) -> SelectionPoint? {
        mode(at: start, after: [.move(motion)]).marked?.cursor
    }

    // MARK: Editing and alternatives

    func testEAsksToEditTheMessageUnderTheCursorAndKeepsTheMode() async {
        var mode = mode(at: point(0, 1))
        XCTAssertEqual(mode.take(.edit, in: document), .edit(message: 0))
        XCTAssertEqual(mode, .marking(.cursor(point(0, 1))), "the controller ends it once the prompt is in the editor")
    }

    func testAnAlternativeIsAskedForTheMessageUnderTheCursorAndARangeShrinksToIt() async {
        var mode = mode(at: point(2, 0), after: [.range(whole: false), .move(.lineDown)])
        XCTAssertEqual(mode.take(.showAlternative(step: -1), in: document), .showAlternative(message: 2, step: -1))
        XCTAssertEqual(mode, .marking(.cursor(point(2, 1))))
    }

    func testEditAndAlternativesDoNothingWhileAPathIsTyped() async {
        var mode = mode(at: point(0, 0), after: [.write])
        let before = mode
        XCTAssertNil(mode.take(.edit, in: document))
        XCTAssertNil(mode.take(.showAlternative(step: 1), in: document))
        XCTAssertEqual(mode, before)
    }

    // MARK: Starting and leaving

    func testStartPutsTheCursorOnALineAndRevealsIt() async {
        var mode = SelectionMode.off
        XCTAssertEqual(mode.take(.start(at: point(2, 6)), in: document), .reveal(point(2, 6)))
        XCTAssertEqual(mode, .marking(.cursor(point(2, 6))))
    }

    func testTheDocumentsLastPointIsTheNewestMessagesLastLine() async {
        XCTAssertEqual(document.lastPoint, point(2, 7))
        XCTAssertEqual(document.firstPoint, point(0, 0))
    }

    func testEventsWhileOffDoNothing() async {
        var mode = SelectionMode.off
        for event in [SelectionMode.Event.move(.lineUp), .copy, .range(whole: false), .write, .leave] {
            XCTAssertNil(mode.take(event, in: document))
            XCTAssertEqual(mode, .off)
        }
    }

    func testLeaveAndDoneEndTheMode() async {
        XCTAssertEqual(mode(at: point(0, 0), after: [.leave]), .off)
        XCTAssertEqual(mode(at: point(0, 0), after: [.write, .done]), .off)
    }

    // MARK: Moves

    func testLineMovesCrossMessagesAndSkipThoseWithoutText() async {
        XCTAssertEqual(cursor(from: point(0, 1), .lineDown), point(2, 0))
        XCTAssertEqual(cursor(from: point(2, 0), .lineUp), point(0, 1))
        XCTAssertEqual(cursor(from: point(0, 0), .lineUp), point(0, 0), "the first line stays")
        XCTAssertEqual(cursor(from: point(2, 7), .lineDown), point(2, 7), "the last line stays")
    }

    func testMessageMovesGoToTheStartOfAMessage() async {
        XCTAssertEqual(cursor(from: point(2, 3), .previousMessage), point(2, 0), "the start of its own first")
        XCTAssertEqual(cursor(from: point(2, 0), .previousMessage), point(0, 0))
        XCTAssertEqual(cursor(from: point(0, 1), .nextMessage), point(2, 0))
        XCTAssertEqual(cursor(from: point(2, 3), .nextMessage), point(2, 3), "no message after")
    }

    func testBlockMovesGoToAnOpeningFence() async {
        XCTAssertEqual(cursor(from: point(0, 0), .nextBlock), point(2, 1))
        XCTAssertEqual(cursor(from: point(2, 1), .nextBlock), point(2, 5))
        XCTAssertEqual(cursor(from: point(2, 3), .previousBlock), point(2, 1), "the start of its own first")
        XCTAssertEqual(cursor(from: point(2, 5), .previousBlock), point(2, 1))
        XCTAssertEqual(cursor(from: point(2, 5), .nextBlock), point(2, 5), "no block after")
    }

    func testPagesPassAtLeastTheirRowsAndTopAndBottomGoToTheEnds() async {
        XCTAssertEqual(cursor(from: point(0, 0), .pageDown(rows: 3)), point(2, 1))
        XCTAssertEqual(cursor(from: point(2, 1), .pageUp(rows: 3)), point(0, 0))
        XCTAssertEqual(cursor(from: point(2, 3), .top), point(0, 0))
        XCTAssertEqual(cursor(from: point(0, 0), .bottom), point(2, 7))
    }

    func testAMoveInARangeMovesOnlyItsCursor() async {
        let moved = mode(at: point(2, 0), after: [.range(whole: false), .move(.lineDown)])
        XCTAssertEqual(moved, .marking(.range(anchor: point(2, 0), cursor: point(2, 1), whole: false)))
    }

    // MARK: Ranges

    func testVStartsARangeAndEndsIt() async {
        XCTAssertEqual(
            mode(at: point(2, 2), after: [.range(whole: false)]),
            .marking(.range(anchor: point(2, 2), cursor: point(2, 2), whole: false)))
        XCTAssertEqual(
            mode(at: point(2, 2), after: [.range(whole: false), .move(.lineUp), .range(whole: false)]),
            .marking(.cursor(point(2, 1))))
    }

    func testTheOtherKindOfRangeSwitchesKindAndKeepsTheAnchor() async {
        XCTAssertEqual(
            mode(at: point(2, 2), after: [.range(whole: false), .move(.lineDown), .range(whole: true)]),
            .marking(.range(anchor: point(2, 2), cursor: point(2, 3), whole: true)))
    }

    func testLinesRangeCoversAnchorToCursorInEitherOrder() async {
        let marked = SelectionMode.Marked.range(anchor: point(2, 0), cursor: point(0, 1), whole: false)
        XCTAssertEqual(marked.bounds(in: document), point(0, 1)...point(2, 0))
        XCTAssertEqual(marked.text(in: document).text, "second\n\nIntro")
    }

    func testAWholeRangeInACodeBlockCoversItsCodeAndCopiesItWithoutFences() async {
        for anchor in [point(2, 1), point(2, 2)] {
            let marked = SelectionMode.Marked.range(anchor: anchor, cursor: anchor, whole: true)
            XCTAssertEqual(marked.bounds(in: document), point(2, 2)...point(2, 3))
            XCTAssertEqual(marked.text(in: document).text, "ls\npwd")
            XCTAssertEqual(marked.text(in: document).codeLanguage, "sh")
        }
    }

    func testARangeReachingOutOfABlockTakesItsFencesAlong() async {
        let marked = SelectionMode.Marked.range(anchor: point(2, 3), cursor: point(2, 4), whole: false)
        XCTAssertEqual(marked.text(in: document).text, "```sh\nls\npwd\n```\nMiddle")
        XCTAssertNil(marked.text(in: document).codeLanguage)
    }

    func testAWholeRangeOutsideABlockCoversWholeMessages() async {
        let marked = SelectionMode.Marked.range(anchor: point(0, 1), cursor: point(2, 0), whole: true)
        XCTAssertEqual(marked.bounds(in: document), point(0, 0)...point(2, 7))
    }

    // MARK: Copy, quote, write

    func testCopyAndQuoteAskForTheirEffectAndStayUntilDone() async {
        var mode = mode(at: point(0, 0))
        XCTAssertEqual(mode.take(.copy, in: document), .copy(.cursor(point(0, 0))))
        XCTAssertEqual(mode.take(.quote, in: document), .quote(.cursor(point(0, 0))))
        XCTAssertEqual(mode, .marking(.cursor(point(0, 0))))
        _ = mode.take(.done, in: document)
        XCTAssertEqual(mode, .off)
    }

    func testWriteAsksForAPathThatKeysEdit() async {
        let mode = mode(at: point(0, 0), after: [.write, .pathKey(.text("~/a.md")), .pathKey(.backspace)])
        XCTAssertEqual(mode, .naming(.cursor(point(0, 0)), path: InputLine(text: "~/a.m")))
    }

    func testSubmittingThePathAsksToWriteWithoutOverwriting() async {
        var mode = mode(at: point(0, 0), after: [.write, .pathKey(.text("out.md"))])
        XCTAssertEqual(
            mode.take(.submitPath, in: document), .write(.cursor(point(0, 0)), path: "out.md", overwrite: false))
    }

    func testAnEmptyPathAsksForNothing() async {
        var mode = mode(at: point(0, 0), after: [.write, .pathKey(.text("  "))])
        XCTAssertNil(mode.take(.submitPath, in: document))
    }

    func testCancellingThePathGoesBackToTheSelection() async {
        let marked = SelectionMode.Marked.range(anchor: point(0, 0), cursor: point(0, 1), whole: false)
        XCTAssertEqual(
            mode(at: point(0, 0), after: [.range(whole: false), .move(.lineDown), .write, .cancelPath]),
            .marking(marked))
    }

    func testAnExistingFileAsksAndYesOverwrites() async {
        var mode = mode(at: point(0, 0), after: [.write, .pathKey(.text("a")), .fileExists("/tmp/a")])
        XCTAssertEqual(mode, .confirming(.cursor(point(0, 0)), path: InputLine(text: "a"), file: "/tmp/a"))
        XCTAssertEqual(mode.take(.overwrite, in: document), .write(.cursor(point(0, 0)), path: "a", overwrite: true))
    }

    func testAnExistingFileKeptGoesBackToThePath() async {
        let mode = mode(at: point(0, 0), after: [.write, .pathKey(.text("a")), .fileExists("/tmp/a"), .keepFile])
        XCTAssertEqual(mode, .naming(.cursor(point(0, 0)), path: InputLine(text: "a")))
    }

    func testTheQuoteIsMarkdownAndCodeGoesInAFence() async {
        XCTAssertEqual(SelectionMode.quote("a\n\nb", codeLanguage: nil), "> a\n>\n> b")
        XCTAssertEqual(SelectionMode.quote("ls", codeLanguage: "sh"), "> ```sh\n> ls\n> ```")
    }
}
