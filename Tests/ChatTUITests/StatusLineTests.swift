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
        var status = model(.connecting)
        status.elapsedSeconds = 1.23
        XCTAssertEqual(left(status), "◌ connecting… 1.2 s")
        status.phase = .waitingForFirstToken
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
        status.phase = .finished(.interrupted("connection reset"))
        XCTAssertEqual(left(status), "⚠ interrupted: connection reset")
        status.phase = .finished(.failed("HTTP 500"))
        XCTAssertEqual(left(status), "✗ error: HTTP 500")
    }

    func testMissingFiguresAreOmitted() {
        var status = model(.finished(.complete))
        status.lastStats = TurnStats(completionTokens: 7)
        XCTAssertEqual(left(status), "✓ done · 7 tok")
        status.lastStats = nil
        XCTAssertEqual(left(status), "✓ done")
        XCTAssertEqual(left(model(.connecting)), "◌ connecting…")
    }

    func testRolesFollowThePhase() {
        XCTAssertEqual(StatusLine.render(model(.idle), width: 60).spans[0].role, .statusReady)
        XCTAssertEqual(StatusLine.render(model(.streaming), width: 60).spans[0].role, .statusBusy)
        XCTAssertEqual(StatusLine.render(model(.finished(.complete)), width: 60).spans[0].role, .statusDone)
        XCTAssertEqual(StatusLine.render(model(.finished(.failed("x"))), width: 60).spans[0].role, .statusError)
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
        var status = model(.finished(.failed("the server said: 你好 " + String(repeating: "x", count: 80))))
        status.notice = "a notice"
        for width in 0...140 {
            XCTAssertEqual(TextWidth.of(StatusLine.render(status, width: width).text), width, "width \(width)")
            XCTAssertEqual(TextWidth.of(StatusLine.render(model(.idle), width: width).text), width, "width \(width)")
        }
    }

    func testTheLeftPartWinsAndIsTruncatedWithAnEllipsis() {
        let status = model(.finished(.failed("upstream connect error or disconnect/reset before headers")))
        let line = StatusLine.render(status, width: 30)
        XCTAssertEqual(line.spans.count, 2)
        XCTAssertTrue(line.text.hasPrefix(" ✗ error: upstream"))
        XCTAssertTrue(line.text.hasSuffix("…"))
        XCTAssertFalse(line.text.contains("glm-4"))
    }

    func testTheRightPartShrinksBeforeTheLeftIsCut() {
        let status = model(.idle)
        XCTAssertTrue(StatusLine.render(status, width: 40).text.hasSuffix("glm-4 @ 127.0.0.1:8000 "))
        XCTAssertTrue(StatusLine.render(status, width: 20).text.hasSuffix(" glm-4 "))
        XCTAssertEqual(StatusLine.render(status, width: 12).text, " ● ready    ")
        XCTAssertEqual(StatusLine.render(status, width: 5).text, " ● r…")
    }

    func testServerTextIsSanitised() {
        let status = model(.finished(.failed("bad\u{1B}[2J\ngateway\u{202E}")))
        let text = StatusLine.render(status, width: 80).text
        XCTAssertTrue(text.contains("bad␛[2J gateway\u{FFFD}"))
        XCTAssertFalse(text.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }
}
