import ChatCore
import ChatTUI
import XCTest

final class StatusLineTests: ChatTUITestCase {
    private func left(_ model: StatusModel, width: Int = 120) -> String {
        let line = StatusLine.render(model, width: width)
        return line.spans[0].text.trimmingCharacters(in: .whitespaces)
    }

    private func model(_ phase: TurnPhase) -> StatusModel {
        StatusModel(phase: phase, model: "glm-4", endpointLabel: "127.0.0.1:8000")
    }

    func testEachPhaseHasItsText() {
        XCTAssertEqual(left(model(.idle)), "● ready")
        var status = model(.connecting(Attempt(number: 1)))
        status.elapsedSeconds = 1.23
        XCTAssertEqual(left(status), "◌ connecting… 1.2 s")
        status.phase = .waitingForHeaders(Attempt(number: 1))
        XCTAssertEqual(left(status), "◌ waiting for the server… 1.2 s")
        status.phase = .waitingForFirstToken(Attempt(number: 1))
        status.elapsedSeconds = 2.26
        XCTAssertEqual(left(status), "◌ waiting for first token… 2.3 s")
        status.phase = .streaming
        status.liveTokens = 123
        status.liveTokensPerSecond = 45.62
        XCTAssertEqual(left(status), "▶ streaming · 123 tok · 45.6 tok/s")
        status.phase = .finished(.complete)
        status.lastStats = TurnStats(ttftMs: 120, durationMs: 11_200, completionTokens: 532, tokensPerSecond: 48.1)
        XCTAssertEqual(left(status), "✓ done · first token 120 ms · 532 tok · 48.1 tok/s · 11.2 s")
        status.lastStats = TurnStats(completionTokens: 120)
        status.phase = .finished(.cancelled)
        XCTAssertEqual(left(status), "■ cancelled · 120 tok")
        status.phase = .finished(.interrupted(.connection("connection reset")))
        XCTAssertEqual(left(status), "⚠ interrupted: connection failed: connection reset")
        status.phase = .finished(.failed(.http(status: 500, message: "")))
        XCTAssertEqual(left(status), "✗ error: HTTP 500")
    }

    func testMissingFiguresAreOmitted() {
        var status = model(.finished(.complete))
        status.lastStats = TurnStats(completionTokens: 7)
        XCTAssertEqual(left(status), "✓ done · 7 tok")
        status.lastStats = nil
        XCTAssertEqual(left(status), "✓ done")
        XCTAssertEqual(left(model(.connecting(Attempt(number: 1)))), "◌ connecting…")
    }

    func testRolesFollowThePhase() {
        XCTAssertEqual(StatusLine.render(model(.idle), width: 60).spans[0].role, .statusReady)
        XCTAssertEqual(StatusLine.render(model(.streaming), width: 60).spans[0].role, .statusBusy)
        XCTAssertEqual(StatusLine.render(model(.finished(.complete)), width: 60).spans[0].role, .statusDone)
        XCTAssertEqual(StatusLine.render(model(.finished(.failed(.emptyReply))), width: 60).spans[0].role, .statusError)
        let line = StatusLine.render(model(.idle), width: 60)
        XCTAssertEqual(line.spans.last?.role, .statusInfo)
        XCTAssertEqual(line.spans.last?.text.trimmingCharacters(in: .whitespaces), "glm-4 @ 127.0.0.1:8000")
    }

    func testTheNoticeFollowsThePhase() {
        var status = model(.idle)
        status.notice = "press Ctrl-C again to quit"
        XCTAssertEqual(left(status), "● ready · press Ctrl-C again to quit")
    }

    func testTheLineIsExactlyTheWidthAtEveryWidth() {
        var status = model(
            .finished(.failed(.http(status: 500, message: "the server said: 你好 " + String(repeating: "x", count: 80)))))
        status.notice = "a notice"
        for width in 0...140 {
            XCTAssertEqual(TextWidth.of(StatusLine.render(status, width: width).text), width, "width \(width)")
            XCTAssertEqual(TextWidth.of(StatusLine.render(model(.idle), width: width).text), width, "width \(width)")
        }
    }

    func testTheLeftPartWinsAndIsTruncatedWithAnEllipsis() {
        let status = model(
            .finished(.failed(.http(status: 503, message: "upstream connect error or disconnect/reset before headers")))
        )
        let line = StatusLine.render(status, width: 30)
        XCTAssertEqual(line.spans.count, 2)
        XCTAssertTrue(line.text.hasPrefix(" ✗ error: HTTP 503: ups"), line.text)
        XCTAssertTrue(line.text.trimmingCharacters(in: .whitespaces).hasSuffix("…"), line.text)
        XCTAssertFalse(line.text.contains("glm-4"))
    }

    func testTheRightPartShrinksBeforeTheLeftIsCut() {
        let status = model(.idle)
        XCTAssertTrue(StatusLine.render(status, width: 40).text.hasSuffix("glm-4 @ 127.0.0.1:8000 "))
        XCTAssertTrue(StatusLine.render(status, width: 20).text.hasSuffix(" glm-4 "))
        XCTAssertEqual(StatusLine.render(status, width: 12).text, " ● ready    ")
        XCTAssertEqual(StatusLine.render(status, width: 5).text, " ● r…")
    }

    func testTheProfileLeadsTheRightPartAndOutlastsTheEndpoint() {
        var status = model(.idle)
        status.profile = "work"
        XCTAssertTrue(StatusLine.render(status, width: 60).text.hasSuffix(" work · glm-4 @ 127.0.0.1:8000 "))
        XCTAssertTrue(StatusLine.render(status, width: 30).text.hasSuffix(" work · glm-4 "))
        XCTAssertEqual(TextWidth.of(StatusLine.render(status, width: 30).text), 30)
    }

    func testAFailedWarmUpNamesTheProfile() {
        var status = model(.finished(.failed(.connection("connection refused"))))
        status.profile = "gpu-box"
        status.warmUp = .failed(.connection("connection refused"))
        XCTAssertTrue(
            left(status, width: 200).hasSuffix(
                "warm-up failed (profile gpu-box): connection failed: connection refused"),
            left(status, width: 200))
    }

    func testServerTextIsSanitised() {
        let status = model(.finished(.failed(.http(status: 502, message: "bad\u{1B}[2J\ngateway\u{202E}"))))
        let text = StatusLine.render(status, width: 80).text
        XCTAssertTrue(text.contains("bad␛[2J gateway\u{FFFD}"))
        XCTAssertFalse(text.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    func testRetryWaitCountsDownWithItsReason() {
        let wait = RetryWait(retry: 2, limit: 3, reason: "empty stream", until: .now)
        var status = model(.waitingToRetry(wait))
        status.retryInSeconds = 1.44
        XCTAssertEqual(left(status), "↻ retry 2/3 in 1.4 s: empty stream")
        XCTAssertEqual(StatusLine.render(status, width: 60).spans[0].role, .statusWarning)
    }

    func testLaterAttemptsAndTheFallbackAreNamed() {
        XCTAssertEqual(left(model(.connecting(Attempt(number: 3)))), "◌ connecting… · attempt 3")
        let fallback = Attempt(number: 2, streams: false, fallbackReason: "empty stream")
        XCTAssertEqual(left(model(.connecting(fallback))), "◌ connecting (without streaming)… · empty stream")
        XCTAssertEqual(
            left(model(.waitingForFirstToken(fallback))),
            "◌ waiting for the whole reply (without streaming)… · empty stream")
        let asked = Attempt(number: 1, streams: false)
        XCTAssertEqual(left(model(.waitingForFirstToken(asked))), "◌ waiting for the whole reply…", "--no-stream")
    }

    func testAReplyCompletedWithoutStreamingSaysSoAndWhy() {
        var status = model(.finished(.complete))
        status.lastStats = TurnStats(attempts: 2, fallback: true, fallbackReason: "empty stream", ttftMs: 2_100)
        XCTAssertEqual(
            left(status), "✓ done · first token 2.1 s · 2 attempts · completed without streaming (empty stream)")
        status.streamingOff = "streaming off for the next 10 replies: 3 streams in a row failed (empty stream)"
        XCTAssertTrue(left(status, width: 200).hasSuffix(" · " + status.streamingOff!), left(status, width: 200))
    }

    func testWaitingShowsTheServerIsAliveAndTheWarmUp() {
        var status = model(.waitingForFirstToken(Attempt(number: 1)))
        status.elapsedSeconds = 34
        status.serverAlive = true
        status.warmUp = .ready(latency: .milliseconds(240))
        XCTAssertEqual(left(status), "◌ waiting for first token… 34.0 s · server alive · warm-up 240 ms")
        status.phase = .finished(.complete)
        status.lastStats = TurnStats(completionTokens: 7)
        XCTAssertEqual(left(status), "✓ done · 7 tok · warm-up 240 ms")
        status.phase = .warmingUp
        status.warmUp = nil
        status.elapsedSeconds = 1.5
        XCTAssertEqual(left(status), "◌ warming up… 1.5 s")
        XCTAssertEqual(
            TurnStatusText.warmUp(.failed(.connection("connection refused"))),
            "warm-up failed: connection failed: connection refused")
    }

    func testFailureAfterRetriesSaysHowManyAttempts() {
        var status = model(.finished(.failed(.http(status: 503, message: "busy"))))
        status.lastStats = TurnStats(attempts: 4)
        XCTAssertEqual(left(status), "✗ error: HTTP 503: busy · 4 attempts")
    }
}
