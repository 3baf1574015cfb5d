import Foundation
import XCTest

@testable import ChatClient

/// The summary of a watch from rounds with known figures: counts, failures by kind in the order
/// they happened, and nearest-rank percentiles.
final class WatchSummaryTests: XCTestCase {
    /// A round whose stream delivered `tokens` tokens from `firstTokenMs` over `spanMs`, or,
    /// with `failure`, a round that failed that way.
    private func round(
        _ number: Int, firstTokenMs: Double? = nil, tokens: Int = 11, spanMs: Double = 1000,
        failure: ProbeObservation.ErrorKind? = nil, slowAfterMs: Double = 5000
    ) -> WatchRound {
        var observation = ProbeObservation(mode: .stream, prompt: .watch)
        observation.status = 200
        if let firstTokenMs {
            observation.contentCharacters = 40
            observation.textPieces = tokens
            observation.firstTokenMs = firstTokenMs
            observation.lastTokenMs = firstTokenMs + spanMs
        }
        if let failure { observation.fail(failure, "why") }
        return WatchRound(
            number: number, startedAt: Date(timeIntervalSince1970: 0), model: "m", observation: observation,
            verdict: WatchVerdict(observation, slowAfterMs: slowAfterMs))
    }

    func testCountsRoundsSlowOnesAndFailuresByKindInTheOrderTheyHappened() {
        let summary = WatchSummary([
            round(1, firstTokenMs: 100),
            round(2, failure: .http),
            round(3),
            round(4, firstTokenMs: 6000),
            round(5, failure: .http),
            round(6, failure: .timeout),
        ])
        XCTAssertEqual(summary.rounds, 6)
        XCTAssertEqual(summary.succeeded, 2)
        XCTAssertEqual(summary.slow, 1)
        XCTAssertEqual(summary.failed, 4)
        XCTAssertEqual(
            summary.failures,
            [.init(kind: "http", count: 2), .init(kind: "empty", count: 1), .init(kind: "timeout", count: 1)])
        XCTAssertFalse(summary.allSucceeded)
    }

    func testFirstTokenPercentilesAreNearestRankOverTheRoundsThatGotOne() {
        let summary = WatchSummary([
            round(1, firstTokenMs: 400), round(2, firstTokenMs: 100), round(3, failure: .connection),
            round(4, firstTokenMs: 1000), round(5, firstTokenMs: 300), round(6, firstTokenMs: 200),
        ])
        XCTAssertEqual(summary.firstTokenP50Ms, 300)
        XCTAssertEqual(summary.firstTokenP95Ms, 1000)
    }

    func testTheRateIsTheMedianOfTheRoundsWhoseRateCouldBeMeasured() {
        // 11 tokens over 1 s: 10 tok/s; over 0.5 s: 20; over 0.25 s: 40. A single token has no rate.
        let summary = WatchSummary([
            round(1, firstTokenMs: 50, spanMs: 500), round(2, firstTokenMs: 50, spanMs: 1000),
            round(3, firstTokenMs: 50, spanMs: 250), round(4, firstTokenMs: 50, tokens: 1),
        ])
        XCTAssertEqual(summary.tokensPerSecondP50, 20)
        XCTAssertTrue(summary.allSucceeded)
    }

    func testNoRoundsMeansNoFiguresAndNotASuccess() {
        let summary = WatchSummary([])
        XCTAssertEqual(summary.rounds, 0)
        XCTAssertNil(summary.firstTokenP50Ms)
        XCTAssertNil(summary.firstTokenP95Ms)
        XCTAssertNil(summary.tokensPerSecondP50)
        XCTAssertFalse(summary.allSucceeded, "a watch stopped before its first round proved nothing")
    }
}
