import XCTest

@testable import ChatCore

@MainActor
final class ChatSessionTests: XCTestCase {
    private func session(_ steps: [ScriptedTransport.Step], system: String? = nil) -> ChatSession {
        session(ScriptedTransport(steps: steps), system: system)
    }

    private func session(_ transport: ScriptedTransport, system: String? = nil) -> ChatSession {
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        return ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m", system: system)
    }

    func testReplyIsAssembledFromStreamedContent() async {
        let chat = session([
            .event(.responseHead(status: 200)), .event(.content("Hello")), .event(.content(", world")),
            .event(.finish(reason: "stop")), .event(.done),
        ])
        var changes: [ChatSession.Change] = []
        chat.onChange = { changes.append($0) }
        XCTAssertTrue(chat.send("hi"))
        await waitUntilIdle(chat)
        let messages = chat.conversation.messages
        XCTAssertEqual(messages.map(\.role), [.user, .assistant])
        XCTAssertEqual(messages[1].content, "Hello, world")
        XCTAssertEqual(messages[1].status, .complete)
        XCTAssertEqual(messages[1].stats?.finishReason, "stop")
        XCTAssertEqual(chat.phase, .finished(.complete))
        let appended = changes.compactMap { if case .contentAppended(1, let text) = $0 { text } else { nil } }
        XCTAssertEqual(appended.joined(), "Hello, world")
        XCTAssertTrue(changes.contains(.phase(.streaming)))
        XCTAssertEqual(chat.conversation.title, "hi")
    }

    func testAFloodThatWaitedForTheScreenCountsEveryToken() async {
        let flood = [StreamEvent](repeating: .content("x"), count: 50_000)
        let transport = BurstTransport([.responseHead(status: 200)] + flood + [.finish(reason: "stop"), .done])
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        let chat = ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m")
        var appended = 0
        chat.onChange = { if case .contentAppended = $0 { appended += 1 } }
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages[1].content, String(repeating: "x", count: 50_000))
        XCTAssertEqual(appended, 1, "one change for the whole flood")
        XCTAssertEqual(chat.liveTokenCount, 50_000)
        XCTAssertEqual(chat.conversation.messages[1].stats?.completionTokens, 50_000)
    }

    func testSystemPromptLeadsTheConversationAndIsSent() async {
        let chat = session([.event(.content("ok")), .event(.finish(reason: "stop"))], system: "be brief")
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(
            chat.conversation.messages.first,
            Message(
                role: .system, content: "be brief", createdAt: chat.conversation.messages[0].createdAt))
        XCTAssertEqual(chat.conversation.requestMessages.map(\.role), [.system, .user, .assistant])
    }

    func testServerErrorMarksTheReplyFailedWithTheMessage() async {
        let chat = session([.fail(.http(status: 503, message: "model is loading"))])
        chat.send("hi")
        await waitUntilIdle(chat)
        let reply = chat.conversation.messages[1]
        XCTAssertEqual(reply.status, .failed)
        XCTAssertEqual(reply.error, "HTTP 503: model is loading")
        XCTAssertTrue(chat.conversation.requestMessages.allSatisfy { $0.role != .assistant })
    }

    /// A session whose reply got "part" and then hung, cancelled once "part" arrived.
    private func sessionCancelledAfterItsFirstText() async -> ChatSession {
        let chat = session([.event(.content("part")), .hang])
        chat.send("hi")
        let deadline = ContinuousClock.now + .seconds(10)
        while chat.conversation.messages[1].content.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
        chat.cancel()
        return chat
    }

    func testCancelKeepsWhatArrived() async {
        let chat = await sessionCancelledAfterItsFirstText()
        XCTAssertFalse(chat.isBusy)
        XCTAssertEqual(chat.conversation.messages[1].content, "part")
        XCTAssertEqual(chat.conversation.messages[1].status, .cancelled)
        XCTAssertEqual(chat.phase, .finished(.cancelled))
    }

    func testACancelledReplyKeepsTheFiguresTheMachineCounted() async {
        let chat = await sessionCancelledAfterItsFirstText()
        let stats = chat.conversation.messages[1].stats
        XCTAssertEqual(stats?.attempts, 1)
        XCTAssertEqual(stats?.completionTokens, 1)
        XCTAssertNotNil(stats?.ttftMs, "the time to the first token is kept")
        XCTAssertNotNil(stats?.durationMs)
    }

    func testBlankPromptAndPromptWhileBusyAreRefused() async {
        let chat = session([.hang])
        XCTAssertFalse(chat.send("  \n"))
        XCTAssertTrue(chat.send("first"))
        XCTAssertFalse(chat.send("second"))
        chat.cancel()
        XCTAssertEqual(chat.conversation.messages.filter { $0.role == .user }.count, 1)
    }

    func testRetryReplacesTheLastReplyWithANewOne() async throws {
        let transport = ScriptedTransport([
            [.event(.content("first")), .event(.finish(reason: "stop"))],
            [.event(.content("second")), .event(.finish(reason: "stop"))],
        ])
        let chat = session(transport)
        chat.send("hi")
        await waitUntilIdle(chat)
        try chat.retry()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["hi", "second"])
        XCTAssertEqual(transport.requests[1].messages.map(\.content), ["hi"], "the old reply is not sent back")
    }

    func testContinueAppendsToTheInterruptedReply() async throws {
        let transport = ScriptedTransport([
            [.event(.content("Once upon")), .fail(.connection("reset"))],
            [.event(.content(" a time.")), .event(.finish(reason: "stop"))],
        ])
        let chat = session(transport)
        chat.send("tell a story")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages[1].status, .interrupted)
        try chat.continueReply()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.count, 2)
        XCTAssertEqual(chat.conversation.messages[1].content, "Once upon a time.")
        XCTAssertEqual(chat.conversation.messages[1].status, .complete)
        XCTAssertEqual(
            transport.requests[1].messages.map(\.content), ["tell a story", "Once upon", ChatSession.continuePrompt])
    }

    func testContinueRefusesACompleteReplyAndRetryRefusesWhileBusy() async {
        let chat = session([.event(.content("done")), .event(.finish(reason: "stop"))])
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertThrowsError(try chat.continueReply()) { XCTAssertEqual($0 as? ChatSession.Refusal, .replyFinished) }
        let busy = session([.hang])
        busy.send("hi")
        XCTAssertThrowsError(try busy.retry()) { XCTAssertEqual($0 as? ChatSession.Refusal, .busy) }
        busy.cancel()
    }

    /// Records what the session asks to save.
    private final class RecordingAutosave: ConversationAutosave {
        var saves: [(messages: Int, urgent: Bool)] = []
        var flushes = 0
        func conversationChanged(_ conversation: Conversation, urgent: Bool) {
            saves.append((conversation.messages.count, urgent))
        }
        func flush() { flushes += 1 }
    }

    func testEveryMessageIsSavedAtOnceAndStreamedTextLazily() async {
        let chat = session([.event(.content("a")), .event(.content("b")), .event(.finish(reason: "stop"))])
        let autosave = RecordingAutosave()
        chat.autosave = autosave
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(autosave.saves.prefix(2).map(\.urgent), [true, true], "the prompt and the reply's start")
        let streamed = autosave.saves.dropFirst(2).dropLast().map(\.urgent)
        XCTAssertFalse(streamed.isEmpty)
        XCTAssertEqual(streamed, Array(repeating: false, count: streamed.count), "streamed text")
        XCTAssertEqual(autosave.saves.last?.urgent, true, "the reply's end")
    }

    func testInterruptKeepsTheTextAsInterruptedWithTheReason() async {
        let chat = session([.event(.content("part")), .hang])
        chat.send("hi")
        let deadline = ContinuousClock.now + .seconds(10)
        while chat.conversation.messages[1].content.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
        chat.interrupt(because: "the terminal hung up")
        XCTAssertEqual(chat.conversation.messages[1].status, .interrupted)
        XCTAssertEqual(chat.conversation.messages[1].error, "the terminal hung up")
        XCTAssertEqual(chat.conversation.messages[1].content, "part")
        XCTAssertEqual(chat.conversation.messages[1].stats?.errorCategory, "connection", "saved with the figures")
    }

    func testReadOnlyConversationRefusesNewTurns() async throws {
        let chat = session([.event(.content("x")), .event(.finish(reason: "stop"))])
        let past = Conversation(title: "past", messages: [Message(role: .user, content: "old")])
        try chat.replace(with: past, readOnly: true)
        XCTAssertFalse(chat.send("more"))
        XCTAssertThrowsError(try chat.retry()) { XCTAssertEqual($0 as? ChatSession.Refusal, .readOnly) }
        XCTAssertEqual(chat.conversation.title, "past")
        chat.rename("renamed")
        XCTAssertEqual(chat.conversation.title, "renamed")
    }

    func testSystemPromptIsSetReplacedAndRemoved() async throws {
        let chat = session([.event(.content("x")), .event(.finish(reason: "stop"))])
        chat.send("hi")
        await waitUntilIdle(chat)
        try chat.setSystemPrompt("Be brief.")
        XCTAssertEqual(chat.conversation.messages.map(\.role), [.system, .user, .assistant])
        try chat.setSystemPrompt("Be briefer.")
        XCTAssertEqual(chat.conversation.messages.first?.content, "Be briefer.")
        try chat.setSystemPrompt("  ")
        XCTAssertEqual(chat.conversation.messages.map(\.role), [.user, .assistant])
    }

    func testThinkBlocksInTheAnswerAreKeptAsReasoning() async {
        let chat = session([
            .event(.content("<thi")), .event(.content("nk>weighing it</th")), .event(.content("ink>\nYes.")),
            .event(.finish(reason: "stop")),
        ])
        chat.send("well?")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages[1].reasoning, "weighing it")
        XCTAssertEqual(chat.conversation.messages[1].content, "Yes.")
    }

    func testAWholeReplyReplacesThePartialTextOfABrokenStream() async {
        let transport = ScriptedTransport([
            [.event(.content("\nPartial an")), .event(.done)],
            [.event(.content("Partial answer, now whole.")), .event(.finish(reason: "stop"))],
        ])
        let chat = session(transport)
        var changes: [ChatSession.Change] = []
        chat.onChange = { changes.append($0) }
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages[1].content, "Partial answer, now whole.")
        XCTAssertEqual(chat.conversation.messages[1].status, .complete)
        XCTAssertEqual(chat.conversation.messages[1].stats?.fallback, true)
        XCTAssertEqual(transport.requests.map(\.stream), [true, false])
        XCTAssertTrue(changes.contains(.contentAppended(1, "Partial an")), "the leading line break was dropped")
        XCTAssertTrue(changes.contains(.replyRestarted(1)), "the partial text is taken back")
    }

    func testAContinuedReplyThatIsReplacedKeepsTheTextItContinues() async throws {
        let transport = ScriptedTransport([
            [.event(.content("Once upon")), .fail(.connection("reset"))],
            [.event(.content("\n\n a ti")), .event(.done)],
            [.event(.content(" a time.")), .event(.finish(reason: "stop"))],
        ])
        let chat = session(transport)
        chat.send("tell a story")
        await waitUntilIdle(chat)
        try chat.continueReply()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages[1].content, "Once upon a time.")
        XCTAssertEqual(chat.conversation.messages[1].status, .complete)
    }
}
