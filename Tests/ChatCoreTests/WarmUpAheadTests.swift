import XCTest

@testable import ChatCore

/// The warm-up started ahead of any reply (the chat starts one as it opens, and again when the
/// user types after an idle spell): one per run at a time, and a reply that needs a warm-up
/// while it runs waits for it instead of sending another.
@MainActor
final class WarmUpAheadTests: XCTestCase {
    private static let reply: [ScriptedTransport.Step] = [
        .event(.responseHead(status: 200)), .event(.content("Hello")), .event(.finish(reason: "stop")), .event(.done),
    ]
    private static let slowWarmUp: [ScriptedTransport.Step] = [
        .pause(.milliseconds(300)), .event(.content("H")), .event(.finish(reason: "length")),
    ]

    private func session(_ transport: ScriptedTransport, warmup: WarmupMode = .auto) -> ChatSession {
        let policy = TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: warmup)
        return ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: "m")
    }

    private func waitUntil(
        _ what: String, file: StaticString = #filePath, line: UInt = #line, _ condition: () -> Bool
    ) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            if ContinuousClock.now > deadline {
                XCTFail("timed out waiting until \(what)", file: file, line: line)
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    func testAWarmUpAheadIsReportedAndSparesTheNextReplyItsOwn() async {
        let transport = ScriptedTransport([Self.reply])
        let chat = session(transport)
        var statusChanges = 0
        chat.onChange = { if $0 == .status { statusChanges += 1 } }
        chat.warmUpAhead()
        XCTAssertNotNil(chat.warmingUpAheadSince)
        await waitUntil("the warm-up ends") { chat.warmingUpAheadSince == nil }
        XCTAssertEqual(transport.warmUps, 1)
        guard case .ready = chat.warmUpReport else { return XCTFail("\(String(describing: chat.warmUpReport))") }
        XCTAssertEqual(statusChanges, 2, "one as it starts, one as it ends")

        chat.send("hi")
        await waitUntil("the reply ends") { !chat.isBusy }
        XCTAssertEqual(transport.warmUps, 1, "the reply sent no warm-up of its own")
        XCTAssertEqual(chat.conversation.messages.last?.stats?.warmup, false)
    }

    func testAReplySentWhileTheWarmUpRunsWaitsForThatOneInsteadOfSendingAnother() async {
        let transport = ScriptedTransport([Self.reply], warmUpScript: Self.slowWarmUp)
        let chat = session(transport)
        var phases: [TurnPhase] = []
        chat.onChange = { if case .phase(let phase) = $0 { phases.append(phase) } }
        chat.warmUpAhead()
        chat.send("hi")
        await waitUntil("the reply ends") { !chat.isBusy }
        XCTAssertEqual(transport.warmUps, 1)
        XCTAssertEqual(phases.first, .warmingUp, "the reply waited for what was left of the warm-up")
        XCTAssertEqual(chat.conversation.messages.last?.content, "Hello")
        XCTAssertEqual(chat.conversation.messages.last?.stats?.warmup, true)
        guard case .ready = chat.warmUpReport else { return XCTFail("the reply reports the warm-up it waited for") }
    }

    func testAWarmUpAheadAlreadyRunningIsNotStartedTwice() async {
        let transport = ScriptedTransport([Self.reply], warmUpScript: Self.slowWarmUp)
        let chat = session(transport)
        chat.warmUpAhead()
        chat.warmUpAhead()
        await waitUntil("the warm-up ends") { chat.warmingUpAheadSince == nil }
        chat.warmUpAhead()
        await waitUntil("the second call's warm-up, if any, ends") { chat.warmingUpAheadSince == nil }
        XCTAssertEqual(transport.warmUps, 1, "a warmed-up endpoint needs none until it has been idle")
    }

    func testNoWarmUpAheadWhenTheSettingsSayNeverOrThereIsNoModel() async {
        let never = ScriptedTransport([Self.reply])
        session(never, warmup: .never).warmUpAhead()
        let noModel = ScriptedTransport([Self.reply])
        let chat = session(noModel)
        chat.model = ""
        chat.warmUpAhead()
        XCTAssertNil(chat.warmingUpAheadSince)
        try? await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(never.warmUps + noModel.warmUps, 0)
    }

    func testAWarmUpOlderThanItsTimeoutIsGivenUpAndANewOneStarted() async {
        let transport = ScriptedTransport([Self.reply], warmUpScript: [.hang])
        let policy = TurnPolicy(warmup: .auto, warmupTimeout: .seconds(5))
        let health = EndpointHealth()
        let start = ContinuousClock.now
        let request = WarmUp.request(model: "m")
        let first = health.warmUp(request, through: transport, policy: policy, now: start)
        XCTAssertTrue(first.started)
        XCTAssertFalse(health.warmUp(request, through: transport, policy: policy, now: start + .seconds(4)).started)
        XCTAssertTrue(health.needsWarmUp(policy, now: start + .seconds(4)))
        let second = health.warmUp(request, through: transport, policy: policy, now: start + .seconds(6))
        XCTAssertTrue(second.started, "the hung one is given up")
        XCTAssertTrue(first.report.isCancelled)
        second.report.cancel()
    }
}
