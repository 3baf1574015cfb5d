import ChatCore
import DemoServer
import Foundation
import TestSupport
import XCTest

@testable import ChatTUI

/// Selection mode headless: `/select` and Alt-V, the moves, ranges, and what `y`, `w` and Enter
/// do with the selection, on the real controller and session against a DemoServer.
@MainActor
final class ChatControllerSelectionTests: HeadlessChatTestCase {
    /// Its lines in selection mode: "Here is a script:", "", the fence, two code lines, "",
    /// "And that is all."
    static let reply = "Here is a script:\n\n```sh\necho one\necho two\n```\n\nAnd that is all."

    private var folder: URL!

    override func setUp() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatterm-select-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: folder)
        try await super.tearDown()
    }

    /// A chat after the prompt "hi" and its reply `reply`.
    private func replied(
        _ reply: String = reply, clipboard: ClipboardSequence.Route? = .direct, rows: Int = 24
    ) async throws {
        chat = try await HeadlessChat.start(
            .fast(cannedReply: reply), options: ChatController.Options(endpointLabel: "demo", clipboard: clipboard),
            rows: rows)
        try await chat.send("hi")
    }

    private static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    private var written: String { String(decoding: chat.host.written, as: UTF8.self) }

    /// The screen row showing `text`.
    private func row(showing text: String, file: StaticString = #filePath, line: UInt = #line) -> Int? {
        let row = chat.lines.firstIndex { $0.contains(text) }
        if row == nil { XCTFail("no row shows “\(text)”:\n\(chat.screenText)", file: file, line: line) }
        return row
    }

    /// Whether the conversation row showing `text` is drawn selected (row 0 is the title).
    private func isSelected(_ text: String) -> Bool {
        guard let row = chat.lines.indices.dropFirst().first(where: { chat.lines[$0].contains(text) }) else {
            return false
        }
        return chat.grid.role(row: row, column: 4) == .selection
    }

    // MARK: Entering and leaving

    func testSelectPutsTheCursorOnTheNewestMessagesLastLine() async throws {
        try await replied()
        chat.enter("/select")
        let row = try XCTUnwrap(row(showing: "And that is all."))
        XCTAssertTrue(chat.lines[row].hasPrefix("› And that is all."), chat.lines[row])
        XCTAssertEqual(chat.grid.role(row: row, column: 2), .selection)
        XCTAssertEqual(chat.grid.role(row: row, column: 90), .selection, "the whole row")
        XCTAssertFalse(isSelected("echo two"))
        XCTAssertEqual(
            chat.promptLine,
            "selecting: j/k lines  [ ] messages  { } blocks  v/V range  y copy  w write  Enter quote  Esc leave"
        )
        XCTAssertNil(chat.controller.notice)
    }

    func testAltVEntersTooAndLeavesTheDraftAlone() async throws {
        try await replied()
        chat.type("my draft")
        chat.press(.alt("v"), .text("k"), .text("j"))
        XCTAssertTrue(chat.controller.selection.isOn)
        XCTAssertEqual(chat.draft, "my draft")
    }

    func testEscAndQLeave() async throws {
        try await replied()
        for key in [Key.escape, .text("q"), .ctrl("c")] {
            chat.enter("/select")
            chat.press(key)
            XCTAssertEqual(chat.controller.selection, .off, "\(key)")
            XCTAssertFalse(isSelected("And that is all."))
        }
    }

    func testSelectWithNothingToSelectSaysSo() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/select")
        XCTAssertEqual(chat.controller.selection, .off)
        XCTAssertEqual(chat.notice, "nothing to select yet")
    }

    // MARK: Moves and copies

    func testYCopiesTheLineUnderTheCursorAsOSC52AndLeaves() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("y"))
        XCTAssertEqual(written, Self.osc52("And that is all."))
        XCTAssertEqual(chat.notice, "copied 1 line to the clipboard (OSC 52)")
        XCTAssertEqual(chat.controller.selection, .off)
    }

    func testKAndUpMoveUpAJAndDownMoveDown() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("k"), .up, .text("j"), .up)
        XCTAssertTrue(isSelected("echo two"))
        XCTAssertFalse(isSelected("And that is all."))
        chat.press(.down, .down, .text("y"))
        XCTAssertEqual(written, Self.osc52("And that is all."))
    }

    func testKeysTypedInOneBurstEachCount() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("kky"))
        XCTAssertEqual(written, Self.osc52("echo two"))
    }

    func testVSelectsLinesAndCodeLinesAloneCopyAsCode() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("k"), .text("k"), .text("v"), .text("k"))
        XCTAssertTrue(isSelected("echo one"))
        XCTAssertTrue(isSelected("echo two"))
        XCTAssertTrue(chat.notice.hasPrefix("2 lines selected"), chat.notice)
        chat.press(.text("y"))
        XCTAssertEqual(written, Self.osc52("echo one\necho two"))
        XCTAssertEqual(chat.notice, "copied 2 lines to the clipboard (OSC 52)")
    }

    func testVAgainEndsTheRange() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("v"), .text("k"), .text("v"))
        XCTAssertFalse(isSelected("And that is all."))
        chat.press(.text("y"))
        XCTAssertEqual(written, Self.osc52(""), "the cursor's line: the blank line above the last")
    }

    func testARangeOfProseAndCodeCopiesTheMarkdownAsWritten() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("v"), .text("k"), .text("k"), .text("y"))
        XCTAssertEqual(written, Self.osc52("```sh\necho one\necho two\n```\n\nAnd that is all."))
    }

    func testBraceGoesToTheCodeBlockAndBigVCopiesItsCode() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("{"))
        XCTAssertTrue(isSelected("╭─ sh"))
        chat.press(.text("V"))
        XCTAssertTrue(isSelected("echo one"))
        XCTAssertTrue(isSelected("echo two"))
        chat.press(.text("y"))
        XCTAssertEqual(written, Self.osc52("echo one\necho two"))
    }

    func testBracketsGoToTheStartOfAMessageAndBigVCopiesWholeMessages() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("["))
        XCTAssertTrue(isSelected("Here is a script:"))
        chat.press(.text("["))
        XCTAssertTrue(isSelected("hi"))
        chat.press(.text("]"), .text("y"))
        XCTAssertEqual(written, Self.osc52("Here is a script:"))
        chat.enter("/select")
        chat.press(.text("V"), .text("["), .text("["), .text("y"))
        XCTAssertEqual(written, Self.osc52("Here is a script:") + Self.osc52("hi\n\n" + Self.reply))
    }

    func testTheViewScrollsToKeepTheCursorInView() async throws {
        let long = (1...60).map { String(format: "line %02d", $0) }.joined(separator: "\n")
        try await replied(long)
        chat.enter("/select")
        XCTAssertNil(chat.lines.firstIndex { $0.contains("line 01") })
        chat.press(.text("g"))
        XCTAssertTrue(isSelected("hi"), chat.screenText)
        chat.press(.text("G"))
        XCTAssertTrue(isSelected("line 60"))
        chat.press(.pageUp)
        XCTAssertTrue(isSelected("line 40"), "a page of 20 rows up: \(chat.screenText)")
        XCTAssertEqual(chat.lines.firstIndex { $0.hasPrefix("›") }, 1, "scrolled to the top of the pane")
    }

    func testCopyingWithTheClipboardOffSaysSoAndStays() async throws {
        try await replied(clipboard: nil)
        chat.enter("/select")
        chat.press(.text("y"))
        XCTAssertTrue(chat.host.written.isEmpty)
        XCTAssertTrue(chat.notice.hasPrefix("copying to the clipboard is off"), chat.notice)
        XCTAssertTrue(chat.controller.selection.isOn)
    }

    func testCopyingThroughTmuxWrapsTheSequence() async throws {
        try await replied(clipboard: .tmux)
        chat.enter("/select")
        chat.press(.text("y"))
        XCTAssertEqual(chat.host.written, ClipboardSequence.bytes(for: "And that is all.", route: .tmux))
        XCTAssertTrue(chat.notice.hasSuffix("(OSC 52 via tmux)"), chat.notice)
    }

    // MARK: Quote

    func testEnterQuotesTheSelectionIntoThePromptAfterTheDraft() async throws {
        try await replied()
        chat.type("Explain:")
        chat.press(.alt("v"), .text("{"), .text("V"), .enter)
        XCTAssertEqual(chat.draft, "Explain:\n\n> ```sh\n> echo one\n> echo two\n> ```\n\n")
        XCTAssertEqual(chat.controller.selection, .off)
        XCTAssertEqual(chat.notice, "quoted 2 lines in the prompt")
        XCTAssertEqual(chat.session.conversation.messages.count, 2, "nothing was sent")
    }

    func testEnterOnAnEmptyDraftQuotesLinesWithBlankOnesKept() async throws {
        try await replied()
        chat.enter("/select")
        chat.press(.text("v"), .text("k"), .enter)
        XCTAssertEqual(chat.draft, ">\n> And that is all.\n\n")
    }

    // MARK: Write

    func testWWritesTheSelectionToTheFileTyped() async throws {
        try await replied()
        let path = folder.appendingPathComponent("script.sh").path
        chat.enter("/select")
        chat.press(.text("{"), .text("V"), .text("w"))
        XCTAssertTrue(chat.promptLine.hasPrefix("write to: "), chat.promptLine)
        chat.type(path)
        XCTAssertEqual(chat.promptLine, "write to: " + path)
        chat.press(.enter)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "echo one\necho two\n")
        XCTAssertEqual(chat.notice, "wrote 2 lines to \(path)")
        XCTAssertEqual(chat.controller.selection, .off)
        XCTAssertTrue(chat.promptLine.hasPrefix("›"), "the prompt is back: \(chat.promptLine)")
    }

    func testWAsksBeforeOverwritingAndNKeepsTheFile() async throws {
        try await replied()
        let path = folder.appendingPathComponent("notes.md").path
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        chat.enter("/select")
        chat.press(.text("w"))
        chat.type(path)
        chat.press(.enter)
        XCTAssertEqual(chat.promptLine, "\(path) exists: overwrite it? y / n")
        chat.press(.text("n"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
        XCTAssertEqual(chat.promptLine, "write to: " + path, "back to the path")
        chat.press(.enter, .text("y"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "And that is all.\n")
        XCTAssertEqual(chat.controller.selection, .off)
    }

    func testWNamesTheFileAndTheReasonWhenItCannotWrite() async throws {
        try await replied()
        let path = folder.appendingPathComponent("missing/notes.md").path
        chat.enter("/select")
        chat.press(.text("w"))
        chat.type(path)
        chat.press(.enter)
        XCTAssertEqual(chat.notice, "cannot write \(path): No such file or directory")
        XCTAssertTrue(chat.promptLine.hasPrefix("write to: "), "the path can be corrected")
        chat.press(.escape)
        XCTAssertTrue(chat.controller.selection.isOn, "back to the selection")
        XCTAssertTrue(isSelected("And that is all."))
    }

    func testATildeIsTheHomeFolder() async {
        XCTAssertEqual(SelectionFile.expand("~/a.md", home: "/home/u"), "/home/u/a.md")
        XCTAssertEqual(SelectionFile.expand("~", home: "/home/u"), "/home/u")
        XCTAssertEqual(SelectionFile.expand(" rel/a.md ", home: "/home/u"), "rel/a.md")
        XCTAssertEqual(SelectionFile.expand("~other/a", home: "/home/u"), "~other/a")
    }

    // MARK: The wheel

    func testAWheelStepScrollsThreeLines() async throws {
        let long = (1...60).map { String(format: "line %02d", $0) }.joined(separator: "\n")
        try await replied(long)
        XCTAssertTrue(chat.screenText.contains("line 60"), "drawn with the reply")
        chat.press(.wheelUp)
        XCTAssertEqual(chat.controller.screen.pane.offsetFromBottom, 3)
        chat.press(.wheelUp, .wheelDown)
        XCTAssertEqual(chat.controller.screen.pane.offsetFromBottom, 3)
    }
}
