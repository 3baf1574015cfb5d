import XCTest

@testable import ChatCore

/// Each transition of the turn machine, one at a time, with a hand-driven clock.
final class TurnStateMachineTests: XCTestCase {
    private let t0 = ContinuousClock.now
    private let request = ChatRequest(model: "m", messages: [ChatRequest.Message(role: .user, content: "hi")])
    /// Round numbers and no jitter, so every deadline is exact.
    private let policy = TurnPolicy(
        retry: RetryPolicy(maxRetries: 3, jitter: 0), warmupTimeout: .seconds(30),
        connectTimeout: .seconds(10), firstTokenTimeout: .seconds(120), idleTimeout: .seconds(60))

    private func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    private func machine(_ policy: TurnPolicy? = nil, stream: Bool = true) -> TurnStateMachine {
        var request = self.request
        request.stream = stream
        return TurnStateMachine(request: request, policy: policy ?? self.policy, seed: 1)
    }

    private func sent(_ attempt: Int, stream: Bool = true) -> TurnStateMachine.Output {
        var outgoing = request
        outgoing.stream = stream
        return .send(outgoing, attempt: attempt)
    }

    /// The request number `number` that asks again without streaming, for `reason`.
    private func withoutStreaming(_ number: Int, _ reason: String) -> [TurnStateMachine.Output] {
        [
            .phase(.connecting(Attempt(number: number, streams: false, fallbackReason: reason))),
            sent(number, stream: false),
        ]
    }

    private func sends(_ outputs: [TurnStateMachine.Output]) -> Bool {
        outputs.contains { if case .send = $0 { return true } else { return false } }
    }

    private func report(_ outputs: [TurnStateMachine.Output]) -> StreamingReport? {
        for case .report(let report) in outputs { return report }
        return nil
    }

    /// A machine whose first request is under way (connecting, at t0).
    private func started(_ policy: TurnPolicy? = nil) -> TurnStateMachine {
        var machine = machine(policy)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        return machine
    }

    /// A machine streaming its first request: head at 5 ms, first token at 100 ms.
    private func streaming(_ policy: TurnPolicy? = nil) -> TurnStateMachine {
        var machine = started(policy)
        _ = machine.handle(.event(.requestSent, attempt: 1), at: at(2))
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        _ = machine.handle(.event(.content("Hel"), attempt: 1), at: at(100))
        return machine
    }

    // MARK: Starting and warming up

    func testStartWithoutWarmUpSendsTheFirstRequest() {
        var machine = machine()
        XCTAssertEqual(
            machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0)),
            [.phase(.connecting(Attempt(number: 1))), sent(1)])
        XCTAssertEqual(machine.deadline, at(10_000), "connecting is bounded by the connect timeout")
        XCTAssertFalse(machine.stats.warmup)
    }

    func testStartWithWarmUpWarmsUpFirst() {
        var machine = machine()
        XCTAssertEqual(
            machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0)),
            [.phase(.warmingUp), .warmUp(machine.warmUpRequest)])
        XCTAssertEqual(machine.warmUpRequest.maxTokens, 1)
        XCTAssertFalse(machine.warmUpRequest.stream)
        XCTAssertEqual(machine.deadline, at(30_000))
        XCTAssertTrue(machine.stats.warmup)
    }

    func testWarmUpResultIsShownThenTheRequestGoesOut() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        let report = WarmUpReport.ready(latency: .milliseconds(240))
        XCTAssertEqual(
            machine.handle(.warmUpFinished(report), at: at(240)),
            [.warmedUp(report), .phase(.connecting(Attempt(number: 1))), sent(1)])
    }

    func testFailedWarmUpIsReportedButNeverBlocksTheReply() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        let report = WarmUpReport.failed(.connection("connection refused"))
        XCTAssertEqual(
            machine.handle(.warmUpFinished(report), at: at(3)),
            [.warmedUp(report), .phase(.connecting(Attempt(number: 1))), sent(1)])
    }

    func testWarmUpOverItsLimitIsAbandonedAndItsLateResultIgnored() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        XCTAssertEqual(
            machine.handle(.deadlinePassed, at: at(30_000)),
            [
                .cancelWarmUp, .warmedUp(.failed(.timeout(.warmUp, limit: .seconds(30)))),
                .phase(.connecting(Attempt(number: 1))), sent(1),
            ])
        XCTAssertEqual(machine.handle(.warmUpFinished(.ready(latency: .seconds(31))), at: at(31_000)), [])
    }

    func testStreamingOffForTheEndpointSendsWithoutStreamingFromTheStart() {
        var machine = machine()
        let reason = "streaming off: 3 streams in a row failed (empty stream)"
        XCTAssertEqual(
            machine.handle(.start(warmUp: false, streamingOff: reason), at: at(0)), withoutStreaming(1, reason))
        XCTAssertTrue(machine.stats.fallback)
        XCTAssertEqual(machine.stats.fallbackReason, reason)
        _ = machine.handle(.event(.content("whole"), attempt: 1), at: at(300))
        XCTAssertNil(report(machine.handle(.end(attempt: 1), at: at(301))), "a reply that did not stream says nothing")
    }

    func testInputsBeforeStartAreIgnored() {
        var machine = machine()
        XCTAssertEqual(machine.handle(.event(.content("x"), attempt: 1), at: at(0)), [])
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(0)), [])
        XCTAssertEqual(machine.phase, .idle)
    }

    // MARK: One request's phases

    func testRequestSentEntersWaitingForHeaders() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.event(.requestSent, attempt: 1), at: at(2)),
            [.phase(.waitingForHeaders(Attempt(number: 1)))])
        XCTAssertEqual(machine.deadline, at(120_000), "from now on the first-token timeout applies")
    }

    func testResponseHeadEntersWaitingForFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.requestSent, attempt: 1), at: at(2))
        XCTAssertEqual(
            machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5)),
            [.phase(.waitingForFirstToken(Attempt(number: 1)))])
        XCTAssertEqual(machine.deadline, at(120_000))
    }

    func testKeepAliveWhileWaitingShowsTheServerIsAliveButIsNoProgress() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.event(.keepAlive, attempt: 1), at: at(15_000)), [.serverAlive])
        XCTAssertEqual(machine.deadline, at(120_000))
    }

    func testFirstContentEntersStreamingAndRecordsTimeToFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(
            machine.handle(.event(.content("Hel"), attempt: 1), at: at(120)), [.phase(.streaming), .content("Hel")])
        XCTAssertEqual(machine.stats.ttftMs, 120)
        XCTAssertEqual(machine.deadline, at(60_120), "streaming is bounded by the idle timeout")
        XCTAssertEqual(machine.handle(.event(.content("lo"), attempt: 1), at: at(130)), [.content("lo")])
    }

    func testTokensDoNotMoveTheDeadline() {
        var machine = streaming()
        let before = machine.deadline
        _ = machine.handle(.event(.content("more"), attempt: 1), at: at(5_000))
        XCTAssertEqual(machine.deadline, before, "the driver re-arms its timer only on transitions")
    }

    func testReasoningCountsAsTheFirstToken() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.event(.reasoning("hmm"), attempt: 1), at: at(50)), [.phase(.streaming), .reasoning("hmm")])
    }

    func testEmptyPiecesAreIgnored() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.content(""), attempt: 1), at: at(50)), [])
        XCTAssertEqual(machine.handle(.event(.reasoning(""), attempt: 1), at: at(50)), [])
    }

    func testFinishReasonThenEndCompletesTheReplyWithItsFigures() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(1_100))
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 1), at: at(1_100))
        _ = machine.handle(.event(.done, attempt: 1), at: at(1_101))
        let stats = TurnStats(
            attempts: 1, ttftMs: 100, durationMs: 1_102, completionTokens: 2, tokensPerSecond: 1, finishReason: "stop")
        XCTAssertEqual(
            machine.handle(.end(attempt: 1), at: at(1_102)),
            [.phase(.finished(.complete)), .report(.worked), .finished(.complete, stats)])
        XCTAssertNil(machine.deadline)
    }

    func testUsageCountWinsOverChunkCount() {
        var machine = streaming()
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 1), at: at(200))
        _ = machine.handle(.event(.usage(TokenUsage(completionTokens: 42)), attempt: 1), at: at(200))
        _ = machine.handle(.end(attempt: 1), at: at(201))
        XCTAssertEqual(machine.stats.completionTokens, 42)
    }

    func testLegitimatelyEmptyAnswerCompletesInsteadOfRetrying() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 1), at: at(6))
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(7)).first, .phase(.finished(.complete)))
    }

    func testEventsOfAnEarlierRequestAreIgnored() {
        var machine = started()
        _ = machine.handle(.fail(.connection("refused"), attempt: 1), at: at(5))  // waits to retry
        _ = machine.handle(.deadlinePassed, at: at(505))  // request 2 goes out
        XCTAssertEqual(machine.handle(.event(.content("late"), attempt: 1), at: at(506)), [])
        XCTAssertEqual(machine.handle(.fail(.emptyStream, attempt: 1), at: at(506)), [])
        XCTAssertEqual(machine.phase, .connecting(Attempt(number: 2)))
    }

    // MARK: Leading blank lines

    func testLeadingBlankLinesAreDroppedAndTheFirstVisibleTextIsTheFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.event(.content("\n"), attempt: 1), at: at(50)), [])
        XCTAssertEqual(
            machine.handle(.event(.content(" \nHello"), attempt: 1), at: at(80)),
            [.phase(.streaming), .content("Hello")])
        XCTAssertEqual(machine.stats.ttftMs, 80)
        XCTAssertEqual(machine.handle(.event(.content("\n\nworld"), attempt: 1), at: at(90)), [.content("\n\nworld")])
    }

    func testIndentationOfTheFirstLineIsKept() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.content("  "), attempt: 1), at: at(50)), [])
        XCTAssertEqual(
            machine.handle(.event(.content("let x = 1"), attempt: 1), at: at(60)),
            [.phase(.streaming), .content("  let x = 1")])
    }

    func testAContinuedReplyKeepsItsLeadingLineBreaks() {
        var machine = TurnStateMachine(request: request, policy: policy, trimsLeadingBlankLines: false, seed: 1)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        XCTAssertEqual(
            machine.handle(.event(.content("\n\nNext paragraph"), attempt: 1), at: at(50)),
            [.phase(.streaming), .content("\n\nNext paragraph")])
    }

    func testOnlyBlankLinesThenTheEndIsAnEmptyStream() {
        var machine = started()
        _ = machine.handle(.event(.content("\n"), attempt: 1), at: at(50))
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(60)), withoutStreaming(2, "empty stream"))
    }

    // MARK: Streams that break after text, completed without streaming

    func testTextThenEndWithoutFinishReasonIsCompletedWithoutStreaming() {
        var machine = streaming()
        let reason = ChatError.endedEarly(sawDone: false).description
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(200)), withoutStreaming(2, reason))
        XCTAssertEqual(
            machine.handle(.event(.responseHead(status: 200), attempt: 2), at: at(250)),
            [.phase(.waitingForFirstToken(Attempt(number: 2, streams: false, fallbackReason: reason)))])
        XCTAssertEqual(
            machine.handle(.event(.content("Hello, whole."), attempt: 2), at: at(900)),
            [.resetText, .content("Hello, whole.")], "the whole reply replaces the partial one, with no streaming phase"
        )
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 2), at: at(900))
        let end = machine.handle(.end(attempt: 2), at: at(901))
        XCTAssertEqual(end.first, .phase(.finished(.complete)))
        XCTAssertEqual(report(end), .failed(reason))
        XCTAssertEqual(machine.stats.attempts, 2)
        XCTAssertTrue(machine.stats.fallback)
        XCTAssertEqual(machine.stats.fallbackReason, reason)
        XCTAssertEqual(machine.stats.ttftMs, 100, "the user saw text at 100 ms")
        XCTAssertEqual(machine.stats.finishReason, "stop")
    }

    func testDoneWithoutFinishReasonAfterTextIsCompletedWithoutStreaming() {
        var machine = streaming()
        _ = machine.handle(.event(.done, attempt: 1), at: at(150))
        XCTAssertEqual(
            machine.handle(.end(attempt: 1), at: at(200)),
            withoutStreaming(2, ChatError.endedEarly(sawDone: true).description))
    }

    func testAnEventThatIsNotJSONAfterTextIsCompletedWithoutStreaming() {
        var machine = streaming()
        let error = ChatError.malformed("a stream event is not a JSON chunk: …")
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(200)), withoutStreaming(2, error.description))
    }

    func testTheWholeReplyResentByTheServerReplacesThePartialTextWithoutAnotherRequest() {
        var machine = streaming()
        XCTAssertEqual(
            machine.handle(.event(.wholeReply("\nHello, call get_weather()."), attempt: 1), at: at(900)),
            [.resetText, .content("Hello, call get_weather().")])
        let end = machine.handle(.end(attempt: 1), at: at(901))
        XCTAssertEqual(end.first, .phase(.finished(.complete)))
        XCTAssertFalse(sends(end))
        XCTAssertEqual(machine.stats.attempts, 1)
        XCTAssertNil(machine.stats.completionTokens, "one piece, and the server did not count its tokens")
        XCTAssertEqual(machine.stats.fallbackReason, TurnStateMachine.resentWhole)
    }

    func testTheBrokenStreamStaysTheReasonWhenTheRequestWithoutStreamingFails() {
        var machine = streaming()
        let broken = ChatError.endedEarly(sawDone: false)
        _ = machine.handle(.end(attempt: 1), at: at(200))
        let outputs = machine.handle(.fail(.http(status: 400, message: "bad request"), attempt: 2), at: at(250))
        XCTAssertEqual(outputs.first, .phase(.finished(.interrupted(broken))), "the partial text is kept")
        XCTAssertFalse(outputs.contains(.resetText))
    }

    func testAFailedRequestWithoutStreamingIsRetriedLikeAnyOther() {
        var machine = streaming()
        _ = machine.handle(.end(attempt: 1), at: at(200))
        let error = ChatError.http(status: 503, message: "busy")
        guard case .phase(.waitingToRetry) = machine.handle(.fail(error, attempt: 2), at: at(250)).first else {
            return XCTFail("not retried: \(machine.phase)")
        }
        let retry = machine.handle(.deadlinePassed, at: at(750))
        XCTAssertEqual(retry.first, .phase(.connecting(Attempt(number: 3, streams: false, fallbackReason: broken))))
        XCTAssertEqual(
            machine.handle(.event(.content("whole"), attempt: 3), at: at(800)), [.resetText, .content("whole")])
    }

    private var broken: String { ChatError.endedEarly(sawDone: false).description }

    func testWithFallbackNeverABrokenStreamEndsInterruptedWithItsText() {
        var policy = self.policy
        policy.fallback = .never
        var machine = streaming(policy)
        let outputs = machine.handle(.end(attempt: 1), at: at(200))
        XCTAssertEqual(outputs.first, .phase(.finished(.interrupted(.endedEarly(sawDone: false)))))
        XCTAssertFalse(sends(outputs))
    }

    // MARK: Failures after text

    func testFailureAfterTextKeepsItAsInterruptedAndNeverResends() {
        var machine = streaming()
        let error = ChatError.connection("the server closed the connection")
        let outputs = machine.handle(.fail(error, attempt: 1), at: at(300))
        XCTAssertEqual(outputs.first, .phase(.finished(.interrupted(error))))
        XCTAssertFalse(outputs.contains { if case .send = $0 { return true } else { return false } })
    }

    func testIdleTimeoutInterruptsAStreamingReply() {
        var machine = streaming()
        let outputs = machine.handle(.deadlinePassed, at: at(60_100))
        XCTAssertEqual(
            Array(outputs.prefix(2)),
            [.cancelRequest, .phase(.finished(.interrupted(.timeout(.idle, limit: .seconds(60)))))])
    }

    func testIdleCheckBeforeTheLimitOnlyMovesTheDeadline() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(30_000))
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(60_100)), [])
        XCTAssertEqual(machine.deadline, at(90_000))
        XCTAssertEqual(machine.phase, .streaming)
    }

    // MARK: Failures before text: retry, fall back, give up

    func testEmptyStreamIsAnsweredAtOnceWithoutStreaming() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(10)), withoutStreaming(2, "empty stream"))
        XCTAssertEqual(machine.deadline, at(10_010), "no backoff: the next request's connect limit applies")
        XCTAssertTrue(machine.stats.fallback)
    }

    func testOnlyDoneBeforeTheEndIsAnEmptyStream() {
        var machine = started()
        _ = machine.handle(.event(.done, attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(10)), withoutStreaming(2, "empty stream"))
    }

    func testTimeToFirstTokenCountsFromTheFirstRequestAfterTheWarmUp() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        _ = machine.handle(.warmUpFinished(.ready(latency: .milliseconds(240))), at: at(240))
        _ = machine.handle(.end(attempt: 1), at: at(300))
        _ = machine.handle(.event(.content("OK."), attempt: 2), at: at(500))
        _ = machine.handle(.end(attempt: 2), at: at(501))
        XCTAssertEqual(machine.stats.ttftMs, 260, "from request 1 at 240 ms to the text at 500 ms")
        XCTAssertEqual(machine.stats.attempts, 2)
    }

    func testAnEmptyStreamBeforeAShortReplySaysNothingAboutStreaming() {
        var machine = started()
        _ = machine.handle(.end(attempt: 1), at: at(10))
        _ = machine.handle(.event(.content("OK."), attempt: 2), at: at(200))
        XCTAssertNil(report(machine.handle(.end(attempt: 2), at: at(201))), "ChatGLM3 streams nothing for 7 characters")
    }

    func testAnEmptyStreamBeforeALongReplyIsAFailedStream() {
        var machine = started()
        _ = machine.handle(.end(attempt: 1), at: at(10))
        _ = machine.handle(.event(.content("A reply longer than seven."), attempt: 2), at: at(200))
        XCTAssertEqual(report(machine.handle(.end(attempt: 2), at: at(201))), .failed("empty stream"))
    }

    func testRetryWaitEndsWithTheNextRequest() {
        var machine = started()
        _ = machine.handle(.fail(.connection("reset"), attempt: 1), at: at(10))
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(400)), [], "too early: nothing happens")
        XCTAssertEqual(
            machine.handle(.deadlinePassed, at: at(510)), [.phase(.connecting(Attempt(number: 2))), sent(2)])
    }

    func testNonStreamingAnswerCompletesWithoutAFinishReason() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(900))
        XCTAssertEqual(
            machine.handle(.event(.content("whole answer"), attempt: 1), at: at(900)), [.content("whole answer")],
            "a whole answer has no streaming phase")
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(901)).first, .phase(.finished(.complete)))
    }

    func testEmptyNonStreamingReplyFailsWithoutRetrying() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(900)).first, .phase(.finished(.failed(.emptyReply))))
    }

    func testZeroRetriesStillFallsBackOnAnEmptyStream() {
        var policy = self.policy
        policy.retry.maxRetries = 0
        var machine = started(policy)
        XCTAssertEqual(machine.handle(.end(attempt: 1), at: at(10)), withoutStreaming(2, "empty stream"))
    }

    func testZeroRetriesAndFallbackNeverSendExactlyOneRequest() {
        var policy = self.policy
        policy.retry.maxRetries = 0
        policy.fallback = .never
        for failure in [ChatError.emptyStream, .connection("refused"), .http(status: 503, message: "busy")] {
            var machine = started(policy)
            let outputs =
                failure == .emptyStream
                ? machine.handle(.end(attempt: 1), at: at(10)) : machine.handle(.fail(failure, attempt: 1), at: at(10))
            XCTAssertEqual(outputs.first, .phase(.finished(.failed(failure))))
            XCTAssertEqual(machine.stats.attempts, 1)
        }
    }

    func testConnectionFailureBeforeTextIsRetried() {
        var machine = started()
        let error = ChatError.connection("connection refused")
        let wait = RetryWait(retry: 1, limit: 3, reason: error.description, until: at(503))
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(3)), [.phase(.waitingToRetry(wait))])
    }

    func testBackoffGrowsWithEachRetry() {
        var machine = started()
        var now = 0
        var waits: [Int] = []
        for attempt in 1...3 {
            _ = machine.handle(.fail(.http(status: 503, message: "busy"), attempt: attempt), at: at(now))
            guard case .waitingToRetry(let wait) = machine.phase else { return XCTFail("\(machine.phase)") }
            waits.append(TurnStateMachine.milliseconds(wait.until - at(now)))
            now = TurnStateMachine.milliseconds(wait.until - t0)
            _ = machine.handle(.deadlinePassed, at: at(now))
        }
        XCTAssertEqual(waits, [500, 1000, 2000])
    }

    func testServerErrorsAreRetriedUntilTheBudgetIsUsed() {
        var machine = started()
        var now = 0
        let error = ChatError.http(status: 503, message: "model is loading")
        for attempt in 1...3 {
            _ = machine.handle(.fail(error, attempt: attempt), at: at(now))
            now += 10_000
            _ = machine.handle(.deadlinePassed, at: at(now))
        }
        XCTAssertEqual(machine.handle(.fail(error, attempt: 4), at: at(now)).first, .phase(.finished(.failed(error))))
        XCTAssertEqual(machine.stats.attempts, 4)
    }

    func testRetryAfterIsHonouredAndCapped() {
        var machine = started()
        _ = machine.handle(
            .fail(.http(status: 429, message: "slow down", retryAfter: .seconds(2)), attempt: 1), at: at(0))
        guard case .waitingToRetry(let wait) = machine.phase else { return XCTFail("\(machine.phase)") }
        XCTAssertEqual(wait.until, at(2_000))
        _ = machine.handle(.deadlinePassed, at: at(2_000))
        _ = machine.handle(
            .fail(.http(status: 429, message: "slow down", retryAfter: .seconds(600)), attempt: 2), at: at(2_000))
        guard case .waitingToRetry(let capped) = machine.phase else { return XCTFail("\(machine.phase)") }
        XCTAssertEqual(capped.until, at(62_000))
    }

    func testClientErrorsAreNeverRetried() {
        for status in [400, 401, 403, 404, 422] {
            var machine = started()
            let error = ChatError.http(status: status, message: "no")
            XCTAssertEqual(
                machine.handle(.fail(error, attempt: 1), at: at(1)).first, .phase(.finished(.failed(error))),
                "HTTP \(status)")
        }
    }

    func testErrorInsideTheStreamBeforeTextFailsWithTheServersWords() {
        var machine = started()
        let error = ChatError.inStream(message: "context length exceeded")
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(1)).first, .phase(.finished(.failed(error))))
    }

    func testUnparsableChunkBeforeTextIsABrokenStreamAnsweredWithoutStreaming() {
        var machine = started()
        let error = ChatError.malformed("x")
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(1)), withoutStreaming(2, error.description))
    }

    func testAMalformedReplyWithoutStreamingFails() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        let error = ChatError.malformed("the reply is not a JSON completion")
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(1)).first, .phase(.finished(.failed(error))))
    }

    // MARK: Time limits before text

    func testConnectTimeoutCancelsTheRequestAndRetries() {
        var machine = started()
        let outputs = machine.handle(.deadlinePassed, at: at(10_000))
        XCTAssertEqual(outputs.first, .cancelRequest)
        guard case .phase(.waitingToRetry(let wait)) = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(wait.reason, "could not connect within 10 s (--connect-timeout)")
    }

    func testFirstTokenTimeoutBeforeTheHeadIsRetried() {
        var machine = started()
        _ = machine.handle(.event(.requestSent, attempt: 1), at: at(2))
        let outputs = machine.handle(.deadlinePassed, at: at(120_000))
        XCTAssertEqual(outputs.first, .cancelRequest)
        guard case .phase(.waitingToRetry(let wait)) = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(wait.reason, "no first token within 120 s (--first-token-timeout)")
    }

    func testFirstTokenTimeoutAfterTheHeadIsRetriedLikeAnyTimeoutBeforeText() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        let outputs = machine.handle(.deadlinePassed, at: at(120_000))
        XCTAssertEqual(outputs.first, .cancelRequest)
        guard case .phase(.waitingToRetry(let wait)) = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(wait.reason, "no first token within 120 s (--first-token-timeout)")
    }

    func testARequestWithoutStreamingTimesOutWaitingForTheWholeReply() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        guard case .phase(.waitingToRetry(let wait)) = machine.handle(.deadlinePassed, at: at(120_000)).last else {
            return XCTFail("\(machine.phase)")
        }
        XCTAssertEqual(wait.reason, "no reply within 120 s (--first-token-timeout)")
    }

    func testTurnTimeoutEndsTheReplyInAnyPhase() {
        var policy = self.policy
        policy.turnTimeout = .seconds(1)
        var machine = started(policy)
        _ = machine.handle(.fail(.http(status: 429, message: "", retryAfter: .seconds(30)), attempt: 1), at: at(0))
        XCTAssertEqual(machine.deadline, at(1_000), "the turn's limit comes before the retry")
        XCTAssertEqual(
            machine.handle(.deadlinePassed, at: at(1_000)).first,
            .phase(.finished(.failed(.timeout(.turn, limit: .seconds(1))))))
    }

    // MARK: Cancel

    func testCancelWhileStreamingClosesTheRequestAndKeepsTheText() {
        var machine = streaming()
        XCTAssertEqual(
            Array(machine.handle(.cancel, at: at(200)).prefix(2)), [.cancelRequest, .phase(.finished(.cancelled))])
        XCTAssertEqual(machine.stats.completionTokens, 1)
    }

    func testCancelWhileWaitingToRetryStopsAtOnce() {
        var machine = started()
        _ = machine.handle(.fail(.connection("refused"), attempt: 1), at: at(10))
        XCTAssertEqual(machine.handle(.cancel, at: at(20)).first, .phase(.finished(.cancelled)))
        XCTAssertNil(machine.deadline)
    }

    func testCancelWhileWarmingUpAbandonsTheWarmUp() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        XCTAssertEqual(machine.handle(.cancel, at: at(5)).first, .cancelWarmUp)
    }

    func testNothingHappensAfterTheEnd() {
        var machine = streaming()
        _ = machine.handle(.cancel, at: at(200))
        XCTAssertEqual(machine.handle(.event(.content("late"), attempt: 1), at: at(300)), [])
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(300)), [])
        XCTAssertEqual(machine.handle(.cancel, at: at(300)), [])
    }

    // MARK: Figures

    func testRateNeedsTwoTokensAndAMeasurableSpan() {
        XCTAssertNil(TurnStateMachine.rate(tokens: 1, over: .seconds(1)))
        XCTAssertNil(TurnStateMachine.rate(tokens: 100, over: .milliseconds(10)))
        XCTAssertEqual(TurnStateMachine.rate(tokens: 11, over: .seconds(2)), 5)
    }
}
