import XCTest

@testable import ChatCore

/// Which failures another server may cure, and the route of one turn along a profile's
/// fallbacks, transition by transition.
final class FailoverRouteTests: XCTestCase {
    func testFailuresAnotherServerMayCure() {
        let cured: [ChatError] = [
            .connection("connection refused"), .timeout(.connect, limit: .seconds(1)),
            .timeout(.firstToken, limit: .seconds(1)), .timeout(.wholeReply, limit: .seconds(1)),
            .http(status: 500, message: ""), .http(status: 503, message: "overloaded"),
            .http(status: 429, message: "slow down"), .emptyStream, .emptyReply,
        ]
        for error in cured { XCTAssertTrue(error.anotherServerMayCure, "\(error)") }
    }

    func testFailuresAnotherServerWouldRepeat() {
        let kept: [ChatError] = [
            .http(status: 400, message: "bad request"), .http(status: 401, message: ""),
            .http(status: 404, message: "no such model"), .http(status: 408, message: ""),
            .inStream(message: "context too long"), .malformed("not JSON"), .endedEarly(sawDone: false),
            .timeout(.idle, limit: .seconds(1)), .stopped("quitting"), .invalidURL("x"),
        ]
        for error in kept { XCTAssertFalse(error.anotherServerMayCure, "\(error)") }
    }

    func testTheFirstFailureGoesToTheFirstFallbackAndSaysWhy() {
        var route = FailoverRoute(from: "gpu")
        XCTAssertEqual(
            route.next(after: .connection("connection refused"), of: "10.0.0.5:8000", in: ["laptop", "spare"]),
            "laptop")
        XCTAssertEqual(route.tried, ["laptop"])
        XCTAssertEqual(route.reason, "10.0.0.5:8000 failed (connection refused)")
    }

    func testEachProfileIsTriedOnceAndTheOriginNever() {
        var route = FailoverRoute(from: "gpu")
        let chain = ["laptop", "gpu", "spare"]
        XCTAssertEqual(route.next(after: .emptyReply, of: "a", in: chain), "laptop")
        XCTAssertEqual(route.next(after: .emptyReply, of: "b", in: chain), "spare")
        XCTAssertNil(route.next(after: .emptyReply, of: "c", in: chain))
        XCTAssertEqual(route.reason, "a failed (the server sent an empty reply)", "the first server's failure stays")
    }

    func testAFailureAnotherServerWouldRepeatGoesNowhere() {
        var route = FailoverRoute(from: "gpu")
        XCTAssertNil(route.next(after: .http(status: 400, message: ""), of: "a", in: ["laptop"]))
        XCTAssertEqual(route.tried, [])
        XCTAssertNil(route.reason)
    }

    func testWithoutAProfileThereIsNothingToFailOverFrom() {
        var route = FailoverRoute(from: nil)
        XCTAssertNil(route.next(after: .connection("refused"), of: "a", in: ["laptop"]))
    }

    func testAnUnusableProfileIsSkippedForTheNext() {
        var route = FailoverRoute(from: "gpu")
        _ = route.next(after: .connection("refused"), of: "a", in: ["laptop", "spare"])
        XCTAssertEqual(route.skip(in: ["laptop", "spare"]), "spare")
        XCTAssertNil(route.skip(in: ["laptop", "spare"]))
    }
}
