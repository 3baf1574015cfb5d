import XCTest

@testable import ChatCore

final class RetryPolicyTests: XCTestCase {
    func testBackoffDoublesFromHalfASecondUpToEightSeconds() {
        let policy = RetryPolicy(jitter: 0)
        let delays = (1...7).map { policy.delay(beforeRetry: $0, retryAfter: nil, random: 0.5) }
        XCTAssertEqual(
            delays, [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
    }

    func testJitterTakesOffAtMostAQuarter() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.delay(beforeRetry: 1, retryAfter: nil, random: 0), .milliseconds(500))
        let shortest = policy.delay(beforeRetry: 1, retryAfter: nil, random: 0.999_999)
        XCTAssertGreaterThanOrEqual(shortest, .milliseconds(375))
        XCTAssertLessThan(shortest, .milliseconds(500))
    }

    func testTheServersRetryAfterWinsUpToTheCap() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.delay(beforeRetry: 3, retryAfter: .milliseconds(1500), random: 0.5), .milliseconds(1500))
        XCTAssertEqual(policy.delay(beforeRetry: 1, retryAfter: .seconds(3600), random: 0.5), .seconds(60))
    }

    func testWhatIsRetried() {
        let retried: [ChatError] = [
            .connection("connection refused"), .timeout(.connect, limit: .seconds(10)),
            .timeout(.firstToken, limit: .seconds(1)), .timeout(.wholeReply, limit: .seconds(1)),
            .http(status: 408, message: ""),
            .http(status: 409, message: ""), .http(status: 429, message: ""), .http(status: 500, message: ""),
            .http(status: 502, message: ""), .http(status: 503, message: ""), .http(status: 599, message: ""),
        ]
        for error in retried {
            XCTAssertEqual(RetryPolicy.verdict(for: error), .retry, "\(error)")
        }
        let broken: [ChatError] = [.emptyStream, .malformed("x")]
        for error in broken {
            XCTAssertEqual(RetryPolicy.verdict(for: error), .fallBack, "\(error)")
        }
        let final: [ChatError] = [
            .http(status: 400, message: ""), .http(status: 401, message: ""), .http(status: 403, message: ""),
            .http(status: 404, message: ""), .http(status: 422, message: ""), .inStream(message: "x"), .emptyReply,
            .invalidURL("x"), .timeout(.idle, limit: .seconds(1)),
        ]
        for error in final {
            XCTAssertEqual(RetryPolicy.verdict(for: error), .giveUp, "\(error)")
        }
    }
}
