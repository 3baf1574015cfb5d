import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI

/// The conversation tree on the chat screen, headless: `/edit` (Alt-E, `e` in selection mode)
/// and its edit of a prompt, `/retry` keeping the earlier reply, the `‹ 2/3 ›` labels, and
/// Alt-Left / Alt-Right and `/branch` switching, against a DemoServer that answers a repeated
/// question differently (`Answer 2: …`), as a sampling model does.
@MainActor
final class ChatControllerBranchTests: HeadlessChatTestCase {
    private static var varying: DemoServerConfiguration {
        var configuration = DemoServerConfiguration.fast
        configuration.variesRepeatedAnswers = true
        return configuration
    }

    /// A chat after the prompts `prompts`, each answered.
    private func chatting(_ prompts: String...) async throws {
        chat = try await HeadlessChat.start(Self.varying)
        for prompt in prompts { try await chat.send(prompt) }
    }

    /// A chat after "hi", answered, and `/retry`, answered again: two replies to one prompt.
    private func retried() async throws {
        try await chatting("hi")
        try await retry()
    }

    private func retry(file: StaticString = #filePath, line: UInt = #line) async throws {
        chat.enter("/retry")
        try await chat.waitUntil("the retried reply finished", file: file, line: line) { !$0.session.isBusy }
    }

    private var contents: [String] { chat.session.conversation.messages.map(\.content) }

    /// The label rows on screen that show `alternatives`, e.g. "‹ 2/2 ›".
    private func labels(showing alternatives: String) -> [String] {
        chat.lines.filter { $0.contains(alternatives) }
    }

    // MARK: /edit

    func testEditPutsTheLatestPromptInTheEditorAndSaysWhatEnterDoes() async throws {
        try await chatting("first question", "second question")
        chat.enter("/edit")
        XCTAssertEqual(chat.draft, "second question")
        XCTAssertTrue(chat.statusLine.contains("editing the latest prompt: Enter sends it as a new b"), chat.statusLine)
        XCTAssertEqual(
            chat.controller.statusModel().notice,
            "editing the latest prompt: Enter sends it as a new branch, Esc leaves it")
    }

    func testAltEEditsTheLatestPromptAndKeepsTheDraftForLater() async throws {
        try await chatting("first question")
        chat.type("half a thought")
        chat.press(.alt("e"))
        XCTAssertEqual(chat.draft, "first question")
        chat.press(.escape)
        XCTAssertEqual(chat.draft, "half a thought", "Esc brings the draft back")
        XCTAssertFalse(chat.statusLine.contains("editing"), chat.statusLine)
    }

    func testEditWithANumberCountsPromptsFromTheNewest() async throws {
        try await chatting("first question", "second question", "third question")
        chat.enter("/edit 3")
        XCTAssertEqual(chat.draft, "first question")
        XCTAssertTrue(chat.statusLine.contains("editing prompt 3 from the newest"), chat.statusLine)
        chat.press(.escape)
        chat.enter("/edit 2")
        XCTAssertEqual(chat.draft, "second question")
    }

    func testEditOfAPromptThatIsNotThereSaysHowManyThereAre() async throws {
        try await chatting("first question", "second question")
        chat.enter("/edit 5")
        XCTAssertTrue(chat.notice.contains("there are 2 prompts in view: /edit 2 is the first"), chat.notice)
        XCTAssertEqual(chat.draft, "")
        chat.enter("/edit last")
        XCTAssertTrue(chat.notice.contains("/edit takes a number"), chat.notice)
    }

    func testEditBeforeAnyPromptSaysThereIsNone() async throws {
        chat = try await HeadlessChat.start(Self.varying)
        chat.press(.alt("e"))
        XCTAssertEqual(chat.notice, "there is no prompt to edit yet")
    }

    func testSendingTheEditedPromptStartsABranchAndKeepsTheOldOne() async throws {
        try await chatting("first question", "second question")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.enter("another question")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        XCTAssertEqual(contents[2], "another question")
        XCTAssertTrue(contents[3].contains("another question"), contents[3])
        XCTAssertEqual(Set(chat.session.conversation.otherBranches.map(\.content)).count, 2)
        XCTAssertTrue(chat.screenText.contains("You ‹ 2/2 ›"), chat.screenText)
        XCTAssertTrue(chat.notice.contains("the earlier prompt is kept: Alt-Left shows it"), chat.notice)
        XCTAssertEqual(chat.draft, "", "the draft set aside was empty")
        XCTAssertFalse(chat.statusLine.contains("editing"), chat.statusLine)
    }

    func testAnEarlierPromptEditedStartsTheBranchThere() async throws {
        try await chatting("first question", "second question")
        chat.enter("/edit 2")
        chat.press(.ctrl("u"))
        chat.enter("a better first question")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        XCTAssertEqual(contents.count, 2)
        XCTAssertEqual(contents[0], "a better first question")
        XCTAssertEqual(chat.session.conversation.alternatives(at: 0)?.label, "‹ 2/2 ›")
    }

    func testEscLeavesTheEditAndChangesNothing() async throws {
        try await chatting("first question")
        chat.enter("/edit")
        chat.type(" and more")
        chat.press(.escape)
        XCTAssertEqual(chat.draft, "")
        XCTAssertFalse(chat.session.conversation.isBranched)
        chat.enter("a new prompt")
        try await chat.waitUntil("the new prompt's reply finished") { !$0.session.isBusy }
        XCTAssertEqual(contents.count, 4, "after the edit is left, Enter sends as usual")
    }

    func testEditingAPromptBringsItsAttachmentsAndSendsThemAgain() async throws {
        chat = try await HeadlessChat.start(Self.varying)
        let note = Attachment(name: "note.txt", content: .text("remember the milk"))
        var conversation = Conversation()
        conversation.messages = [
            Message(role: .user, content: "read this", attachments: [note]),
            Message(role: .assistant, content: "I read it."),
        ]
        try chat.session.replace(with: conversation, readOnly: false)
        let waiting = Attachment(name: "other.txt", content: .text("other"))
        chat.controller.waitingAttachments = [waiting]
        chat.enter("/edit")
        XCTAssertEqual(chat.controller.waitingAttachments, [note])
        chat.press(.escape)
        XCTAssertEqual(chat.controller.waitingAttachments, [waiting], "the waiting attachments come back")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.enter("read this again")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        XCTAssertEqual(chat.session.conversation.messages[0].attachments, [note])
        XCTAssertEqual(chat.controller.waitingAttachments, [waiting])
    }

    func testAnEmptyEditIsNotSent() async throws {
        try await chatting("first question")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.press(.enter)
        XCTAssertTrue(chat.notice.contains("the prompt is empty"), chat.notice)
        XCTAssertFalse(chat.session.conversation.isBranched)
    }

    func testEditWhileAReplyStreamsSaysWhyNot() async throws {
        try await chatting("hi")
        chat.enter("another question")
        XCTAssertTrue(chat.session.isBusy)
        chat.press(.alt("e"))
        XCTAssertEqual(chat.notice, ChatSession.Refusal.busy.description)
        XCTAssertEqual(chat.draft, "")
        chat.press(.escape)
    }

    // MARK: /retry and the labels

    func testRetryKeepsTheEarlierReplyAndSaysSo() async throws {
        try await chatting("hi")
        chat.enter("/retry")
        XCTAssertTrue(chat.notice.contains("the earlier reply is kept: Alt-Left shows it"), chat.notice)
        try await chat.waitUntil("the retried reply finished") { !$0.session.isBusy }
        XCTAssertTrue(contents[1].hasPrefix("Answer 2:"), contents[1])
        XCTAssertEqual(labels(showing: "Assistant ‹ 2/2 ›").count, 1, chat.screenText)
    }

    func testAltLeftShowsTheEarlierReplyAndAltRightTheLaterOne() async throws {
        try await retried()
        chat.press(.altLeft)
        XCTAssertTrue(contents[1].hasPrefix("You said"), contents[1])
        XCTAssertEqual(labels(showing: "Assistant ‹ 1/2 ›").count, 1, chat.screenText)
        XCTAssertTrue(chat.notice.contains("the latest reply: ‹ 1/2 ›"), chat.notice)
        chat.press(.altLeft)
        XCTAssertTrue(chat.notice.contains("‹ 1/2 › is the first"), chat.notice)
        chat.press(.altRight)
        XCTAssertTrue(contents[1].hasPrefix("Answer 2:"), contents[1])
        XCTAssertEqual(labels(showing: "Assistant ‹ 2/2 ›").count, 1, chat.screenText)
    }

    func testSwitchingAPromptShowsTheMessagesThatFollowIt() async throws {
        try await chatting("first question", "second question")
        chat.enter("/edit 2")
        chat.press(.ctrl("u"))
        chat.enter("other first question")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        chat.press(.altLeft)
        XCTAssertEqual(contents.count, 4)
        XCTAssertEqual(contents[2], "second question", "the old branch, whole")
        XCTAssertTrue(
            chat.notice.contains("prompt 2 from the newest: ‹ 1/2 ›, the messages below follow it"), chat.notice)
        chat.press(.ctrlHome)
        XCTAssertTrue(chat.screenText.contains("You ‹ 1/2 ›"), chat.screenText)
    }

    func testAltLeftWithoutAlternativesSaysHowToMakeThem() async throws {
        try await chatting("hi")
        chat.press(.altLeft)
        XCTAssertEqual(chat.notice, ChatController.noAlternatives)
    }

    func testSwitchingWhileAReplyStreamsIsRefused() async throws {
        try await retried()
        chat.enter("one more")
        XCTAssertTrue(chat.session.isBusy)
        chat.press(.altLeft)
        XCTAssertEqual(chat.notice, ChatSession.Refusal.busy.description)
        try await chat.waitUntil("the reply finished") { !$0.session.isBusy }
        XCTAssertTrue(contents[1].hasPrefix("Answer 2:"), "nothing switched")
    }

    func testSwitchingThePromptBeingEditedLeavesTheEdit() async throws {
        try await chatting("first question")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.enter("second question")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        chat.type("a draft")
        chat.press(.alt("e"))
        XCTAssertEqual(chat.draft, "second question")
        chat.press(.altLeft)
        XCTAssertEqual(contents[0], "first question")
        XCTAssertEqual(chat.draft, "a draft")
        XCTAssertTrue(chat.notice.contains("the edit is left"), chat.notice)
    }

    func testSwitchingBelowThePromptBeingEditedKeepsTheEdit() async throws {
        try await retried()
        chat.press(.alt("e"))
        chat.press(.altLeft)
        XCTAssertTrue(contents[1].hasPrefix("You said"), contents[1])
        XCTAssertEqual(chat.draft, "hi")
        XCTAssertEqual(chat.controller.promptEdit.editing?.index, 0)
        XCTAssertTrue(chat.controller.statusModel().notice?.hasSuffix("Esc leaves it") == true)
    }

    // MARK: /branch

    func testBranchAloneSaysWhichMessagesHaveHowMany() async throws {
        try await retried()
        chat.enter("/branch")
        XCTAssertTrue(chat.notice.hasPrefix("the latest reply ‹ 2/2 ›"), chat.notice)
    }

    func testBranchSwitchesByNumberAndByDirection() async throws {
        try await retried()
        try await retry()
        XCTAssertTrue(contents[1].hasPrefix("Answer 3:"), contents[1])
        chat.enter("/branch 1")
        XCTAssertTrue(contents[1].hasPrefix("You said"), contents[1])
        chat.enter("/branch next")
        XCTAssertTrue(contents[1].hasPrefix("Answer 2:"), contents[1])
        chat.enter("/branch prev")
        XCTAssertTrue(contents[1].hasPrefix("You said"), contents[1])
        chat.enter("/branch 4")
        XCTAssertTrue(chat.notice.contains("has 3 alternatives"), chat.notice)
        chat.enter("/branch sideways")
        XCTAssertTrue(chat.notice.contains("/branch takes prev, next or a number"), chat.notice)
    }

    func testBranchWithoutAlternativesSaysHowToMakeThem() async throws {
        try await chatting("hi")
        chat.enter("/branch")
        XCTAssertEqual(chat.notice, ChatController.noAlternatives)
    }

    // MARK: Selection mode

    func testEInSelectionModeEditsThePromptUnderTheCursor() async throws {
        try await chatting("first question", "second question")
        chat.press(.alt("v"))
        chat.press(.text("["), .text("["))
        XCTAssertEqual(chat.controller.selection.marked?.cursor.message, 2)
        chat.press(.text("e"))
        XCTAssertEqual(chat.draft, "second question")
        XCTAssertFalse(chat.controller.selection.isOn)
        XCTAssertTrue(chat.statusLine.contains("editing the latest prompt"), chat.statusLine)
    }

    func testEInSelectionModeOnAReplySaysToMoveOntoAPrompt() async throws {
        try await chatting("hi")
        chat.press(.alt("v"))
        chat.press(.text("e"))
        XCTAssertTrue(chat.controller.selection.isOn)
        XCTAssertTrue(chat.notice.contains("e edits a prompt"), chat.notice)
        XCTAssertEqual(chat.draft, "")
    }

    func testAltLeftInSelectionModeSwitchesTheMessageUnderTheCursor() async throws {
        try await chatting("first question")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.enter("second question")
        try await chat.waitUntil("the edited prompt's reply finished") { !$0.session.isBusy }
        try await retry()
        // The prompt and the reply have alternatives; the cursor on the prompt switches the prompt.
        chat.press(.alt("v"))
        chat.press(.text("["), .text("["))
        XCTAssertEqual(chat.controller.selection.marked?.cursor.message, 0)
        chat.press(.altLeft)
        XCTAssertEqual(contents[0], "first question")
        XCTAssertTrue(chat.controller.selection.isOn)
        XCTAssertEqual(chat.controller.selection.marked?.cursor, SelectionPoint(message: 0, line: 0))
    }

    // MARK: The saved conversation's viewer

    func testTheViewerOfASavedConversationShowsTheAlternatives() async throws {
        var conversation = Conversation(title: "tree")
        conversation.messages = [Message(role: .user, content: "q"), Message(role: .assistant, content: "a1")]
        conversation.branch(at: 1, with: Message(role: .assistant, content: "a2"))
        let viewer = ConversationViewer(conversation: conversation)
        let grid = GridSurface(size: TerminalSize(rows: 12, columns: 60))
        viewer.render(on: grid)
        XCTAssertTrue(grid.lines.contains { $0.contains("Assistant ‹ 2/2 ›") }, grid.lines.joined(separator: "\n"))
    }
}
