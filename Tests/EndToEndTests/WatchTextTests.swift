import ChatClient
import Foundation
import XCTest

@testable import chatterm

/// The lines of `probe --watch` from rounds with known figures: the columns of each kind of
/// round, the header over them, and the summary.
final class WatchTextTests: XCTestCase {
    private let text = WatchText(timeZone: TimeZone(identifier: "UTC")!, slowSeconds: 5)
    /// 22:13:20 UTC.
    private let time = Date(timeIntervalSince1970: 1_700_000_000)

    /// A stream with status 200 that delivered 32 tokens, the first after `firstTokenMs`, the
    /// last 155 ms later: 200 tokens per second.
    private func answered(firstTokenMs: Double = 41.4) -> ProbeObservation {
        var observation = ProbeObservation(mode: .stream, prompt: .watch)
        observation.status = 200
        observation.contentCharacters = 120
        observation.textPieces = 32
        observation.reportedTokens = 32
        observation.firstTokenMs = firstTokenMs
        observation.lastTokenMs = firstTokenMs + 155
        observation.totalMs = firstTokenMs + 160
        return observation
    }

    private func round(_ observation: ProbeObservation, number: Int = 1) -> WatchRound {
        WatchRound(
            number: number, startedAt: time.addingTimeInterval(Double(number - 1)), model: "demo-model",
            observation: observation, verdict: WatchVerdict(observation, slowAfterMs: 5000))
    }

    func testAnOkRoundReadsTimeStatusFirstTokenRateEmptyAndVerdict() {
        XCTAssertEqual(text.line(for: round(answered())), "22:13:20     200       41    200.0  no     ok")
    }

    func testTheHeaderNamesTheColumnsOverTheirCells() {
        XCTAssertEqual(WatchText.header, "time      status  ttft ms    tok/s  empty  verdict")
        let line = text.line(for: round(answered()))
        for title in ["status", "ttft ms", "tok/s"] {
            let end = WatchText.header.range(of: title)!.upperBound
            let offset = WatchText.header.distance(from: WatchText.header.startIndex, to: end)
            XCTAssertNotEqual(
                line[line.index(line.startIndex, offsetBy: offset - 1)], " ", "\(title) ends over a digit")
        }
        XCTAssertEqual(WatchText.header.range(of: "verdict")?.lowerBound.utf16Offset(in: WatchText.header), 43)
        XCTAssertEqual(line.range(of: "ok")?.lowerBound.utf16Offset(in: line), 43)
    }

    func testASlowRoundSaysHowLateItsFirstTokenCameAgainstTheLimit() {
        XCTAssertEqual(
            text.line(for: round(answered(firstTokenMs: 6240))),
            "22:13:20     200     6240    200.0  no     slow        first token after 6.2 s (--slow 5 s)")
    }

    func testAnEmptyStreamSaysYesInItsColumn() {
        var observation = ProbeObservation(mode: .stream, prompt: .watch)
        observation.status = 200
        XCTAssertEqual(
            text.line(for: round(observation)),
            "22:13:20     200        -        -  yes    empty       the stream ended without any text")
    }

    func testAFailedRoundHasDashesForWhatNeverCameAndTheServersWordsOnOneSafeLine() {
        var observation = ProbeObservation(mode: .stream, prompt: .watch)
        observation.status = 503
        observation.fail(.http, "Service \u{1B}[31mUnavailable\nretry later")
        XCTAssertEqual(
            text.line(for: round(observation)),
            "22:13:20     503        -        -  -      http        Service \u{241B}[31mUnavailable retry later")
    }

    func testAStreamThatBrokeAfterTextIsNotEmptyButFailed() {
        var observation = answered()
        observation.fail(.connection, "the connection was reset")
        XCTAssertEqual(
            text.line(for: round(observation)),
            "22:13:20     200       41    200.0  no     connection  the connection was reset")
    }

    func testTheSummaryCountsRoundsAndFailuresByKindThenTheFigures() {
        var refused = ProbeObservation(mode: .stream, prompt: .watch)
        refused.status = 503
        refused.fail(.http, "Service Unavailable")
        let rounds = [
            round(answered(firstTokenMs: 40), number: 1), round(refused, number: 2),
            round(answered(firstTokenMs: 6000), number: 3), round(answered(firstTokenMs: 60), number: 4),
        ]
        XCTAssertEqual(
            text.summaryLines(WatchSummary(rounds), label: "gpu-box:8000", model: "demo-model"),
            [
                "gpu-box:8000 · demo-model · 4 rounds: 3 succeeded (1 slow), 1 failed (1× http)",
                "first token p50 60 ms, p95 6.0 s · tokens per second p50 200.0",
            ])
    }

    func testTheSummaryOfAWatchStoppedBeforeItsFirstRound() {
        XCTAssertEqual(
            text.summaryLines(WatchSummary([]), label: "gpu-box:8000", model: nil),
            ["gpu-box:8000 · stopped before the first round ended"])
    }

    func testTheExitStatusIsZeroOnlyWhenEveryRoundSucceeded() {
        var refused = ProbeObservation(mode: .stream, prompt: .watch)
        refused.fail(.connection, "connection refused")
        XCTAssertEqual(ProbeCommand.watchStatus(WatchSummary([round(answered())])), 0)
        XCTAssertEqual(ProbeCommand.watchStatus(WatchSummary([round(answered(firstTokenMs: 9000))])), 0)
        XCTAssertEqual(ProbeCommand.watchStatus(WatchSummary([round(answered()), round(refused, number: 2)])), 1)
        XCTAssertEqual(ProbeCommand.watchStatus(WatchSummary([])), 1)
    }
}
