import XCTest

@testable import ChatCore

/// A turn whose server fails in a way another may cure goes to the next profile of the chain,
/// says so, records who answered, and stays there; never on a 4xx, after text, or on cancel.
@MainActor
final class ChatSessionFailoverTests: XCTestCase {
    private let answer: [ScriptedTransport.Step] = [
        .event(.responseHead(status: 200)), .event(.content("from the laptop")), .event(.finish(reason: "stop")),
    ]
    private let refused: [ScriptedTransport.Step] = [.fail(.connection("connection refused"))]

    private func endpoint(_ transport: ScriptedTransport, profile: String, label: String) -> SessionEndpoint {
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never)
        return SessionEndpoint(
            baseURL: "http://\(label)/v1", profile: profile, runner: TurnRunner(transport: transport, policy: policy),
            label: label)
    }

    /// A session on profile `gpu` (at 10.0.0.5:8000) that fails over along `chain` to the
    /// profiles of `servers`; `unusable` profiles cannot be connected to.
    private func session(
        gpu: ScriptedTransport, chain: [String] = ["laptop"], servers: [String: ScriptedTransport],
        unusable: Set<String> = []
    ) -> ChatSession {
        let chat = ChatSession(endpoint(gpu, profile: "gpu", label: "10.0.0.5:8000"), model: "big")
        chat.failover = Failover(
            chain: { profile in profile == "gpu" ? chain : [] },
            connect: { [self] name in
                guard !unusable.contains(name), let transport = servers[name] else {
                    throw FailoverTestError(description: "no such server")
                }
                return FailoverTarget(endpoint: endpoint(transport, profile: name, label: "\(name):1"), model: "small")
            })
        return chat
    }

    func testARefusedConnectionSendsTheTurnToTheFallbackAndSaysSo() async throws {
        let gpu = ScriptedTransport(steps: refused)
        let laptop = ScriptedTransport(steps: answer)
        let chat = session(gpu: gpu, servers: ["laptop": laptop])
        chat.send("hi")
        await waitUntilIdle(chat)
        let reply = try XCTUnwrap(chat.conversation.messages.last)
        XCTAssertEqual(reply.content, "from the laptop")
        XCTAssertEqual(reply.status, .complete)
        XCTAssertEqual(chat.failoverNotice, "server 10.0.0.5:8000 failed (connection refused): trying profile laptop")
        XCTAssertEqual(reply.stats?.profile, "laptop")
        XCTAssertEqual(reply.stats?.endpoint, "laptop:1")
        XCTAssertEqual(reply.stats?.failedOver, "10.0.0.5:8000 failed (connection refused)")
        XCTAssertEqual(laptop.requests.first?.model, "small", "the fallback's own model")
        XCTAssertEqual(laptop.requests.first?.messages.last?.content, "hi")
        XCTAssertEqual(chat.conversation.endpoint, EndpointInfo(baseURL: "http://laptop:1/v1", model: "small"))
    }

    func testTheNextPromptGoesStraightToTheFallback() async {
        let gpu = ScriptedTransport(steps: refused)
        let laptop = ScriptedTransport(steps: answer)
        let chat = session(gpu: gpu, servers: ["laptop": laptop])
        chat.send("one")
        await waitUntilIdle(chat)
        chat.send("two")
        await waitUntilIdle(chat)
        XCTAssertEqual(gpu.requests.count, 1)
        XCTAssertEqual(laptop.requests.count, 2)
        XCTAssertEqual(chat.profile, "laptop")
        XCTAssertEqual(chat.model, "small")
        XCTAssertNil(chat.failoverNotice, "the second turn did not fail over")
        XCTAssertNil(chat.conversation.messages.last?.stats?.failedOver)
        XCTAssertEqual(chat.conversation.messages.last?.stats?.profile, "laptop")
    }

    func testServerErrorsAndEmptyRepliesFailOver() async {
        for failure: ChatError in [.http(status: 503, message: "busy"), .http(status: 429, message: ""), .emptyReply] {
            let laptop = ScriptedTransport(steps: answer)
            let chat = session(gpu: ScriptedTransport(steps: [.fail(failure)]), servers: ["laptop": laptop])
            chat.send("hi")
            await waitUntilIdle(chat)
            XCTAssertEqual(chat.conversation.messages.last?.status, .complete, "\(failure)")
            XCTAssertEqual(laptop.requests.count, 1, "\(failure)")
        }
    }

    func testABadRequestDoesNotFailOver() async {
        let laptop = ScriptedTransport(steps: answer)
        let chat = session(
            gpu: ScriptedTransport(steps: [.fail(.http(status: 400, message: "bad request"))]),
            servers: ["laptop": laptop])
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .failed)
        XCTAssertEqual(laptop.requests.count, 0)
        XCTAssertEqual(chat.profile, "gpu")
        XCTAssertNil(chat.failoverNotice)
    }

    func testTextThenADropDoesNotFailOver() async {
        let laptop = ScriptedTransport(steps: answer)
        let gpu = ScriptedTransport(steps: [
            .event(.responseHead(status: 200)), .event(.content("partial")), .fail(.connection("reset by peer")),
        ])
        let chat = session(gpu: gpu, servers: ["laptop": laptop])
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .interrupted)
        XCTAssertEqual(chat.conversation.messages.last?.content, "partial")
        XCTAssertEqual(laptop.requests.count, 0)
    }

    func testACancelledTurnDoesNotFailOver() async {
        let laptop = ScriptedTransport(steps: answer)
        let chat = session(gpu: ScriptedTransport(steps: [.hang]), servers: ["laptop": laptop])
        chat.send("hi")
        chat.cancel()
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .cancelled)
        XCTAssertEqual(laptop.requests.count, 0)
    }

    func testEveryFallbackFailingTriesEachOnceAndEnds() async {
        let gpu = ScriptedTransport(steps: refused)
        let laptop = ScriptedTransport(steps: refused)
        let spare = ScriptedTransport(steps: refused)
        let chat = session(gpu: gpu, chain: ["laptop", "spare"], servers: ["laptop": laptop, "spare": spare])
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .failed)
        XCTAssertEqual([gpu.requests.count, laptop.requests.count, spare.requests.count], [1, 1, 1])
        XCTAssertEqual(chat.failoverRoute.tried, ["laptop", "spare"])
    }

    func testAProfileThatCannotBeConnectedToIsPassedOver() async {
        let spare = ScriptedTransport(steps: answer)
        let chat = session(
            gpu: ScriptedTransport(steps: refused), chain: ["laptop", "spare"], servers: ["spare": spare],
            unusable: ["laptop"])
        chat.send("hi")
        await waitUntilIdle(chat)
        XCTAssertEqual(chat.conversation.messages.last?.status, .complete)
        XCTAssertEqual(chat.profile, "spare")
        XCTAssertEqual(chat.failoverNotice, "profile laptop unusable (no such server): trying profile spare")
    }

    func testWhenNoFallbackCanBeReachedTheFailureStandsOnTheFirstServer() async {
        let chat = session(gpu: ScriptedTransport(steps: refused), servers: [:], unusable: ["laptop"])
        chat.send("hi")
        await waitUntilIdle(chat)
        let reply = chat.conversation.messages.last
        XCTAssertEqual(reply?.status, .failed)
        XCTAssertEqual(reply?.error, "connection failed: connection refused")
        XCTAssertEqual(reply?.stats?.profile, "gpu")
        XCTAssertNil(reply?.stats?.failedOver, "no other profile answered")
        XCTAssertEqual(chat.failoverNotice, "profile laptop unusable (no such server): no other profile to try")
    }

    func testSwitchingBackWithProfileLeavesTheFallback() async {
        let gpu = ScriptedTransport([refused, answer])
        let chat = session(gpu: gpu, servers: ["laptop": ScriptedTransport(steps: answer)])
        chat.send("one")
        await waitUntilIdle(chat)
        XCTAssertNotNil(chat.failedOver)
        chat.use(endpoint(gpu, profile: "gpu", label: "10.0.0.5:8000"))
        XCTAssertNil(chat.failedOver)
        chat.send("two")
        await waitUntilIdle(chat)
        XCTAssertEqual(gpu.requests.count, 2)
        XCTAssertEqual(chat.conversation.messages.last?.stats?.profile, "gpu")
    }
}

private struct FailoverTestError: Error, CustomStringConvertible {
    var description: String
}
