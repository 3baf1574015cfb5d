import XCTest

@testable import ChatCore

/// When a run stops asking an endpoint for streams, and when it asks again.
final class EndpointHealthTests: XCTestCase {
    private func failStreaming(_ health: EndpointHealth, times: Int) -> [String] {
        (0..<times).compactMap { _ in health.record(.failed("empty stream")) }
    }

    func testOneOrTwoFailedRepliesLeaveStreamingOn() {
        let health = EndpointHealth()
        XCTAssertEqual(failStreaming(health, times: 2), [])
        XCTAssertNil(health.beginReply())
    }

    func testThreeFailedRepliesInARowTurnStreamingOffForTenReplies() {
        let health = EndpointHealth()
        XCTAssertEqual(
            failStreaming(health, times: 3),
            ["streaming off for the next 10 replies: 3 streams in a row failed (empty stream)"])
        for reply in 1...10 {
            XCTAssertEqual(
                health.beginReply(), "streaming off: 3 streams in a row failed (empty stream)", "reply \(reply)")
        }
        XCTAssertNil(health.beginReply(), "the eleventh reply streams again")
    }

    func testAReplyThatStreamsResetsTheCount() {
        let health = EndpointHealth()
        _ = failStreaming(health, times: 2)
        health.record(.worked)
        XCTAssertEqual(failStreaming(health, times: 2), [])
        XCTAssertNil(health.streamingOffReason)
    }

    func testAFailureWhenStreamingIsTriedAgainTurnsItOffAgainAtOnce() {
        let health = EndpointHealth()
        _ = failStreaming(health, times: 3)
        for _ in 1...10 { _ = health.beginReply() }
        XCTAssertNil(health.beginReply())
        XCTAssertEqual(failStreaming(health, times: 1).count, 1)
        XCTAssertNotNil(health.streamingOffReason)
    }
}
