import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI

/// The chat's keys, headless: the real controller and session against a DemoServer, drawn on a
/// grid. These flows were reachable only through tmux before the controller left the terminal.
@MainActor
final class ChatControllerKeyTests: HeadlessChatTestCase {
    func testEnterSendsTheDraftAndTheReplyIsDrawnAboveTheEmptyPrompt() async throws {
        chat = try await HeadlessChat.start()
        chat.type("Hello there")
        XCTAssertEqual(chat.promptLine, "› Hello there")
        try await chat.send("")
        XCTAssertEqual(chat.session.conversation.messages.map(\.role), [.user, .assistant])
        XCTAssertEqual(chat.session.conversation.messages[1].content, DemoServer.replyText(forPrompt: "Hello there"))
        XCTAssertTrue(chat.screenText.contains("Hello there"))
        XCTAssertFalse(chat.promptLine.contains("Hello there"), "the prompt is empty again: \(chat.promptLine)")
        XCTAssertTrue(chat.statusLine.contains("✓ done"), chat.statusLine)
    }

    func testABlankDraftIsNotSent() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("   ")
        XCTAssertFalse(chat.session.isBusy)
        XCTAssertTrue(chat.session.conversation.messages.isEmpty)
    }

    func testAPhaseUnderWayPacesTheStatusRefreshAndTheEndStopsIt() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("Hi")
        let paces = chat.host.statusPaces
        XCTAssertTrue(paces.contains(ChatController.waitingStatusInterval), "\(paces)")
        XCTAssertTrue(paces.contains(ChatController.streamingStatusInterval), "\(paces)")
        XCTAssertEqual(paces.last, .some(nil), "the finished reply stops the refresh")
    }

    func testEscapeCancelsAStreamingReplyAndKeepsItsText() async throws {
        chat = try await HeadlessChat.start(DemoServerConfiguration(tokensPerSecond: 50))
        chat.enter("Tell me")
        try await chat.waitUntil("text arrives") { !($0.session.conversation.messages.last?.content.isEmpty ?? true) }
        chat.press(.escape)
        try await chat.waitUntil("the reply ends") { !$0.session.isBusy }
        let reply = try XCTUnwrap(chat.session.conversation.messages.last)
        XCTAssertEqual(reply.status, .cancelled)
        XCTAssertFalse(reply.content.isEmpty)
    }

    func testCtrlCCancelsAReplyFirstAndQuitsOnlyWhenPressedTwiceWhileIdle() async throws {
        chat = try await HeadlessChat.start(DemoServerConfiguration(tokensPerSecond: 50))
        chat.enter("Tell me")
        try await chat.waitUntil("text arrives") { !($0.session.conversation.messages.last?.content.isEmpty ?? true) }
        chat.press(.ctrl("c"))
        try await chat.waitUntil("the reply ends") { !$0.session.isBusy }
        XCTAssertEqual(chat.session.conversation.messages.last?.status, .cancelled)
        XCTAssertNil(chat.host.quitStatus, "cancelling the reply does not quit")

        chat.press(.ctrl("c"))
        XCTAssertTrue(chat.statusLine.contains("press Ctrl-C again to quit"), chat.statusLine)
        XCTAssertNil(chat.host.quitStatus)
        chat.press(.ctrl("c"))
        XCTAssertEqual(chat.host.quitStatus, 0)
    }

    func testASecondCtrlCAfterTheConfirmTimeArmsAgainInsteadOfQuitting() async throws {
        chat = try await HeadlessChat.start()
        var now = Date(timeIntervalSince1970: 1_000_000)
        chat.controller.now = { now }
        chat.press(.ctrl("c"))
        now += ChatController.quitConfirmSeconds + 0.1
        chat.press(.ctrl("c"))
        XCTAssertNil(chat.host.quitStatus)
        XCTAssertTrue(chat.statusLine.contains("press Ctrl-C again to quit"))
        now += 0.5
        chat.press(.ctrl("c"))
        XCTAssertEqual(chat.host.quitStatus, 0)
    }

    func testAnotherKeyBetweenTheTwoCtrlCsDisarmsTheQuit() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("c"), .text("x"), .ctrl("c"))
        XCTAssertNil(chat.host.quitStatus)
    }

    func testCtrlDOnAnEmptyPromptQuitsAndInADraftDeletesForward() async throws {
        chat = try await HeadlessChat.start()
        chat.type("ab")
        chat.press(.left, .ctrl("d"))
        XCTAssertEqual(chat.promptLine.trimmingCharacters(in: .whitespaces), "› a")
        XCTAssertNil(chat.host.quitStatus)
        chat.press(.backspace, .ctrl("d"))
        XCTAssertEqual(chat.host.quitStatus, 0)
    }

    func testUpAndDownRecallEarlierPrompts() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("first")
        try await chat.send("second")
        chat.press(.up)
        XCTAssertEqual(chat.promptLine, "› second")
        chat.press(.up)
        XCTAssertEqual(chat.promptLine, "› first")
        chat.press(.down)
        XCTAssertEqual(chat.promptLine, "› second")
    }

    func testQuestionMarkOnAnEmptyPromptOpensTheHelpAndEscapeClosesIt() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.text("?"))
        XCTAssertTrue(chat.lines[0].hasPrefix("Keys and commands"), chat.lines[0])
        XCTAssertEqual(chat.host.requests.last, .repaint(clearingTheTerminal: false))
        chat.press(.escape)
        XCTAssertFalse(chat.screenText.contains("Keys and commands"))
        XCTAssertEqual(chat.host.requests.last, .repaint(clearingTheTerminal: false))
    }

    func testQuestionMarkInADraftIsText() async throws {
        chat = try await HeadlessChat.start()
        chat.type("why?")
        XCTAssertEqual(chat.promptLine, "› why?")
        XCTAssertFalse(chat.screenText.contains("Keys and commands"))
    }

    func testCtrlLAsksForTheTerminalToBeClearedAndRepainted() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("l"))
        XCTAssertEqual(chat.host.requests, [.repaint(clearingTheTerminal: true)])
    }

    func testCtrlZSuspendsThroughTheHostAndShowsWhyWhenItCannot() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("z"))
        XCTAssertEqual(chat.host.requests, [.suspend])
        chat.host.suspendRefusal = "Ctrl-Z cannot suspend chatterm here: no job-control shell to return to"
        chat.press(.ctrl("z"))
        XCTAssertTrue(chat.statusLine.contains("Ctrl-Z cannot suspend chatterm here"), chat.statusLine)
    }

    func testCtrlXCtrlEHandsTheDraftToTheEditorAndTakesTheEditedTextBack() async throws {
        chat = try await HeadlessChat.start()
        chat.host.editor = { $0 + " and more" }
        chat.type("a draft")
        chat.press(.ctrl("x"), .ctrl("e"))
        XCTAssertEqual(chat.host.requests, [.editExternally("a draft")])
        XCTAssertEqual(chat.promptLine, "› a draft and more")
    }

    func testAnEditorThatFailsLeavesTheDraftAndSaysWhy() async throws {
        struct EditorFailed: Error, CustomStringConvertible {
            var description: String { "the editor vi exited with status 1" }
        }
        chat = try await HeadlessChat.start()
        chat.host.editor = { _ in throw EditorFailed() }
        chat.type("keep me")
        chat.press(.ctrl("x"), .ctrl("e"))
        XCTAssertEqual(chat.promptLine, "› keep me")
        XCTAssertTrue(chat.statusLine.contains("the editor vi exited with status 1"), chat.statusLine)
    }

    func testCtrlTFoldsAndUnfoldsReasoning() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("t"))
        XCTAssertTrue(chat.statusLine.contains("reasoning shown in full"), chat.statusLine)
        chat.press(.ctrl("t"))
        XCTAssertTrue(chat.statusLine.contains("reasoning folded"), chat.statusLine)
    }

    func testAltUpJumpsToTheStartOfEachMessageAboveAndAltDownBack() async throws {
        chat = try await HeadlessChat.start(rows: 8, columns: 40)
        try await chat.send("one")
        try await chat.send("two")
        XCTAssertFalse(chat.lines[1].hasPrefix("Assistant"), "the end of the latest reply fills the pane")
        chat.press(.altUp)
        XCTAssertTrue(chat.lines[1].hasPrefix("Assistant"), "the latest reply's label at the top: \(chat.lines[1])")
        chat.press(.altUp)
        XCTAssertEqual(chat.lines[1], "You", "then the latest prompt's")
        XCTAssertEqual(chat.lines[2].trimmingCharacters(in: .whitespaces), "two")
        chat.press(.altDown)
        XCTAssertTrue(chat.lines[1].hasPrefix("Assistant"), chat.lines[1])
    }

    func testAPromptSentWhileTheModelIsBeingFoundWaitsAndGoesOnceItIsKnown() async throws {
        chat = try await HeadlessChat.start(model: "")
        let found = AsyncStream<String>.makeStream()
        chat.controller.resolveModel { await found.stream.first { _ in true } ?? "" }
        chat.enter("Hi")
        XCTAssertTrue(chat.statusLine.contains("waiting for the server's model list"), chat.statusLine)
        XCTAssertTrue(chat.session.conversation.messages.isEmpty)
        found.continuation.yield("found-model")
        try await chat.waitUntil("the waiting prompt is answered") {
            $0.session.conversation.messages.last?.status == .complete
        }
        XCTAssertEqual(chat.session.model, "found-model")
        XCTAssertEqual(chat.session.conversation.messages.first?.content, "Hi")
    }

    func testAPromptWaitingForAModelThatCannotBeFoundGoesBackToThePrompt() async throws {
        struct NoModel: Error, CustomStringConvertible {
            var description: String { "the server lists no models; name one with --model" }
        }
        chat = try await HeadlessChat.start(model: "")
        let found = AsyncStream<Void>.makeStream()
        chat.controller.resolveModel {
            _ = await found.stream.first { _ in true }
            throw NoModel()
        }
        chat.enter("Hi")
        found.continuation.yield()
        try await chat.waitUntil("the model search ends") { !$0.controller.modelPending }
        XCTAssertEqual(chat.promptLine, "› Hi")
        XCTAssertTrue(chat.statusLine.contains("the server lists no models"), chat.statusLine)
        XCTAssertTrue(chat.session.conversation.messages.isEmpty)
    }

    func testTheAnswerOfASearchOvertakenByANewerOneIsDropped() async throws {
        chat = try await HeadlessChat.start(model: "")
        let first = AsyncStream<String>.makeStream()
        let second = AsyncStream<String>.makeStream()
        chat.controller.resolveModel { await first.stream.first { _ in true } ?? "" }
        chat.enter("Hi")
        chat.controller.resolveModel { await second.stream.first { _ in true } ?? "" }
        first.continuation.yield("the-old-endpoints-model")
        second.continuation.yield("the-new-endpoints-model")
        try await chat.waitUntil("the waiting prompt is answered") {
            $0.session.conversation.messages.last?.status == .complete
        }
        XCTAssertEqual(chat.session.model, "the-new-endpoints-model")
        XCTAssertEqual(chat.session.conversation.messages.first?.content, "Hi", "the prompt waited through both")
        let bodies = try XCTUnwrap(chat.server).requests.map(\.body)
        XCTAssertFalse(bodies.contains { $0.contains("the-old-endpoints-model") }, "\(bodies)")
    }
}
