import XCTest

@testable import ChatCore

/// A phase's words are written once: the status bar and `ask` (`TurnStatusText`) and the logs
/// (`description`) say the same thing around them.
final class TurnStatusTextTests: XCTestCase {
    private let phases: [TurnPhase] = [
        .idle, .warmingUp, .connecting(Attempt(number: 1)), .waitingForHeaders(Attempt(number: 2)),
        .waitingForFirstToken(Attempt(number: 1)),
        .waitingForFirstToken(Attempt(number: 2, streams: false, fallbackReason: "empty stream")), .streaming,
        .waitingToRetry(RetryWait(retry: 1, limit: 3, reason: "HTTP 503", until: .now)),
    ]

    func testTheStatusTextAndTheLogLineShareEachPhasesWords() {
        for phase in phases {
            XCTAssertTrue(TurnStatusText(phase: phase).text.contains(phase.words), "\(phase)")
            XCTAssertTrue(phase.description.hasPrefix(phase.words), "\(phase)")
        }
    }

    func testWhatAskPrintsForEachStep() {
        let whole = TurnPhase.waitingForFirstToken(Attempt(number: 2, streams: false, fallbackReason: "empty stream"))
        XCTAssertEqual(
            TurnStatusText(phase: whole).text, "◌ waiting for the whole reply (without streaming)… · empty stream")
        XCTAssertEqual(whole.description, "waiting for the whole reply #2 without streaming")
        XCTAssertEqual(
            TurnStatusText(phase: .waitingForHeaders(Attempt(number: 2))).text, "◌ waiting for the server… · attempt 2")
        let wait = TurnPhase.waitingToRetry(RetryWait(retry: 1, limit: 3, reason: "HTTP 503", until: .now))
        XCTAssertEqual(TurnStatusText(phase: wait, retryInSeconds: 0.5).text, "↻ retry 1/3 in 0.5 s: HTTP 503")
        XCTAssertEqual(wait.description, "retry 1/3: HTTP 503")
    }

    func testTheFinishedReplysFiguresAndWarmUp() {
        let done = TurnStatusText(
            phase: .finished(.complete), lastStats: TurnStats(ttftMs: 120, durationMs: 2000, completionTokens: 57),
            warmUp: .ready(latency: .milliseconds(240)))
        XCTAssertEqual(done.text, "✓ done · first token 120 ms · 57 tok · 2.0 s · warm-up 240 ms")
        XCTAssertEqual(
            TurnStatusText.warmUp(.failed(.connection("connection refused")), profile: "gpu-box"),
            "warm-up failed (profile gpu-box): connection failed: connection refused")
        XCTAssertEqual(TurnStatusText(phase: .finished(.cancelled), liveTokens: 3).text, "■ cancelled · 3 tok")
    }
}
