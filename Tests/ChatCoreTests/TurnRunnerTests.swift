import XCTest

@testable import ChatCore

final class TurnRunnerTests: XCTestCase {
    private func outputs(_ steps: [ScriptedTransport.Step]) async -> [TurnStateMachine.Output] {
        let runner = TurnRunner(transport: ScriptedTransport(steps: steps))
        var outputs: [TurnStateMachine.Output] = []
        for await output in runner.run(ChatRequest(model: "m", messages: [])) { outputs.append(output) }
        return outputs
    }

    func testOutputsFollowTheStreamAndEndWithFinished() async {
        let result = await outputs([
            .event(.responseHead(status: 200)), .event(.content("a")), .event(.content("b")),
            .event(.finish(reason: "stop")), .event(.done),
        ])
        XCTAssertEqual(
            Array(result.prefix(6)),
            [
                .phase(.connecting), .phase(.waitingForFirstToken), .phase(.streaming), .content("a"), .content("b"),
                .phase(.finished(.complete)),
            ])
        guard case .finished(.complete, let stats) = result.last else { return XCTFail("\(result)") }
        XCTAssertEqual(stats.finishReason, "stop")
        XCTAssertEqual(stats.completionTokens, 2)
    }

    func testTransportErrorEndsTheSequenceFailed() async {
        let result = await outputs([.fail(.http(status: 429, message: "slow down"))])
        XCTAssertEqual(result.dropLast().last, .phase(.finished(.failed("HTTP 429: slow down"))))
    }

    func testEmptyStreamEndsFailed() async {
        let result = await outputs([.event(.responseHead(status: 200))])
        XCTAssertEqual(result.dropLast().last, .phase(.finished(.failed(ChatError.emptyStream.description))))
    }

    func testCancellingTheConsumerEndsTheRequest() async {
        let runner = TurnRunner(transport: ScriptedTransport(steps: [.event(.content("x")), .hang]))
        let task = Task {
            var seen: [TurnStateMachine.Output] = []
            for await output in runner.run(ChatRequest(model: "m", messages: [])) {
                seen.append(output)
                if output == .content("x") { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return seen
        }
        let seen = await task.value
        XCTAssertEqual(seen.dropLast().last, .phase(.finished(.cancelled)))
    }
}
