import XCTest

@testable import ChatClient

/// A watch round's verdict is a pure function of what it observed and the `--slow` limit: each
/// case here is a made-up round and the word a person should read.
final class WatchVerdictTests: XCTestCase {
    private func stream(firstTokenMs: Double? = nil, status: Int? = 200) -> ProbeObservation {
        var observation = ProbeObservation(mode: .stream, prompt: .watch)
        observation.status = status
        if let firstTokenMs {
            observation.contentCharacters = 20
            observation.textPieces = 8
            observation.firstTokenMs = firstTokenMs
        }
        return observation
    }

    func testTextWithinTheLimitIsOk() {
        let verdict = WatchVerdict(stream(firstTokenMs: 120), slowAfterMs: 5000)
        XCTAssertEqual(verdict, .ok)
        XCTAssertEqual(verdict.word, "ok")
        XCTAssertTrue(verdict.succeeded)
    }

    func testAFirstTokenExactlyAtTheLimitIsStillOk() {
        XCTAssertEqual(WatchVerdict(stream(firstTokenMs: 5000), slowAfterMs: 5000), .ok)
    }

    func testAFirstTokenAfterTheLimitIsSlowButSucceeded() {
        let verdict = WatchVerdict(stream(firstTokenMs: 5001), slowAfterMs: 5000)
        XCTAssertEqual(verdict, .slow)
        XCTAssertEqual(verdict.word, "slow")
        XCTAssertTrue(verdict.succeeded)
    }

    func testASuccessStatusWithoutTextIsAnEmptyStreamThatFailed() {
        let verdict = WatchVerdict(stream(), slowAfterMs: 5000)
        XCTAssertEqual(verdict, .empty)
        XCTAssertEqual(verdict.word, "empty")
        XCTAssertFalse(verdict.succeeded)
    }

    func testAFailureIsNamedByItsKindEvenAfterTextArrived() {
        var broken = stream(firstTokenMs: 80)
        broken.fail(.connection, "the server closed the connection")
        XCTAssertEqual(WatchVerdict(broken, slowAfterMs: 5000), .failed(.connection))
        let words = [ProbeObservation.ErrorKind.http, .inStream, .connection, .malformed, .timeout].map { kind in
            var observation = stream(status: nil)
            observation.fail(kind, "why")
            return WatchVerdict(observation, slowAfterMs: 5000)
        }
        XCTAssertEqual(words.map(\.word), ["http", "in-stream", "connection", "malformed", "timeout"])
        XCTAssertFalse(words.contains(where: \.succeeded))
    }
}
