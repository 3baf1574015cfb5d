import NIOHTTP1
import XCTest

@testable import ChatClient
@testable import ChatCore

final class ErrorBodyTests: XCTestCase {
    func testOpenAIStyleJSONError() {
        XCTAssertEqual(
            ErrorBody.message(
                from: Array(#"{"error":{"message":"Invalid model","type":"invalid_request_error"}}"#.utf8),
                redactor: Redactor()),
            "Invalid model")
    }

    func testFastAPIDetail() {
        XCTAssertEqual(
            ErrorBody.message(from: Array(#"{"detail":"Not Found"}"#.utf8), redactor: Redactor()), "Not Found")
    }

    func testHTMLPageUsesItsTitle() {
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"
        XCTAssertEqual(ErrorBody.message(from: Array(html.utf8), redactor: Redactor()), "502 Bad Gateway")
    }

    func testPlainTextUsesItsFirstLine() {
        XCTAssertEqual(
            ErrorBody.message(from: Array("\n  upstream timed out\nmore".utf8), redactor: Redactor()),
            "upstream timed out")
    }

    func testEmptyBodyHasNoMessage() {
        XCTAssertNil(ErrorBody.message(from: [], redactor: Redactor()))
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
            .tooManyRequests, headers: ["Retry-After": "1"], body: Array(#"{"error":{"message":"slow down"}}"#.utf8),
            redactor: Redactor())
        XCTAssertEqual(error, .http(status: 429, message: "slow down", retryAfter: .seconds(1)))
    }
}

/// A gateway that echoes the request's headers puts the key in its error body: the message that
/// becomes a `ChatError` (and a line on the screen, a field in a file) has it hidden.
final class ErrorBodyRedactionTests: XCTestCase {
    private let redactor = Redactor(
        apiKey: "sk-test-SECRET", headers: [(name: "api-key", value: "azure-SECRET-42")])

    func testAnEchoedKeyIsHiddenInTheJSONMessage() {
        let body =
            #"{"error":{"message":"bad key; headers: {\"Authorization\": \"Bearer sk-test-SECRET\", \"api-key\": \"azure-SECRET-42\"}"}}"#
        let error = ErrorBody.httpError(.unauthorized, body: Array(body.utf8), redactor: redactor)
        XCTAssertEqual(
            error,
            .http(status: 401, message: #"bad key; headers: {"Authorization": "Bearer •••", "api-key": "•••"}"#))
    }

    func testAKeyIsHiddenBeforeTheMessageIsCut() {
        let padding = String(repeating: "x", count: ErrorBody.limit - 8)
        let message = ErrorBody.message(from: Array("\(padding) sk-test-SECRET".utf8), redactor: redactor)
        XCTAssertEqual(message, "\(padding) •••")
        XCTAssertFalse(message?.contains("sk-") ?? true)
    }

    func testAKeyIsHiddenInPlainTextHTMLAndStreamErrors() throws {
        for body in ["denied for sk-test-SECRET\n", "<html><title>denied: azure-SECRET-42</title></html>"] {
            let message = try XCTUnwrap(ErrorBody.message(from: Array(body.utf8), redactor: redactor))
            XCTAssertFalse(message.contains("SECRET"), message)
        }
        let decoder = ChunkDecoder(redactor: redactor)
        for data in [#"{"error":{"message":"key sk-test-SECRET refused"}}"#, #"{"error":"sk-test-SECRET"}"#] {
            XCTAssertThrowsError(try decoder.decode(SSEEvent(data: data))) { error in
                XCTAssertFalse(String(describing: error).contains("SECRET"), "\(error)")
            }
        }
        XCTAssertThrowsError(try decoder.decode(SSEEvent(data: "not json: sk-test-SECRET"))) { error in
            XCTAssertFalse(String(describing: error).contains("SECRET"), "\(error)")
        }
    }
}
