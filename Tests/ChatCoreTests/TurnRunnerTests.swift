import XCTest

@testable import ChatCore

/// The driver: the machine's commands carried out against a scripted transport and real
/// (short) timers, and its events handed out in order.
final class TurnRunnerTests: XCTestCase {
    private let request = ChatRequest(model: "m", messages: [ChatRequest.Message(role: .user, content: "hi")])

    /// Short limits and no waits worth the name, so the tests run in milliseconds.
    private func policy(
        warmup: WarmupMode = .never, retries: Int = 3, firstToken: Duration = .seconds(30),
        idle: Duration = .seconds(30)
    ) -> TurnPolicy {
        TurnPolicy(
            retry: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(1), maxDelay: .milliseconds(4)),
            warmup: warmup, connectTimeout: .seconds(30), firstTokenTimeout: firstToken, idleTimeout: idle)
    }

    private func run(_ runner: TurnRunner) async -> [TurnEvent] {
        var events: [TurnEvent] = []
        for await event in runner.run(request) { events.append(event) }
        return events
    }

    /// The content shown, pieces joined (the driver joins what arrives while its consumer is busy).
    private func text(_ events: [TurnEvent]) -> String {
        events.compactMap { if case .content(let text, _) = $0 { text } else { nil } }.joined()
    }

    /// The phases shown, the end included.
    private func phases(_ events: [TurnEvent]) -> [String] {
        events.compactMap {
            switch $0 {
            case .phase(let phase): "\(phase)"
            case .finished(let outcome, _): "\(TurnPhase.finished(outcome))"
            default: nil
            }
        }
    }

    private static let goodReply: [ScriptedTransport.Step] = [
        .event(.requestSent), .event(.responseHead(status: 200)), .event(.content("a")), .event(.content("b")),
        .event(.finish(reason: "stop")), .event(.done),
    ]
    private static let emptyStream: [ScriptedTransport.Step] = [.event(.responseHead(status: 200))]

    func testAGoodStreamIsShownPhaseByPhase() async {
        let events = await run(TurnRunner(transport: ScriptedTransport([Self.goodReply]), policy: policy()))
        XCTAssertEqual(
            phases(events),
            [
                "connecting #1", "waiting for the server #1", "waiting for first token #1", "streaming",
                "finished: complete",
            ])
        XCTAssertEqual(text(events), "ab")
        guard case .finished(.complete, let stats) = events.last else { return XCTFail("\(events)") }
        XCTAssertEqual(stats.completionTokens, 2)
    }

    private static let wholeReply: [ScriptedTransport.Step] = [
        .event(.responseHead(status: 200)), .event(.content("A whole reply, longer than seven.")),
        .event(.finish(reason: "stop")),
    ]

    func testEmptyStreamIsAnsweredAtOnceWithoutStreaming() async {
        let transport = ScriptedTransport([Self.emptyStream, Self.wholeReply])
        let events = await run(TurnRunner(transport: transport, policy: policy()))
        XCTAssertEqual(
            phases(events),
            [
                "connecting #1", "waiting for first token #1", "connecting #2 without streaming",
                "waiting for the whole reply #2 without streaming", "finished: complete",
            ])
        XCTAssertEqual(transport.requests.map(\.stream), [true, false])
        guard case .finished(_, let stats) = events.last else { return XCTFail() }
        XCTAssertEqual(stats.attempts, 2)
        XCTAssertTrue(stats.fallback)
    }

    func testTheNextReplyStreamsAgainAfterAFallback() async {
        let transport = ScriptedTransport([Self.emptyStream, Self.wholeReply, Self.goodReply])
        let runner = TurnRunner(transport: transport, policy: policy())
        _ = await run(runner)
        let second = await run(runner)
        XCTAssertEqual(phases(second).first, "connecting #1")
        XCTAssertEqual(transport.requests.map(\.stream), [true, false, true])
    }

    func testStreamsThatFailOnThreeRepliesInARowTurnStreamingOffForTenReplies() async {
        let failing = Array(repeating: [Self.emptyStream, Self.wholeReply], count: 3).flatMap { $0 }
        let transport = ScriptedTransport(failing + [Self.wholeReply])
        let health = EndpointHealth()
        let runner = TurnRunner(transport: transport, policy: policy(), health: health)
        var notices: [String] = []
        for _ in 1...3 {
            let events = await run(runner)
            for case .streamingOff(let notice) in events {
                notices.append(notice)
                XCTAssertEqual(
                    events.dropLast().last, .streamingOff(notice), "said before the end, after which nothing is")
            }
        }
        XCTAssertEqual(
            notices, ["streaming off for the next 10 replies: 3 streams in a row failed (empty stream)"])
        for reply in 1...EndpointHealth.repliesWithoutStreaming {
            let events = await run(runner)
            XCTAssertEqual(phases(events).first, "connecting #1 without streaming", "reply \(reply) without streaming")
        }
        XCTAssertEqual(transport.requests.count, 6 + 10, "one request each while streaming is off")
        XCTAssertNil(health.streamingOffReason)
        _ = await run(runner)
        XCTAssertEqual(transport.requests.last?.stream, true, "then streaming is tried again")
    }

    func testWarmUpRunsBeforeTheFirstReplyOnlyInAutoMode() async {
        let transport = ScriptedTransport([Self.goodReply])
        let runner = TurnRunner(transport: transport, policy: policy(warmup: .auto))
        let first = await run(runner)
        let second = await run(runner)
        XCTAssertEqual(phases(first).first, "warming up")
        XCTAssertTrue(first.contains { if case .warmedUp(.ready) = $0 { true } else { false } })
        XCTAssertEqual(phases(second).first, "connecting #1")
        XCTAssertEqual(transport.warmUps, 1)
        XCTAssertEqual(transport.modelListings, 1)
        guard case .finished(_, let stats) = first.last else { return XCTFail() }
        XCTAssertTrue(stats.warmup)
    }

    func testWarmUpAlwaysWarmsUpEveryReplyAndNeverNone() async {
        let always = ScriptedTransport([Self.goodReply])
        let alwaysRunner = TurnRunner(transport: always, policy: policy(warmup: .always))
        _ = await run(alwaysRunner)
        _ = await run(alwaysRunner)
        XCTAssertEqual(always.warmUps, 2)
        let never = ScriptedTransport([Self.goodReply])
        _ = await run(TurnRunner(transport: never, policy: policy(warmup: .never)))
        XCTAssertEqual(never.warmUps, 0)
    }

    func testAnEndpointThatWasNeverReachedIsWarmedUpAgain() async {
        let refused: [ScriptedTransport.Step] = [.fail(.connection("connection refused"))]
        let transport = ScriptedTransport([refused], warmUpScript: refused)
        let runner = TurnRunner(transport: transport, policy: policy(warmup: .auto, retries: 0))
        _ = await run(runner)
        let second = await run(runner)
        XCTAssertEqual(phases(second).first, "warming up")
        XCTAssertEqual(transport.warmUps, 2)
    }

    func testFailedWarmUpDoesNotStopTheReply() async {
        let transport = ScriptedTransport([Self.goodReply], warmUpScript: [.fail(.http(status: 404, message: "no"))])
        let events = await run(TurnRunner(transport: transport, policy: policy(warmup: .always)))
        XCTAssertTrue(events.contains(.warmedUp(.failed(.http(status: 404, message: "no")))))
        XCTAssertEqual(phases(events).last, "finished: complete")
    }

    func testHungRequestTimesOutIsCancelledAndRetried() async {
        let transport = ScriptedTransport([[.event(.requestSent), .hang], Self.goodReply])
        let events = await run(
            TurnRunner(transport: transport, policy: policy(firstToken: .milliseconds(50))))
        XCTAssertEqual(
            Array(phases(events).prefix(4)),
            [
                "connecting #1", "waiting for the server #1",
                "retry 1/3: no first token within 50 ms (--first-token-timeout)", "connecting #2",
            ])
        XCTAssertEqual(phases(events).last, "finished: complete")
        XCTAssertEqual(transport.cancelled, [0], "the hung request was closed")
    }

    func testKeepAlivesDoNotHoldOffTheFirstTokenTimeout() async {
        let pings: [ScriptedTransport.Step] =
            [.event(.responseHead(status: 200))]
            + Array(repeating: [.pause(.milliseconds(5)), .event(.keepAlive)], count: 200).flatMap { $0 }
        let transport = ScriptedTransport([pings])
        let events = await run(
            TurnRunner(transport: transport, policy: policy(retries: 0, firstToken: .milliseconds(60))))
        XCTAssertTrue(events.contains(.serverAlive))
        guard case .finished(.failed(let error), _) = events.last else { return XCTFail("\(events)") }
        XCTAssertEqual(error, .timeout(.firstToken, limit: .milliseconds(60)))
        XCTAssertEqual(transport.requests.count, 1, "a timeout is a retry, and there are none")
    }

    func testStalledStreamIsInterruptedByTheIdleTimeout() async {
        let transport = ScriptedTransport([[.event(.responseHead(status: 200)), .event(.content("part")), .hang]])
        let events = await run(TurnRunner(transport: transport, policy: policy(idle: .milliseconds(50))))
        guard case .finished(.interrupted(let error), _) = events.last else { return XCTFail("\(events)") }
        XCTAssertEqual(error, .timeout(.idle, limit: .milliseconds(50)))
        XCTAssertEqual(transport.requests.count, 1, "text had arrived: never resent")
        XCTAssertEqual(transport.cancelled, [0])
    }

    func testCancelDuringARetryWaitStopsAtOnce() async {
        let transport = ScriptedTransport([[.fail(.http(status: 429, message: "slow down", retryAfter: .seconds(60)))]])
        let seen = await run(TurnRunner(transport: transport, policy: policy())) {
            if case .phase(.waitingToRetry) = $0 { true } else { false }
        }
        guard case .finished(.cancelled, _) = seen.last else { return XCTFail("\(seen)") }
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testCancellingTheConsumerClosesTheRequest() async {
        let transport = ScriptedTransport(steps: [.event(.content("x")), .hang])
        let seen = await run(TurnRunner(transport: transport, policy: policy())) { $0 == .content("x") }
        guard case .finished(.cancelled, _) = seen.last else { return XCTFail("\(seen)") }
        XCTAssertEqual(transport.cancelled, [0])
    }

    // MARK: - A flood

    private static func stream(_ pieces: [StreamEvent], usage: Int? = nil) -> [StreamEvent] {
        [.requestSent, .responseHead(status: 200)] + pieces + [.finish(reason: "stop")]
            + (usage.map { [.usage(TokenUsage(completionTokens: $0))] } ?? []) + [.done]
    }

    func testAFloodWaitingForTheConsumerArrivesAsOnePieceThatCountsEveryToken() async {
        let flood = [StreamEvent](repeating: .content("x"), count: 100_000)
        let events = await run(TurnRunner(transport: BurstTransport(Self.stream(flood)), policy: policy()))
        let shown = events.filter { if case .content = $0 { true } else { false } }
        XCTAssertEqual(shown, [.content(String(repeating: "x", count: 100_000), pieces: 100_000)])
        guard case .finished(.complete, let stats) = events.last else { return XCTFail("\(events.last!)") }
        XCTAssertEqual(stats.completionTokens, 100_000, "every piece counts as a token")
        XCTAssertEqual(stats.finishReason, "stop")
    }

    func testTheServersOwnCountStillWinsOverThePieces() async {
        let flood = [StreamEvent](repeating: .content("ab"), count: 1_000)
        let events = await run(
            TurnRunner(transport: BurstTransport(Self.stream(flood, usage: 700)), policy: policy()))
        guard case .finished(.complete, let stats) = events.last else { return XCTFail("\(events.last!)") }
        XCTAssertEqual(stats.completionTokens, 700)
        XCTAssertEqual(text(events), String(repeating: "ab", count: 1_000))
    }

    func testJoinedReasoningAndContentKeepTheirOrder() async {
        let pieces: [StreamEvent] = [
            .reasoning("Let me "), .reasoning("think."), .content("\n"), .content("\n"), .content("The"),
            .content(" answer"), .reasoning(" Check."), .content(" is 42."),
        ]
        let events = await run(TurnRunner(transport: BurstTransport(Self.stream(pieces)), policy: policy()))
        let text = events.filter {
            switch $0 {
            case .content, .reasoning: true
            default: false
            }
        }
        XCTAssertEqual(
            text,
            [
                .reasoning("Let me think.", pieces: 2), .content("The answer", pieces: 2),
                .reasoning(" Check."), .content(" is 42."),
            ], "the leading blank lines are dropped and not counted")
        guard case .finished(.complete, let stats) = events.last else { return XCTFail("\(events.last!)") }
        XCTAssertEqual(stats.completionTokens, 6)
    }

    /// Runs a reply in a task that cancels itself right after the output `cancelHere` picks.
    private func run(
        _ runner: TurnRunner, cancellingAfter cancelHere: @escaping @Sendable (TurnEvent) -> Bool
    ) async -> [TurnEvent] {
        let request = self.request
        let task = Task {
            var seen: [TurnEvent] = []
            for await event in runner.run(request) {
                seen.append(event)
                if cancelHere(event) { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return seen
        }
        return await task.value
    }
}
