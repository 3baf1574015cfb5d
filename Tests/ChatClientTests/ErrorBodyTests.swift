import NIOHTTP1
import XCTest

@testable import ChatClient
@testable import ChatCore

final class ErrorBodyTests: XCTestCase {
    func testOpenAIStyleJSONError() {
        XCTAssertEqual(
            ErrorBody.message(
                from: Array(#"{"error":{"message":"Invalid model","type":"invalid_request_error"}}"#.utf8)),
            "Invalid model")
    }

    func testFastAPIDetail() {
        XCTAssertEqual(ErrorBody.message(from: Array(#"{"detail":"Not Found"}"#.utf8)), "Not Found")
    }

    func testHTMLPageUsesItsTitle() {
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"
        XCTAssertEqual(ErrorBody.message(from: Array(html.utf8)), "502 Bad Gateway")
    }

    func testPlainTextUsesItsFirstLine() {
        XCTAssertEqual(ErrorBody.message(from: Array("\n  upstream timed out\nmore".utf8)), "upstream timed out")
    }

    func testEmptyBodyHasNoMessage() {
        XCTAssertNil(ErrorBody.message(from: []))
    }

    func testRetryAfterMillisecondsWinsOverSeconds() {
        let headers: HTTPHeaders = ["retry-after-ms": "1500", "Retry-After": "30"]
        XCTAssertEqual(ErrorBody.retryAfter(headers), .milliseconds(1500))
    }

    func testRetryAfterInSecondsAndAsAnHTTPDate() {
        XCTAssertEqual(ErrorBody.retryAfter(["Retry-After": "2"]), .seconds(2))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        XCTAssertEqual(
            ErrorBody.retryAfter(["Retry-After": "Wed, 21 Oct 2015 07:28:05 GMT"], now: now), .seconds(5))
    }

    func testNonsenseOrPastRetryAfterIsIgnored() {
        XCTAssertNil(ErrorBody.retryAfter(["Retry-After": "soon"]))
        XCTAssertNil(ErrorBody.retryAfter(["Retry-After": "-3"]))
        XCTAssertNil(ErrorBody.retryAfter(["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]))
        XCTAssertNil(ErrorBody.retryAfter([:]))
    }

    func testHTTPErrorCarriesTheRetryAfter() {
        let error = ErrorBody.httpError(
            .tooManyRequests, headers: ["Retry-After": "1"], body: Array(#"{"error":{"message":"slow down"}}"#.utf8))
        XCTAssertEqual(error, .http(status: 429, message: "slow down", retryAfter: .seconds(1)))
    }
}
