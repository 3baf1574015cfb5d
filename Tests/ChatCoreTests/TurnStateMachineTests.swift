import XCTest

@testable import ChatCore

/// Each transition of the turn machine, one at a time, with a hand-driven clock.
final class TurnStateMachineTests: XCTestCase {
    private let t0 = ContinuousClock.now

    private func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    private func started() -> TurnStateMachine {
        var machine = TurnStateMachine()
        _ = machine.handle(.start, at: at(0))
        return machine
    }

    func testStartEntersConnecting() {
        var machine = TurnStateMachine()
        XCTAssertEqual(machine.handle(.start, at: at(0)), [.phase(.connecting)])
        XCTAssertEqual(machine.phase, .connecting)
    }

    func testStartTwiceIsIgnored() {
        var machine = started()
        XCTAssertEqual(machine.handle(.start, at: at(1)), [])
    }

    func testResponseHeadEntersWaitingForFirstToken() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.responseHead(status: 200)), at: at(5)), [.phase(.waitingForFirstToken)])
    }

    func testFirstContentEntersStreamingAndRecordsTimeToFirstToken() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200)), at: at(5))
        XCTAssertEqual(
            machine.handle(.event(.content("Hel")), at: at(120)), [.phase(.streaming), .content("Hel")])
        XCTAssertEqual(machine.stats.ttftMs, 120)
        XCTAssertEqual(machine.handle(.event(.content("lo")), at: at(130)), [.content("lo")])
    }

    func testReasoningCountsAsFirstToken() {
        var machine = started()
        XCTAssertEqual(
            machine.handle(.event(.reasoning("hmm")), at: at(50)), [.phase(.streaming), .reasoning("hmm")])
        XCTAssertEqual(machine.stats.ttftMs, 50)
    }

    func testEmptyDeltasAreIgnored() {
        var machine = started()
        XCTAssertEqual(machine.handle(.event(.content("")), at: at(5)), [])
        XCTAssertEqual(machine.phase, .connecting)
    }

    func testEndAfterFinishReasonCompletesWithStats() {
        var machine = started()
        _ = machine.handle(.event(.content("a")), at: at(100))
        _ = machine.handle(.event(.content("b")), at: at(200))
        _ = machine.handle(.event(.content("c")), at: at(300))
        _ = machine.handle(.event(.finish(reason: "stop")), at: at(300))
        _ = machine.handle(.event(.done), at: at(301))
        let outputs = machine.handle(.end, at: at(400))
        let expected = TurnStats(
            ttftMs: 100, durationMs: 400, completionTokens: 3, tokensPerSecond: 10, finishReason: "stop")
        XCTAssertEqual(outputs, [.phase(.finished(.complete)), .finished(.complete, expected)])
    }

    func testRateIsLeftOutWhenAllTokensArriveAtOnce() {
        var machine = started()
        for _ in 0..<50 { _ = machine.handle(.event(.content("x")), at: at(100)) }
        _ = machine.handle(.event(.finish(reason: "stop")), at: at(101))
        _ = machine.handle(.end, at: at(101))
        XCTAssertEqual(machine.stats.completionTokens, 50)
        XCTAssertNil(machine.stats.tokensPerSecond)
    }

    func testUsageReplacesChunkCount() {
        var machine = started()
        _ = machine.handle(.event(.content("abc")), at: at(10))
        _ = machine.handle(.event(.finish(reason: "stop")), at: at(10))
        _ = machine.handle(.event(.usage(TokenUsage(completionTokens: 42))), at: at(10))
        _ = machine.handle(.end, at: at(20))
        XCTAssertEqual(machine.stats.completionTokens, 42)
    }

    func testEndWithNothingIsAnEmptyStreamFailure() {
        var machine = started()
        _ = machine.handle(.event(.responseHead(status: 200)), at: at(5))
        _ = machine.handle(.event(.done), at: at(6))
        XCTAssertEqual(
            machine.handle(.end, at: at(7)).first, .phase(.finished(.failed(ChatError.emptyStream.description))))
    }

    func testFinishReasonWithoutContentIsALegitimatelyEmptyAnswer() {
        var machine = started()
        _ = machine.handle(.event(.finish(reason: "stop")), at: at(5))
        XCTAssertEqual(machine.handle(.end, at: at(7)).first, .phase(.finished(.complete)))
    }

    func testEndAfterContentWithoutFinishOrDoneIsInterrupted() {
        var machine = started()
        _ = machine.handle(.event(.content("partial")), at: at(5))
        XCTAssertEqual(
            machine.handle(.end, at: at(7)).first,
            .phase(.finished(.interrupted("the stream ended before the reply finished"))))
    }

    func testDoneWithoutFinishReasonAfterContentCompletes() {
        var machine = started()
        _ = machine.handle(.event(.content("partial")), at: at(5))
        _ = machine.handle(.event(.done), at: at(6))
        XCTAssertEqual(machine.handle(.end, at: at(7)).first, .phase(.finished(.complete)))
    }

    func testErrorBeforeContentFails() {
        var machine = started()
        let error = ChatError.http(status: 500, message: "boom")
        XCTAssertEqual(machine.handle(.fail(error), at: at(5)).first, .phase(.finished(.failed(error.description))))
    }

    func testErrorAfterContentInterruptsAndKeepsText() {
        var machine = started()
        _ = machine.handle(.event(.content("kept")), at: at(5))
        let error = ChatError.inStream(message: "overloaded")
        XCTAssertEqual(
            machine.handle(.fail(error), at: at(6)).first, .phase(.finished(.interrupted(error.description))))
    }

    func testCancelFromAnyActivePhaseEndsCancelled() {
        var machine = started()
        _ = machine.handle(.event(.content("x")), at: at(5))
        XCTAssertEqual(machine.handle(.cancel, at: at(6)).first, .phase(.finished(.cancelled)))
    }

    func testNothingHappensAfterFinishing() {
        var machine = started()
        _ = machine.handle(.cancel, at: at(1))
        XCTAssertEqual(machine.handle(.event(.content("late")), at: at(2)), [])
        XCTAssertEqual(machine.handle(.end, at: at(3)), [])
        XCTAssertEqual(machine.phase, .finished(.cancelled))
    }
}
