import XCTest

@testable import ChatCore

/// A turn followed without a screen, as `chatterm ask` follows it: `changes(sending:)` gives
/// what changes, in order, up to the finished phase.
@MainActor
final class ChatSessionChangesTests: XCTestCase {
    private func session(_ transport: ScriptedTransport, model: String = "m") -> ChatSession {
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        return ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: model)
    }

    private func collect(_ changes: AsyncStream<ChatSession.Change>) async -> [ChatSession.Change] {
        var collected: [ChatSession.Change] = []
        for await change in changes { collected.append(change) }
        return collected
    }

    private static let goodReply: [ScriptedTransport.Step] = [
        .event(.responseHead(status: 200)), .event(.content("Hello")), .event(.content(", world")),
        .event(.finish(reason: "stop")),
    ]

    func testTheChangesOfATurnEndWithItsFinishedPhase() async throws {
        let chat = session(ScriptedTransport(steps: Self.goodReply))
        let changes = await collect(try XCTUnwrap(chat.changes(sending: "hi")))
        XCTAssertEqual(Array(changes.prefix(2)), [.messageAdded(0), .messageAdded(1)])
        XCTAssertEqual(changes.last, .phase(.finished(.complete)))
        let text = changes.compactMap { if case .contentAppended(1, let text) = $0 { text } else { nil } }
        XCTAssertEqual(text.joined(), "Hello, world")
        XCTAssertTrue(changes.contains(.phase(.streaming)))
        XCTAssertEqual(chat.conversation.messages[1].status, .complete)
        XCTAssertFalse(chat.isBusy)
    }

    func testTheOwnerStillHearsEveryChangeAndHasItsSlotBackAfterTheTurn() async throws {
        let chat = session(ScriptedTransport([Self.goodReply]))
        var heard: [ChatSession.Change] = []
        chat.onChange = { heard.append($0) }
        let changes = await collect(try XCTUnwrap(chat.changes(sending: "hi")))
        XCTAssertEqual(heard, changes)
        chat.rename("afterwards")
        XCTAssertEqual(heard.last, .status, "the owner's handler is back alone")
        XCTAssertEqual(heard.count, changes.count + 1)
    }

    func testARefusedPromptSendsNothing() async {
        let transport = ScriptedTransport(steps: Self.goodReply)
        XCTAssertNil(session(transport).changes(sending: "  \n"))
        let unnamed = session(transport, model: "")
        XCTAssertEqual(unnamed.sendRefusal, .noModel)
        XCTAssertNil(unnamed.changes(sending: "hi"))
        XCTAssertEqual(unnamed.conversation.messages, [])
        XCTAssertTrue(transport.requests.isEmpty)
    }

    func testAWholeReplyThatReplacesABrokenStreamRestartsTheReplyFirst() async throws {
        let transport = ScriptedTransport([
            [.event(.content("Partial an")), .event(.done)],
            [.event(.content("Partial answer, now whole.")), .event(.finish(reason: "stop"))],
        ])
        let changes = await collect(try XCTUnwrap(session(transport).changes(sending: "hi")))
        let restart = try XCTUnwrap(changes.firstIndex(of: .replyRestarted(1)))
        XCTAssertEqual(text(changes[..<restart]), "Partial an")
        XCTAssertEqual(text(changes[restart...]), "Partial answer, now whole.")
    }

    private func text(_ changes: ArraySlice<ChatSession.Change>) -> String {
        changes.compactMap { if case .contentAppended(1, let text) = $0 { text } else { nil } }.joined()
    }

    func testInterruptingTheSessionEndsTheChangesWithWhatArrivedKept() async throws {
        let chat = session(ScriptedTransport(steps: [.event(.content("part")), .hang]))
        var collected: [ChatSession.Change] = []
        for await change in try XCTUnwrap(chat.changes(sending: "hi")) {
            collected.append(change)
            if case .contentAppended = change { chat.interrupt(bySignal: SIGTERM) }
        }
        XCTAssertEqual(collected.last, .phase(.finished(.interrupted(.stopped("chatterm was terminated")))))
        XCTAssertEqual(chat.conversation.messages[1].content, "part")
        XCTAssertEqual(chat.conversation.messages[1].error, "chatterm was terminated")
    }
}
