import ChatClient
import ChatCore
import DemoServer
import TestSupport
import XCTest

/// Every DemoServer fault through the real HTTP client and the real turn driver over
/// 127.0.0.1: what the reply ends as, and the steps on the way. Time limits are configured
/// short so the tests run in well under a second each.
final class FaultRecoveryLoopbackTests: DemoServerTestCase {
    /// Short limits, tiny backoff, no warm-up.
    private static func policy(retries: Int = 3) -> TurnPolicy {
        TurnPolicy(
            retry: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
            warmup: .never, connectTimeout: .seconds(5), firstTokenTimeout: .milliseconds(400),
            idleTimeout: .milliseconds(400))
    }

    /// What one reply came to.
    private struct Turn {
        var steps: [String] = []
        var text = ""
        var outcome: TurnOutcome?
        var stats: TurnStats?
        var serverAlive = false
        var requests = 0
    }

    private func turn(
        _ server: DemoServer, prompt: String = "hello", policy: TurnPolicy = policy(), health: EndpointHealth? = nil
    ) async throws -> Turn {
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: server.baseURL))
        let runner = TurnRunner(transport: transport, policy: policy, health: health ?? EndpointHealth())
        let request = ChatRequest(model: "demo-model", messages: [ChatRequest.Message(role: .user, content: prompt)])
        var turn = Turn()
        for await event in runner.run(request) {
            switch event {
            case .phase(let phase): turn.steps.append("\(phase)")
            case .content(let text, _): turn.text += text
            case .resetText: turn.text = ""
            case .serverAlive: turn.serverAlive = true
            case .finished(let outcome, let stats):
                turn.steps.append("\(TurnPhase.finished(outcome))")
                turn.outcome = outcome
                turn.stats = stats
            default: break
            }
        }
        turn.requests = server.requests.filter { $0.method == "POST" }.count
        return turn
    }

    private func retries(_ turn: Turn) -> [String] { turn.steps.filter { $0.hasPrefix("retry") } }

    // MARK: Recovered

    func testWellBehavedServerStreamsTheReply() async throws {
        let turn = try await turn(try await serve())
        XCTAssertEqual(
            turn.steps,
            [
                "connecting #1", "waiting for the server #1", "waiting for first token #1", "streaming",
                "finished: complete",
            ])
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "hello"))
    }

    func testEmptyStreamIsAnsweredAtOnceWithoutStreaming() async throws {
        let health = EndpointHealth()
        let turn = try await turn(try await serve(fault: "empty-body"), health: health)
        XCTAssertEqual(retries(turn), [], "the server answered: no backoff, no retry")
        XCTAssertEqual(
            turn.steps,
            [
                "connecting #1", "waiting for the server #1", "waiting for first token #1",
                "connecting #2 without streaming", "waiting for the server #2 without streaming",
                "waiting for the whole reply #2 without streaming", "finished: complete",
            ])
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "hello"))
        XCTAssertEqual(turn.stats?.fallback, true)
        XCTAssertEqual(turn.stats?.fallbackReason, "empty stream")
        XCTAssertEqual(turn.requests, 2)
        XCTAssertNil(health.streamingOffReason, "one reply says little about the endpoint")
    }

    func testChatGLMShortAnswerCostsOneMoreRequestAndTheNextReplyStreams() async throws {
        let server = try await serve(fault: "chatglm-short")
        let health = EndpointHealth()
        let short = try await turn(server, prompt: "Answer in one word: is water wet?", health: health)
        XCTAssertEqual(short.outcome, .complete)
        XCTAssertEqual(short.text, "OK.")
        XCTAssertEqual(short.stats?.fallback, true)
        XCTAssertEqual(short.requests, 2)
        let long = try await turn(server, prompt: "Tell me a story", health: health)
        XCTAssertEqual(long.stats?.fallback, false, "long answers stream")
        XCTAssertTrue(long.steps.contains("streaming"), "\(long.steps)")
        XCTAssertEqual(long.text, DemoServer.replyText(forPrompt: "Tell me a story"))
    }

    func testSilentStreamAfterTheHeadersIsATimeoutRetriedAfterABackoff() async throws {
        let turn = try await turn(try await serve(fault: "hang-after-headers"), policy: Self.policy(retries: 1))
        XCTAssertEqual(retries(turn), ["retry 1/1: no first token within 400 ms (--first-token-timeout)"])
        XCTAssertEqual(turn.outcome, .failed(.timeout(.firstToken, limit: .milliseconds(400))))
        XCTAssertEqual(turn.requests, 2)
        XCTAssertFalse(turn.serverAlive)
    }

    func testPingsShowTheServerIsAliveButDoNotHoldOffTheTimeout() async throws {
        let server = try await serve(
            .init(tokensPerSecond: 0, pingInterval: 0.05, fault: .parsed("hang-after-headers-pings")))
        let turn = try await turn(server, policy: Self.policy(retries: 0))
        XCTAssertTrue(turn.serverAlive)
        XCTAssertEqual(turn.outcome, .failed(.timeout(.firstToken, limit: .milliseconds(400))))
    }

    func testServiceUnavailableOnceIsRetried() async throws {
        let turn = try await turn(try await serve(fault: "status:503@1"))
        XCTAssertEqual(retries(turn).count, 1)
        XCTAssertTrue(retries(turn)[0].hasPrefix("retry 1/3: HTTP 503"), "\(turn.steps)")
        XCTAssertEqual(turn.outcome, .complete)
    }

    func testRateLimitIsRetriedAfterTheServersWait() async throws {
        let turn = try await turn(try await serve(fault: "rate-limit:1@1"))
        XCTAssertEqual(retries(turn).count, 1)
        XCTAssertTrue(retries(turn)[0].hasPrefix("retry 1/3: HTTP 429"), "\(turn.steps)")
        XCTAssertEqual(turn.outcome, .complete)
    }

    func testUnparsableChunkBeforeTextIsAnsweredAtOnceWithoutStreaming() async throws {
        let turn = try await turn(try await serve(fault: "bad-json"))
        XCTAssertEqual(retries(turn), [])
        XCTAssertTrue(turn.steps.contains("connecting #2 without streaming"), "\(turn.steps)")
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "hello"))
        XCTAssertEqual(turn.stats?.fallback, true)
    }

    func testStreamWithoutDoneButWithFinishReasonCompletes() async throws {
        let turn = try await turn(try await serve(fault: "no-done"))
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "hello"))
    }

    func testSlowTrickleIsAssembledExactly() async throws {
        let server = try await serve(.init(tokensPerSecond: 0, replyTokens: 20, fault: .parsed("trickle:1")))
        let turn = try await turn(server, prompt: "trickle")
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "trickle", tokens: 20))
    }

    func testUTF8SplitAcrossWritesIsAssembledExactly() async throws {
        let text = "你好，世界！Grüße 🚀✨ — ça marche. 日本語のテキスト。"
        let turn = try await turn(try await serve(.fast(.parsed("split-utf8"), cannedReply: text)))
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(turn.text, text)
    }

    // MARK: ChatGLM3's and llama.cpp's servers as they really behave

    func testAReplyThatMentionsGetIsRecoveredFromChatGLMsWholeReplyEvent() async throws {
        let prompt = "How do I call get_weather in Python?"
        let turn = try await turn(try await serve(fault: "chatglm-function-call"), prompt: prompt)
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(
            turn.text, DemoServer.replyText(forPrompt: prompt), "the whole reply, without its leading newline")
        XCTAssertEqual(turn.requests, 1, "the server sent the whole reply itself: no further request")
        XCTAssertEqual(turn.stats?.fallback, true)
    }

    func testChatGLMsOwnServerAnswersShortLongAndGetRepliesWhole() async throws {
        let server = try await serve(fault: "chatglm3")
        let short = try await turn(server, prompt: "Answer in one word: is water wet?")
        XCTAssertEqual(short.outcome, .complete)
        XCTAssertEqual(short.text, "OK.")
        XCTAssertEqual(short.requests, 2, "one empty stream, then one request without streaming")
        let long = try await turn(server, prompt: "Tell me a story")
        XCTAssertEqual(long.text, DemoServer.replyText(forPrompt: "Tell me a story"), "no leading newline")
        XCTAssertTrue(long.steps.contains("streaming"))
        let code = try await turn(server, prompt: "How do I call get_weather in Python?")
        XCTAssertEqual(code.outcome, .complete)
        XCTAssertEqual(code.text, DemoServer.replyText(forPrompt: "How do I call get_weather in Python?"))
    }

    func testLlamaCppsOverflowShowsTheServersContextMessageWithoutRetries() async throws {
        let server = try await serve(fault: "llama-overflow:4")
        let turn = try await turn(
            server, prompt: "a prompt far longer than four tokens", policy: Self.policy(retries: 0))
        guard case .failed(.http(400, let message, _)) = turn.outcome else {
            return XCTFail("\(String(describing: turn.outcome))")
        }
        XCTAssertTrue(message.contains("maximum context length is 4 tokens"), message)
        let posts = server.requests.filter { $0.method == "POST" }
        XCTAssertEqual(posts.count, 3, "the stream, the request the closed connection refused, the same on a fresh one")
        XCTAssertEqual(posts[1].connection, posts[0].connection, "the pooled connection was reused")
        XCTAssertNotEqual(posts[2].connection, posts[1].connection, "and the request went again on a fresh one")
        XCTAssertEqual(turn.stats?.attempts, 2, "going again on a fresh connection is the same attempt")
    }

    // MARK: Ended with a specific message

    func testHangBeforeHeadersEndsInATimeoutAfterTheRetries() async throws {
        let turn = try await turn(try await serve(fault: "hang-before-headers"), policy: Self.policy(retries: 1))
        XCTAssertEqual(retries(turn), ["retry 1/1: no first token within 400 ms (--first-token-timeout)"])
        XCTAssertEqual(turn.outcome, .failed(.timeout(.firstToken, limit: .milliseconds(400))))
        XCTAssertEqual(turn.requests, 2)
    }

    func testHangMidStreamKeepsTheTextAndEndsInterruptedByTheIdleTimeout() async throws {
        let turn = try await turn(try await serve(fault: "hang-mid-stream:3"))
        XCTAssertEqual(turn.outcome, .interrupted(.timeout(.idle, limit: .milliseconds(400))))
        XCTAssertEqual(turn.text, DemoServer.replyTokens(forPrompt: "hello").prefix(3).joined())
        XCTAssertEqual(turn.requests, 1, "text had arrived: never resent")
    }

    func testDroppedConnectionKeepsTheTextAndEndsInterrupted() async throws {
        let turn = try await turn(try await serve(fault: "drop-mid-stream:3"))
        guard case .interrupted(let error) = turn.outcome else {
            return XCTFail("\(String(describing: turn.outcome))")
        }
        XCTAssertTrue(error.description.contains("closed the connection"), error.description)
        XCTAssertEqual(turn.text, DemoServer.replyTokens(forPrompt: "hello").prefix(3).joined())
        XCTAssertEqual(turn.requests, 1)
    }

    func testPersistentServerErrorFailsWithItsMessageAfterTheRetries() async throws {
        let turn = try await turn(try await serve(fault: "status:500"), policy: Self.policy(retries: 2))
        XCTAssertEqual(retries(turn).count, 2)
        guard case .failed(.http(500, let message, _)) = turn.outcome else {
            return XCTFail("\(String(describing: turn.outcome))")
        }
        XCTAssertTrue(message.contains("demo server fault"), message)
        XCTAssertEqual(turn.stats?.attempts, 3)
    }

    func testUnauthorizedIsNeverRetried() async throws {
        let turn = try await turn(try await serve(fault: "status:401"))
        XCTAssertEqual(retries(turn), [])
        guard case .failed(.http(401, _, _)) = turn.outcome else {
            return XCTFail("\(String(describing: turn.outcome))")
        }
        XCTAssertEqual(turn.requests, 1)
    }

    func testProxyHTMLPageIsReportedByItsTitle() async throws {
        let turn = try await turn(try await serve(fault: "html-502"), policy: Self.policy(retries: 0))
        XCTAssertEqual(turn.outcome, .failed(.http(status: 502, message: "502 Bad Gateway")))
    }

    func testErrorInsideTheStreamBeforeTextFailsWithTheServersWords() async throws {
        let turn = try await turn(try await serve(fault: "error-in-stream:0"))
        XCTAssertEqual(turn.outcome, .failed(.inStream(message: "demo server fault: error inside the stream")))
        XCTAssertEqual(turn.requests, 1)
    }

    func testErrorInsideTheStreamAfterTextKeepsTheText() async throws {
        let turn = try await turn(try await serve(fault: "error-in-stream:3"))
        XCTAssertEqual(turn.outcome, .interrupted(.inStream(message: "demo server fault: error inside the stream")))
        XCTAssertEqual(turn.text, DemoServer.replyTokens(forPrompt: "hello").prefix(3).joined())
    }

    func testUnparsableChunkAfterTextIsCompletedWithoutStreaming() async throws {
        let turn = try await turn(try await serve(fault: "bad-json:3"))
        XCTAssertEqual(turn.outcome, .complete)
        XCTAssertEqual(turn.text, DemoServer.replyText(forPrompt: "hello"), "the whole reply replaced the partial one")
        XCTAssertEqual(turn.stats?.fallback, true)
        XCTAssertEqual(turn.requests, 2)
    }

    func testUnparsableChunkAfterTextWithFallbackNeverKeepsTheText() async throws {
        var policy = Self.policy()
        policy.fallback = .never
        let turn = try await turn(try await serve(fault: "bad-json:3"), policy: policy)
        guard case .interrupted(.malformed) = turn.outcome else {
            return XCTFail("\(String(describing: turn.outcome))")
        }
        XCTAssertEqual(turn.text, DemoServer.replyTokens(forPrompt: "hello").prefix(3).joined())
        XCTAssertEqual(turn.requests, 1)
    }

    func testUnreachableServerFailsAfterTheRetries() async throws {
        let server = try await serve()
        try await server.shutdown()
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: server.baseURL))
        let runner = TurnRunner(transport: transport, policy: Self.policy(retries: 1))
        var last: TurnEvent?
        for await event in runner.run(ChatRequest(model: "m", messages: [])) { last = event }
        XCTAssertEqual(
            last.flatMap { if case .finished(let outcome, _) = $0 { outcome } else { nil } },
            .failed(.connection("connection refused")))
    }
}
