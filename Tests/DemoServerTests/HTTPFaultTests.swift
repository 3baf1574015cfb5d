import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Faults that answer with an HTTP error instead of a reply, for streaming and non-streaming requests alike.
final class HTTPFaultTests: XCTestCase {
    func testStatusAnswersThatStatusWithAJSONErrorForStreamingAndNonStreamingRequests() async throws {
        try await withDemoServer(.fast(.parsed("status:503"))) { server, client in
            for stream in [true, false] {
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream))
                XCTAssertEqual(result.status, 503)
                XCTAssertEqual(result.header("content-type"), "application/json")
                XCTAssertEqual(
                    result.text,
                    #"{"error":{"code":"service_unavailable","message":"demo server fault: HTTP 503 Service Unavailable","#
                        + #""type":"server_error"}}"#)
            }
        }
    }

    func testStatus4xxIsAnInvalidRequestError() async throws {
        try await withDemoServer(.fast(.parsed("status:404"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 404)
            let error = try result.errorObject()
            XCTAssertEqual(error["message"] as? String, "demo server fault: HTTP 404 Not Found")
            XCTAssertEqual(error["type"] as? String, "invalid_request_error")
            XCTAssertEqual(error["code"] as? String, "not_found")
        }
    }

    func testStatusWithoutAStandardReasonPhraseStillNamesItsClass() async throws {
        try await withDemoServer(.fast(.parsed("status:599"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            XCTAssertEqual(result.status, 599)
            XCTAssertEqual(try result.errorObject()["message"] as? String, "demo server fault: HTTP 599 Server Error")
        }
    }

    func testHTTPErrorAnswers500LikeStatus500() async throws {
        try await withDemoServer(.fast(.httpError)) { server, client in
            for stream in [true, false] {
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream))
                XCTAssertEqual(result.status, 500)
                XCTAssertEqual(result.header("content-type"), "application/json")
                let error = try result.errorObject()
                XCTAssertEqual(error["message"] as? String, "demo server fault: HTTP 500 Internal Server Error")
                XCTAssertEqual(error["type"] as? String, "server_error")
                XCTAssertEqual(error["code"] as? String, "internal_server_error")
            }
        }
    }

    func testHTML502AnswersNginxsBadGatewayPage() async throws {
        try await withDemoServer(.fast(.html502)) { server, client in
            for stream in [true, false] {
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream))
                XCTAssertEqual(result.status, 502)
                XCTAssertEqual(result.header("content-type"), "text/html")
                XCTAssertEqual(
                    result.text,
                    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                        + "<hr><center>nginx</center></body></html>")
            }
        }
    }

    func testRateLimitAnswers429WithRetryAfter() async throws {
        try await withDemoServer(.fast(.parsed("rate-limit:7"))) { server, client in
            for stream in [true, false] {
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream))
                XCTAssertEqual(result.status, 429)
                XCTAssertEqual(result.header("retry-after"), "7")
                XCTAssertEqual(result.header("content-type"), "application/json")
                let error = try result.errorObject()
                XCTAssertEqual(error["type"] as? String, "rate_limit_error")
                XCTAssertEqual(error["code"] as? String, "rate_limit_exceeded")
                XCTAssertEqual(
                    error["message"] as? String, "demo server fault: HTTP 429 Too Many Requests; retry after 7 s")
            }
        }
    }

    func testRateLimitRetryAfterDefaultsToOneSecond() async throws {
        try await withDemoServer(.fast(.rateLimit)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 429)
            XCTAssertEqual(result.header("retry-after"), "1")
        }
    }

    func testEchoHeaders401QuotesEveryRequestHeaderKeyIncludedInItsMessage() async throws {
        try await withDemoServer(.fast(.echoHeaders401)) { server, client in
            for stream in [true, false] {
                let headers = [("Authorization", "Bearer sk-test-SECRET"), ("api-key", "azure \"quoted\" key")]
                let result = try await exchange(
                    client, try chatRequest(server, prompt: "Hi", stream: stream, headers: headers))
                XCTAssertEqual(result.status, 401)
                XCTAssertEqual(result.header("content-type"), "application/json")
                let error = try result.errorObject()
                XCTAssertEqual(error["type"] as? String, "authentication_error")
                XCTAssertEqual(error["code"] as? String, "invalid_api_key")
                let message = try XCTUnwrap(error["message"] as? String)
                let prefix = "demo server fault: HTTP 401 Unauthorized: invalid credentials; request headers: "
                XCTAssertTrue(message.hasPrefix(prefix), message)
                let quoted = try XCTUnwrap(
                    JSONSerialization.jsonObject(with: Data(message.dropFirst(prefix.count).utf8)) as? [String: String])
                XCTAssertEqual(quoted["Authorization"], "Bearer sk-test-SECRET")
                XCTAssertEqual(quoted["api-key"], "azure \"quoted\" key")
                XCTAssertEqual(quoted["content-type"], "application/json")
                XCTAssertNotNil(quoted.keys.first { $0.lowercased() == "host" }, "every header, the host's too")
            }
        }
    }
}
