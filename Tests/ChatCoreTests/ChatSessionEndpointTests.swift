import XCTest

@testable import ChatCore

/// Applying an endpoint to a session, once for the chat, `/profile` and `ask`: the request
/// settings go with every request from then on, the system prompt leads only a conversation
/// that has not started.
@MainActor
final class ChatSessionEndpointTests: XCTestCase {
    private let reply: [ScriptedTransport.Step] = [.event(.content("ok")), .event(.finish(reason: "stop"))]

    private func endpoint(
        _ transport: ScriptedTransport, system: String? = nil, temperature: Double = 0.2, profile: String? = nil
    ) -> SessionEndpoint {
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        return SessionEndpoint(
            baseURL: "http://127.0.0.1:8000/v1", profile: profile,
            runner: TurnRunner(transport: transport, policy: policy),
            temperature: temperature, maxTokens: 64, stream: false, system: system)
    }

    func testAStartedSessionSendsWithTheEndpointsSettingsAndRecordsIt() async throws {
        let transport = ScriptedTransport(steps: reply)
        let chat = ChatSession(endpoint(transport, system: "be brief"), model: "m")
        XCTAssertTrue(chat.send("hi"))
        await waitUntilIdle(chat)
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.temperature, 0.2)
        XCTAssertEqual(request.maxTokens, 64)
        XCTAssertFalse(request.stream)
        XCTAssertEqual(request.messages.map(\.role), [.system, .user])
        XCTAssertEqual(chat.conversation.endpoint, EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: "m"))
    }

    func testAResumedConversationWithASystemPromptOfItsOwnKeepsIt() {
        let resumed = Conversation(messages: [
            Message(role: .system, content: "its own"), Message(role: .user, content: "q"),
            Message(role: .assistant, content: "a"),
        ])
        let chat = ChatSession(
            endpoint(ScriptedTransport(steps: reply), system: "the profile's"), model: "m", conversation: resumed)
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["its own", "q", "a"])
    }

    func testSwitchingReplacesTheSystemPromptOfAConversationNotStarted() {
        let chat = ChatSession(endpoint(ScriptedTransport(steps: reply), system: "first"), model: "m")
        chat.use(endpoint(ScriptedTransport(steps: reply), system: "second"))
        XCTAssertEqual(chat.conversation.messages.map(\.content), ["second"])
        chat.use(endpoint(ScriptedTransport(steps: reply)))
        XCTAssertEqual(chat.conversation.messages, [], "a profile without one removes it")
    }

    func testSwitchingMidConversationSendsTheNextReplyThereAndLeavesTheSystemPrompt() async throws {
        let first = ScriptedTransport(steps: reply)
        let second = ScriptedTransport(steps: reply)
        let chat = ChatSession(endpoint(first, system: "first"), model: "m")
        chat.send("one")
        await waitUntilIdle(chat)
        chat.use(endpoint(second, system: "second", temperature: 0.9))
        chat.send("two")
        await waitUntilIdle(chat)
        XCTAssertEqual(first.requests.count, 1)
        XCTAssertEqual(second.requests.first?.temperature, 0.9)
        XCTAssertEqual(chat.conversation.messages.first?.content, "first")
    }

    func testTheProfileOfTheLastReplyIsRecordedWithTheConversation() async throws {
        let chat = ChatSession(endpoint(ScriptedTransport(steps: reply), profile: "gpu"), model: "m")
        XCTAssertNil(chat.conversation.profile, "nothing asked yet")
        chat.send("one")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.profile, "gpu")
        chat.use(endpoint(ScriptedTransport(steps: reply)))
        chat.send("two")
        await waitUntilIdle(chat)
        XCTAssertNil(chat.conversation.profile, "the next reply was asked without a profile")
    }
}
