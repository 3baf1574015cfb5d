import XCTest

@testable import ChatCore

/// The session over a conversation tree: `/retry` keeps a reply with text, `edit` starts a branch
/// at a prompt, `showAlternative` switches, each reported as `branchShown` from where it changed.
@MainActor
final class ChatSessionBranchesTests: XCTestCase {
    private var changes: [ChatSession.Change] = []

    private func session(_ replies: String...) -> (ChatSession, ScriptedTransport) {
        let transport = ScriptedTransport(
            replies.map { [.event(.content($0)), .event(.finish(reason: "stop"))] })
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        let chat = ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m")
        chat.onChange = { [weak self] change in self?.changes.append(change) }
        return (chat, transport)
    }

    private var branchesShown: [Int] {
        changes.compactMap { if case .branchShown(let index) = $0 { index } else { nil } }
    }

    func testRetryKeepsTheEarlierReplyAsTheFirstAlternative() async throws {
        let (chat, transport) = session("first", "second")
        chat.send("hi")
        await waitUntilIdle(chat)
        try chat.retry()
        XCTAssertEqual(branchesShown, [1])
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["hi", "second"])
        XCTAssertEqual(chat.conversation.otherBranches.map(\.content), ["first"])
        XCTAssertEqual(chat.conversation.alternatives(at: 1)?.label, "‹ 2/2 ›")
        XCTAssertEqual(transport.requests[1].messages.map(\.content), ["hi"], "the old reply is not sent back")
    }

    func testRetryAfterAFailedRetryStillShowsTheKeptReplyAsAnAlternative() async throws {
        let transport = ScriptedTransport([
            [.event(.content("first")), .event(.finish(reason: "stop"))],
            [.fail(.http(status: 503, message: "model is loading"))],
            [.event(.content("third")), .event(.finish(reason: "stop"))],
        ])
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        let chat = ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m")
        chat.send("hi")
        await waitUntilIdle(chat)
        try chat.retry()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .failed)
        try chat.retry()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["hi", "third"])
        XCTAssertEqual(chat.conversation.otherBranches.map(\.content), ["first"], "the failed reply is replaced")
        XCTAssertEqual(chat.conversation.alternatives(at: 1)?.label, "‹ 2/2 ›")
    }

    func testEditStartsABranchAtThePromptAndAsksForItsReply() async throws {
        let (chat, transport) = session("a1", "a2", "a2 for q2'")
        chat.send("q1")
        await waitUntilIdle(chat)
        chat.send("q2")
        await waitUntilIdle(chat)
        changes = []
        try chat.edit(at: 2, to: "q2'")
        XCTAssertEqual(branchesShown, [2])
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["q1", "a1", "q2'", "a2 for q2'"])
        XCTAssertEqual(Set(chat.conversation.otherBranches.map(\.content)), ["q2", "a2"])
        XCTAssertEqual(chat.conversation.alternatives(at: 2)?.label, "‹ 2/2 ›")
        XCTAssertEqual(transport.requests[2].messages.map(\.content), ["q1", "a1", "q2'"])
    }

    func testEditRefusesWhatIsNotAPromptAnEmptyPromptAndABusySession() async throws {
        let transport = ScriptedTransport([[.event(.content("a1")), .event(.finish(reason: "stop"))], [.hang]])
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        let chat = ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m")
        chat.send("q1")
        await waitUntilIdle(chat)
        XCTAssertThrowsError(try chat.edit(at: 1, to: "x")) { XCTAssertEqual($0 as? ChatSession.Refusal, .noPrompt) }
        XCTAssertThrowsError(try chat.edit(at: 0, to: "  ")) { XCTAssertEqual($0 as? ChatSession.Refusal, .noPrompt) }
        chat.send("q2")
        XCTAssertThrowsError(try chat.edit(at: 0, to: "x")) { XCTAssertEqual($0 as? ChatSession.Refusal, .busy) }
        chat.cancel()
        XCTAssertFalse(chat.conversation.isBranched)
    }

    func testShowAlternativeSwitchesBothWaysAndIsRefusedWhileBusy() async throws {
        let (chat, _) = session("first", "second", "after")
        chat.send("hi")
        await waitUntilIdle(chat)
        try chat.retry()
        await waitUntilIdle(chat)
        changes = []
        XCTAssertTrue(try chat.showAlternative(at: 1, step: -1))
        XCTAssertEqual(branchesShown, [1])
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["hi", "first"])
        XCTAssertFalse(try chat.showAlternative(at: 1, step: -1), "the first shows already")
        XCTAssertTrue(try chat.showAlternative(at: 1, number: 2))
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["hi", "second"])
        chat.send("more")
        XCTAssertThrowsError(try chat.showAlternative(at: 1, step: -1)) {
            XCTAssertEqual($0 as? ChatSession.Refusal, .busy)
        }
        await waitUntilIdle(chat)
    }
}
