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

    private typealias Reaction = TurnStateMachine.Reaction

    /// No command and nothing to show.
    private let nothing = Reaction()

    /// Only `events`, no command.
    private func shows(_ events: [TurnEvent]) -> Reaction {
        Reaction(events: events)
    }

    private func sent(_ attempt: Int, stream: Bool = true) -> TurnCommand {
        var outgoing = request
        outgoing.stream = stream
        return .send(outgoing, attempt: attempt)
    }

    /// Request number `number` goes out (the first, or a retry).
    private func sends(_ number: Int) -> Reaction {
        Reaction(commands: [sent(number)], events: [.phase(.connecting(Attempt(number: number)))])
    }

    /// The request number `number` that asks again without streaming, for `reason`.
    private func withoutStreaming(_ number: Int, _ reason: String) -> Reaction {
        Reaction(
            commands: [sent(number, stream: false)],
            events: [.phase(.connecting(Attempt(number: number, streams: false, fallbackReason: reason)))])
    }

    private func sends(_ reaction: Reaction) -> Bool {
        reaction.commands.contains { if case .send = $0 { return true } else { return false } }
    }

    private func report(_ reaction: Reaction) -> StreamingReport? {
        for case .report(let report) in reaction.commands { return report }
        return nil
    }

    /// How the reply ended, when ending it is all `reaction` shows.
    private func ending(_ reaction: Reaction) -> TurnOutcome? {
        guard reaction.events.count == 1, case .finished(let outcome, _) = reaction.events[0] else { return nil }
        return outcome
    }

    /// The phase `reaction` shows last.
    private func lastPhase(_ reaction: Reaction) -> TurnPhase? {
        for case .phase(let phase) in reaction.events.reversed() { return phase }
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
            machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0)), sends(1))
        XCTAssertEqual(machine.deadline, at(10_000), "connecting is bounded by the connect timeout")
        XCTAssertFalse(machine.stats.warmup)
    }

    func testStartWithWarmUpWarmsUpFirst() {
        var machine = machine()
        XCTAssertEqual(
            machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0)),
            Reaction(commands: [.warmUp(machine.warmUpRequest)], events: [.phase(.warmingUp)]))
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
            Reaction(
                commands: [.endpointAnswered, sent(1)],
                events: [.warmedUp(report), .phase(.connecting(Attempt(number: 1)))]),
            "the endpoint answered: it is awake")
    }

    func testFailedWarmUpIsReportedButNeverBlocksTheReply() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        let report = WarmUpReport.failed(.connection("connection refused"))
        XCTAssertEqual(
            machine.handle(.warmUpFinished(report), at: at(3)),
            Reaction(commands: [sent(1)], events: [.warmedUp(report), .phase(.connecting(Attempt(number: 1)))]))
    }

    func testWarmUpOverItsLimitIsAbandonedAndItsLateResultIgnored() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        XCTAssertEqual(
            machine.handle(.deadlinePassed, at: at(30_000)),
            Reaction(
                commands: [.cancelWarmUp, sent(1)],
                events: [
                    .warmedUp(.failed(.timeout(.warmUp, limit: .seconds(30)))), .phase(.connecting(Attempt(number: 1))),
                ]))
        XCTAssertEqual(machine.handle(.warmUpFinished(.ready(latency: .seconds(31))), at: at(31_000)), nothing)
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
        XCTAssertEqual(machine.handle(.event(.content("x"), attempt: 1), at: at(0)), nothing)
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(0)), nothing)
        XCTAssertEqual(machine.phase, .idle)
    }

    func testCancelBeforeTheStartEndsTheReplyWithNothingSent() {
        var machine = machine()
        XCTAssertEqual(
            machine.handle(.cancel, at: at(0)),
            shows([.finished(.cancelled, TurnStats(attempts: 0, retries: 0, emptyStreams: 0, completionTokens: 0))]),
            "no command: nothing is under way, and the endpoint was asked nothing")
        XCTAssertNil(machine.deadline)
    }

    func testADeadlineThatComesEarlyChangesNothing() {
        var warming = machine()
        _ = warming.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        XCTAssertEqual(warming.handle(.deadlinePassed, at: at(29_999)), nothing)
        XCTAssertEqual(warming.phase, .warmingUp)
        var connecting = started()
        XCTAssertEqual(connecting.handle(.deadlinePassed, at: at(9_999)), nothing)
        XCTAssertEqual(connecting.phase, .connecting(Attempt(number: 1)))
        var waiting = started()
        _ = waiting.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(waiting.handle(.deadlinePassed, at: at(119_999)), nothing)
        XCTAssertEqual(waiting.phase, .waitingForFirstToken(Attempt(number: 1)))
    }

    // MARK: One request's phases

    func testRequestSentEntersWaitingForHeaders() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.event(.requestSent, attempt: 1), at: at(2)),
            shows([.phase(.waitingForHeaders(Attempt(number: 1)))]))
        XCTAssertEqual(machine.deadline, at(120_000), "from now on the first-token timeout applies")
    }

    func testResponseHeadEntersWaitingForFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.requestSent, attempt: 1), at: at(2))
        XCTAssertEqual(
            machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5)),
            shows([.phase(.waitingForFirstToken(Attempt(number: 1)))]))
        XCTAssertEqual(machine.deadline, at(120_000))
    }

    func testAReportThatComesLateOrTwiceMovesNoPhaseBack() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.event(.requestSent, attempt: 1), at: at(6)), nothing)
        XCTAssertEqual(machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(7)), nothing)
        _ = machine.handle(.event(.content("Hel"), attempt: 1), at: at(100))
        XCTAssertEqual(machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(101)), nothing)
        XCTAssertEqual(machine.phase, .streaming)
    }

    func testKeepAliveWhileWaitingShowsTheServerIsAliveButIsNoProgress() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.event(.keepAlive, attempt: 1), at: at(15_000)), shows([.serverAlive]))
        XCTAssertEqual(machine.deadline, at(120_000))
    }

    func testKeepAliveWhileStreamingIsNothingNew() {
        var machine = streaming()
        XCTAssertEqual(machine.handle(.event(.keepAlive, attempt: 1), at: at(15_000)), nothing)
        XCTAssertEqual(machine.deadline, at(60_100), "a keep-alive is no text: the idle limit stands")
    }

    func testFirstContentEntersStreamingAndRecordsTimeToFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(
            machine.handle(.event(.content("Hel"), attempt: 1), at: at(120)),
            shows([.phase(.streaming), .content("Hel")]))
        XCTAssertEqual(machine.stats.ttftMs, 120)
        XCTAssertEqual(machine.deadline, at(60_120), "streaming is bounded by the idle timeout")
        XCTAssertEqual(machine.handle(.event(.content("lo"), attempt: 1), at: at(130)), shows([.content("lo")]))
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
            machine.handle(.event(.reasoning("hmm"), attempt: 1), at: at(50)),
            shows([.phase(.streaming), .reasoning("hmm")]))
    }

    func testEmptyPiecesAreIgnored() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.content(""), attempt: 1), at: at(50)), nothing)
        XCTAssertEqual(machine.handle(.event(.reasoning(""), attempt: 1), at: at(50)), nothing)
    }

    func testFinishReasonThenEndCompletesTheReplyWithItsFigures() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(1_100))
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 1), at: at(1_100))
        _ = machine.handle(.event(.done, attempt: 1), at: at(1_101))
        let stats = TurnStats(
            attempts: 1, retries: 0, emptyStreams: 0, ttftMs: 100, durationMs: 1_102, completionTokens: 2,
            tokensPerSecond: 1, finishReason: "stop")
        XCTAssertEqual(
            machine.handle(.end(attempt: 1), at: at(1_102)),
            Reaction(commands: [.report(.worked), .endpointAnswered], events: [.finished(.complete, stats)]))
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
        XCTAssertEqual(ending(machine.handle(.end(attempt: 1), at: at(7))), .complete)
    }

    func testEventsOfAnEarlierRequestAreIgnored() {
        var machine = started()
        _ = machine.handle(.fail(.connection("refused"), attempt: 1), at: at(5))  // waits to retry
        _ = machine.handle(.deadlinePassed, at: at(505))  // request 2 goes out
        XCTAssertEqual(machine.handle(.event(.content("late"), attempt: 1), at: at(506)), nothing)
        XCTAssertEqual(machine.handle(.fail(.emptyStream, attempt: 1), at: at(506)), nothing)
        XCTAssertEqual(machine.phase, .connecting(Attempt(number: 2)))
    }

    // MARK: Leading blank lines

    func testLeadingBlankLinesAreDroppedAndTheFirstVisibleTextIsTheFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        XCTAssertEqual(machine.handle(.event(.content("\n"), attempt: 1), at: at(50)), nothing)
        XCTAssertEqual(
            machine.handle(.event(.content(" \nHello"), attempt: 1), at: at(80)),
            shows([.phase(.streaming), .content("Hello")]))
        XCTAssertEqual(machine.stats.ttftMs, 80)
        XCTAssertEqual(
            machine.handle(.event(.content("\n\nworld"), attempt: 1), at: at(90)), shows([.content("\n\nworld")]))
    }

    func testIndentationOfTheFirstLineIsKept() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.content("  "), attempt: 1), at: at(50)), nothing)
        XCTAssertEqual(
            machine.handle(.event(.content("let x = 1"), attempt: 1), at: at(60)),
            shows([.phase(.streaming), .content("  let x = 1")]))
    }

    func testAContinuedReplyKeepsItsLeadingLineBreaks() {
        var machine = TurnStateMachine(request: request, policy: policy, trimsLeadingBlankLines: false, seed: 1)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        XCTAssertEqual(
            machine.handle(.event(.content("\n\nNext paragraph"), attempt: 1), at: at(50)),
            shows([.phase(.streaming), .content("\n\nNext paragraph")]))
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
            shows([.phase(.waitingForFirstToken(Attempt(number: 2, streams: false, fallbackReason: reason)))]))
        XCTAssertEqual(
            machine.handle(.event(.content("Hello, whole."), attempt: 2), at: at(900)),
            shows([.resetText, .content("Hello, whole.")]),
            "the whole reply replaces the partial one, with no streaming phase"
        )
        _ = machine.handle(.event(.finish(reason: "stop"), attempt: 2), at: at(900))
        let end = machine.handle(.end(attempt: 2), at: at(901))
        XCTAssertEqual(ending(end), .complete)
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
            shows([.resetText, .content("Hello, call get_weather().")]))
        let end = machine.handle(.end(attempt: 1), at: at(901))
        XCTAssertEqual(ending(end), .complete)
        XCTAssertFalse(sends(end))
        XCTAssertEqual(machine.stats.attempts, 1)
        XCTAssertNil(machine.stats.completionTokens, "one piece, and the server did not count its tokens")
        XCTAssertEqual(machine.stats.fallbackReason, TurnStateMachine.resentWhole)
    }

    func testAWholeReplyBeforeAnyTextIsShownAsItComes() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.event(.wholeReply("\nCall get_weather()."), attempt: 1), at: at(900)),
            shows([.phase(.streaming), .content("Call get_weather().")]), "nothing to replace")
        XCTAssertEqual(ending(machine.handle(.end(attempt: 1), at: at(901))), .complete)
        XCTAssertFalse(machine.stats.fallback)
        XCTAssertNil(machine.stats.completionTokens, "one piece, and the server did not count its tokens")
    }

    func testAnEmptyAnswerWithoutStreamingKeepsThePartialTextOfTheBrokenStream() {
        var machine = streaming()
        _ = machine.handle(.end(attempt: 1), at: at(200))
        let reaction = machine.handle(.end(attempt: 2), at: at(900))
        XCTAssertEqual(ending(reaction), .interrupted(.endedEarly(sawDone: false)), "no reset: the partial text stays")
        XCTAssertEqual(report(reaction), .failed(broken))
        XCTAssertEqual(machine.stats.attempts, 2)
    }

    func testTheBrokenStreamStaysTheReasonWhenTheRequestWithoutStreamingFails() {
        var machine = streaming()
        let broken = ChatError.endedEarly(sawDone: false)
        _ = machine.handle(.end(attempt: 1), at: at(200))
        let reaction = machine.handle(.fail(.http(status: 400, message: "bad request"), attempt: 2), at: at(250))
        XCTAssertEqual(ending(reaction), .interrupted(broken), "the partial text is kept")
    }

    func testAFailedRequestWithoutStreamingIsRetriedLikeAnyOther() {
        var machine = streaming()
        _ = machine.handle(.end(attempt: 1), at: at(200))
        let error = ChatError.http(status: 503, message: "busy")
        guard case .waitingToRetry = lastPhase(machine.handle(.fail(error, attempt: 2), at: at(250))) else {
            return XCTFail("not retried: \(machine.phase)")
        }
        let retry = machine.handle(.deadlinePassed, at: at(750))
        XCTAssertEqual(retry, withoutStreaming(3, broken))
        XCTAssertEqual(
            machine.handle(.event(.content("whole"), attempt: 3), at: at(800)), shows([.resetText, .content("whole")]))
    }

    private var broken: String { ChatError.endedEarly(sawDone: false).description }

    func testWithFallbackNeverABrokenStreamEndsInterruptedWithItsText() {
        var policy = self.policy
        policy.fallback = .never
        var machine = streaming(policy)
        let reaction = machine.handle(.end(attempt: 1), at: at(200))
        XCTAssertEqual(ending(reaction), .interrupted(.endedEarly(sawDone: false)))
        XCTAssertFalse(sends(reaction))
    }

    // MARK: Failures after text

    func testFailureAfterTextKeepsItAsInterruptedAndNeverResends() {
        var machine = streaming()
        let error = ChatError.connection("the server closed the connection")
        let reaction = machine.handle(.fail(error, attempt: 1), at: at(300))
        XCTAssertEqual(ending(reaction), .interrupted(error))
        XCTAssertFalse(sends(reaction))
    }

    func testIdleTimeoutInterruptsAStreamingReply() {
        var machine = streaming()
        let reaction = machine.handle(.deadlinePassed, at: at(60_100))
        XCTAssertEqual(reaction.commands, [.cancelRequest], "a timeout says nothing of the endpoint being awake")
        XCTAssertEqual(ending(reaction), .interrupted(.timeout(.idle, limit: .seconds(60))))
    }

    func testIdleCheckBeforeTheLimitOnlyMovesTheDeadline() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(30_000))
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(60_100)), nothing)
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
        XCTAssertEqual(machine.stats.emptyStreams, 1)
        XCTAssertEqual(machine.stats.retries, 0, "the fallback is not a retry")
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
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(400)), nothing, "too early: nothing happens")
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(510)), sends(2))
    }

    func testNonStreamingAnswerCompletesWithoutAFinishReason() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(900))
        XCTAssertEqual(
            machine.handle(.event(.content("whole answer"), attempt: 1), at: at(900)),
            shows([.content("whole answer")]),
            "a whole answer has no streaming phase")
        XCTAssertEqual(ending(machine.handle(.end(attempt: 1), at: at(901))), .complete)
    }

    func testEmptyNonStreamingReplyFailsWithoutRetrying() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        XCTAssertEqual(ending(machine.handle(.end(attempt: 1), at: at(900))), .failed(.emptyReply))
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
            let reaction =
                failure == .emptyStream
                ? machine.handle(.end(attempt: 1), at: at(10)) : machine.handle(.fail(failure, attempt: 1), at: at(10))
            XCTAssertEqual(ending(reaction), .failed(failure))
            XCTAssertEqual(machine.stats.attempts, 1)
        }
    }

    func testConnectionFailureBeforeTextIsRetried() {
        var machine = started()
        let error = ChatError.connection("connection refused")
        let wait = RetryWait(retry: 1, limit: 3, reason: error.description, until: at(503))
        XCTAssertEqual(machine.handle(.fail(error, attempt: 1), at: at(3)), shows([.phase(.waitingToRetry(wait))]))
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
        XCTAssertEqual(ending(machine.handle(.fail(error, attempt: 4), at: at(now))), .failed(error))
        XCTAssertEqual(machine.stats.attempts, 4)
        XCTAssertEqual(machine.stats.retries, 3)
        XCTAssertEqual(machine.stats.emptyStreams, 0)
        XCTAssertEqual(machine.stats.errorCategory, "server", "saved so `chatterm stats` can count failures by kind")
    }

    func testAnInterruptedReplyKeepsItsFailuresCategoryAndACompleteOneNone() {
        var broken = streaming()
        XCTAssertEqual(
            ending(broken.handle(.fail(.connection("reset"), attempt: 1), at: at(200))),
            .interrupted(.connection("reset")))
        XCTAssertEqual(broken.stats.errorCategory, "connection")
        var finished = streaming()
        _ = finished.handle(.event(.finish(reason: "stop"), attempt: 1), at: at(200))
        _ = finished.handle(.end(attempt: 1), at: at(201))
        XCTAssertNil(finished.stats.errorCategory)
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
                ending(machine.handle(.fail(error, attempt: 1), at: at(1))), .failed(error), "HTTP \(status)")
        }
    }

    func testErrorInsideTheStreamBeforeTextFailsWithTheServersWords() {
        var machine = started()
        let error = ChatError.inStream(message: "context length exceeded")
        XCTAssertEqual(ending(machine.handle(.fail(error, attempt: 1), at: at(1))), .failed(error))
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
        XCTAssertEqual(ending(machine.handle(.fail(error, attempt: 1), at: at(1))), .failed(error))
    }

    // MARK: Time limits before text

    func testConnectTimeoutCancelsTheRequestAndRetries() {
        var machine = started()
        let reaction = machine.handle(.deadlinePassed, at: at(10_000))
        XCTAssertEqual(reaction.commands, [.cancelRequest])
        guard case .waitingToRetry(let wait) = lastPhase(reaction) else { return XCTFail("\(reaction)") }
        XCTAssertEqual(wait.reason, "could not connect within 10 s (--connect-timeout)")
    }

    func testFirstTokenTimeoutBeforeTheHeadIsRetried() {
        var machine = started()
        _ = machine.handle(.event(.requestSent, attempt: 1), at: at(2))
        let reaction = machine.handle(.deadlinePassed, at: at(120_000))
        XCTAssertEqual(reaction.commands, [.cancelRequest])
        guard case .waitingToRetry(let wait) = lastPhase(reaction) else { return XCTFail("\(reaction)") }
        XCTAssertEqual(wait.reason, "no first token within 120 s (--first-token-timeout)")
    }

    func testFirstTokenTimeoutAfterTheHeadIsRetriedLikeAnyTimeoutBeforeText() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        let reaction = machine.handle(.deadlinePassed, at: at(120_000))
        XCTAssertEqual(reaction.commands, [.cancelRequest])
        guard case .waitingToRetry(let wait) = lastPhase(reaction) else { return XCTFail("\(reaction)") }
        XCTAssertEqual(wait.reason, "no first token within 120 s (--first-token-timeout)")
    }

    func testARequestWithoutStreamingTimesOutWaitingForTheWholeReply() {
        var machine = machine(stream: false)
        _ = machine.handle(.start(warmUp: false, streamingOff: nil), at: at(0))
        _ = machine.handle(.event(.responseHead(status: 200), attempt: 1), at: at(5))
        guard case .waitingToRetry(let wait) = lastPhase(machine.handle(.deadlinePassed, at: at(120_000))) else {
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
            ending(machine.handle(.deadlinePassed, at: at(1_000))), .failed(.timeout(.turn, limit: .seconds(1))))
    }

    func testTurnTimeoutAfterTextKeepsItAsInterrupted() {
        var policy = self.policy
        policy.turnTimeout = .seconds(1)
        var machine = streaming(policy)
        XCTAssertEqual(machine.deadline, at(1_000))
        let reaction = machine.handle(.deadlinePassed, at: at(1_000))
        XCTAssertEqual(reaction.commands, [.cancelRequest])
        XCTAssertEqual(ending(reaction), .interrupted(.timeout(.turn, limit: .seconds(1))))
    }

    // MARK: What the run learns about the endpoint

    func testAnErrorInTheServersWordsShowsTheEndpointIsAwake() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.fail(.http(status: 400, message: "no"), attempt: 1), at: at(1)).commands,
            [.endpointAnswered])
    }

    func testAnEndpointThatCannotBeReachedHasNotAnswered() {
        var policy = self.policy
        policy.retry.maxRetries = 0
        var machine = started(policy)
        let reaction = machine.handle(.fail(.connection("connection refused"), attempt: 1), at: at(1))
        XCTAssertEqual(ending(reaction), .failed(.connection("connection refused")))
        XCTAssertEqual(reaction.commands, [], "nothing to report, and no answer")
    }

    // MARK: Cancel

    func testCancelWhileStreamingClosesTheRequestAndKeepsTheText() {
        var machine = streaming()
        let reaction = machine.handle(.cancel, at: at(200))
        XCTAssertEqual(reaction.commands.first, .cancelRequest)
        XCTAssertEqual(ending(reaction), .cancelled)
        XCTAssertEqual(machine.stats.completionTokens, 1)
    }

    func testCancelWhileWaitingToRetryStopsAtOnce() {
        var machine = started()
        _ = machine.handle(.fail(.connection("refused"), attempt: 1), at: at(10))
        XCTAssertEqual(ending(machine.handle(.cancel, at: at(20))), .cancelled)
        XCTAssertNil(machine.deadline)
    }

    func testCancelWhileWarmingUpAbandonsTheWarmUp() {
        var machine = machine()
        _ = machine.handle(.start(warmUp: true, streamingOff: nil), at: at(0))
        XCTAssertEqual(machine.handle(.cancel, at: at(5)).commands.first, .cancelWarmUp)
    }

    func testNothingHappensAfterTheEnd() {
        var machine = streaming()
        _ = machine.handle(.cancel, at: at(200))
        XCTAssertEqual(machine.handle(.event(.content("late"), attempt: 1), at: at(300)), nothing)
        XCTAssertEqual(machine.handle(.deadlinePassed, at: at(300)), nothing)
        XCTAssertEqual(machine.handle(.cancel, at: at(300)), nothing)
    }

    // MARK: Figures

    func testTheFiguresSoFarAreWhatAReplyStoppedFromOutsideKeeps() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(600))
        XCTAssertEqual(machine.startedAt, at(0))
        XCTAssertEqual(machine.tokensShown, 2)
        XCTAssertEqual(machine.tokensPerSecond(at: at(1_100)), 1, "one token after the first, in one second")
        let soFar = TurnStats(
            attempts: 1, retries: 0, emptyStreams: 0, ttftMs: 100, durationMs: 2_000, completionTokens: 2,
            tokensPerSecond: 2)
        XCTAssertEqual(machine.stats(endingAt: at(2_000)), soFar)
        XCTAssertEqual(ending(machine.handle(.cancel, at: at(2_000))), .cancelled)
        XCTAssertEqual(machine.stats, soFar, "the end counts the same figures")
        XCTAssertEqual(machine.stats(endingAt: at(9_000)), soFar, "and they stay once the reply is over")
    }

    func testReplacedTextIsCountedAfresh() {
        var machine = streaming()
        _ = machine.handle(.event(.content("lo"), attempt: 1), at: at(150))
        _ = machine.handle(.end(attempt: 1), at: at(200))
        XCTAssertEqual(machine.tokensShown, 2, "the partial text stays counted until something replaces it")
        _ = machine.handle(.event(.content("Hello, whole."), attempt: 2), at: at(900))
        XCTAssertEqual(machine.tokensShown, 1)
        XCTAssertNil(machine.tokensPerSecond(at: at(1_900)), "one token is no rate")
        XCTAssertEqual(machine.stats.ttftMs, 100, "the user saw text at 100 ms")
    }

    func testRateNeedsTwoTokensAndAMeasurableSpan() {
        XCTAssertNil(TurnStateMachine.rate(tokens: 1, over: .seconds(1)))
        XCTAssertNil(TurnStateMachine.rate(tokens: 100, over: .milliseconds(10)))
        XCTAssertEqual(TurnStateMachine.rate(tokens: 11, over: .seconds(2)), 5)
    }
}
