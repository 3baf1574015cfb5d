import ChatCore
import XCTest

@testable import ChatTUI

/// `PromptEdit`, transition by transition: what each event does from each state.
final class PromptEditTests: XCTestCase {
    private let draft = PromptEdit.Draft(text: "half a thought", attachments: [])
    private let other = PromptEdit.Draft(text: "other", attachments: [Attachment(name: "a.txt", content: .text("a"))])

    private var editingPrompt4: PromptEdit {
        .editing(.init(index: 4, fromNewest: 1, setAside: draft))
    }

    func testStartFromOffSetsTheDraftAside() {
        var edit = PromptEdit.off
        XCTAssertNil(edit.take(.start(index: 4, fromNewest: 1, draft: draft)))
        XCTAssertEqual(edit, editingPrompt4)
    }

    func testStartWhileEditingKeepsTheFirstDraftSetAside() {
        var edit = editingPrompt4
        XCTAssertNil(edit.take(.start(index: 0, fromNewest: 3, draft: other)))
        XCTAssertEqual(edit, .editing(.init(index: 0, fromNewest: 3, setAside: draft)))
    }

    func testSentLeaveAndAnotherConversationEndTheEditAndGiveTheDraftBack() {
        for event in [PromptEdit.Event.sent, .leave, .conversationReplaced] {
            var edit = editingPrompt4
            XCTAssertEqual(edit.take(event), .restore(draft), "\(event)")
            XCTAssertEqual(edit, .off, "\(event)")
        }
    }

    func testABranchShownAtOrAboveThePromptEndsTheEdit() {
        for index in [0, 4] {
            var edit = editingPrompt4
            XCTAssertEqual(edit.take(.branchShown(index)), .restore(draft))
            XCTAssertEqual(edit, .off)
        }
    }

    func testABranchShownBelowThePromptLeavesTheEdit() {
        var edit = editingPrompt4
        XCTAssertNil(edit.take(.branchShown(5)))
        XCTAssertEqual(edit, editingPrompt4)
    }

    func testEventsOtherThanStartDoNothingWhenOff() {
        for event in [PromptEdit.Event.sent, .leave, .conversationReplaced, .branchShown(0)] {
            var edit = PromptEdit.off
            XCTAssertNil(edit.take(event))
            XCTAssertEqual(edit, .off)
        }
    }

    func testTheHintSaysWhichPromptAndWhatTheKeysDo() {
        XCTAssertNil(PromptEdit.off.hint(send: "Enter", leave: "Esc"))
        XCTAssertEqual(
            editingPrompt4.hint(send: "Enter", leave: "Esc"),
            "editing the latest prompt: Enter sends it as a new branch, Esc leaves it")
        let third = PromptEdit.editing(.init(index: 0, fromNewest: 3, setAside: draft))
        XCTAssertEqual(
            third.hint(send: "Enter", leave: "Esc"),
            "editing prompt 3 from the newest: Enter sends it as a new branch, Esc leaves it")
    }
}
