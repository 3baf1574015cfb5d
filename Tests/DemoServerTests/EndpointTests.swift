import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

final class EndpointTests: XCTestCase {
    func testModelsEndpointListsTheConfiguredModel() async throws {
        try await withDemoServer(.init(model: "my-model")) { server, client in
            let result = try await exchange(client, rawRequest(server, path: "/models"))
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual(result.header("content-type"), "application/json")
            let json = try result.json()
            XCTAssertEqual(json["object"] as? String, "list")
            let models = try XCTUnwrap(json["data"] as? [[String: Any]])
            XCTAssertEqual(models.count, 1)
            XCTAssertEqual(models.first?["id"] as? String, "my-model")
            XCTAssertEqual(models.first?["object"] as? String, "model")
            XCTAssertEqual(models.first?["owned_by"] as? String, "chatterm-demo")
            XCTAssertNotNil(models.first?["created"] as? Int)
        }
    }

    func testBaseURLPointsAtTheBoundLoopbackPort() async throws {
        try await withDemoServer { server, _ in
            XCTAssertGreaterThan(server.port, 0)
            XCTAssertEqual(server.baseURL, "http://127.0.0.1:\(server.port)/v1")
        }
    }

    func testUnknownPathAnswers404WithAJSONError() async throws {
        try await withDemoServer { server, client in
            let result = try await exchange(client, rawRequest(server, path: "/nope"))
            XCTAssertEqual(result.status, 404)
            let error = try XCTUnwrap(try result.json()["error"] as? [String: Any])
            XCTAssertEqual(error["type"] as? String, "invalid_request_error")
            XCTAssertTrue((error["message"] as? String)?.contains("/v1/nope") == true)
        }
    }

    func testWrongMethodAnswers405WithAnAllowHeader() async throws {
        try await withDemoServer { server, client in
            let get = try await exchange(client, rawRequest(server, path: "/chat/completions"))
            XCTAssertEqual(get.status, 405)
            XCTAssertEqual(get.header("allow"), "POST")
            XCTAssertNotNil(try get.json()["error"] as? [String: Any])
            let post = try await exchange(client, rawRequest(server, path: "/models", method: "POST", body: []))
            XCTAssertEqual(post.status, 405)
            XCTAssertEqual(post.header("allow"), "GET")
        }
    }

    func testInvalidJSONAnswers400SayingTheBodyIsNotJSON() async throws {
        try await withDemoServer { server, client in
            let request = rawRequest(
                server, path: "/chat/completions", method: "POST", body: Array("{not json".utf8))
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let error = try XCTUnwrap(try result.json()["error"] as? [String: Any])
            XCTAssertEqual(error["type"] as? String, "invalid_request_error")
            XCTAssertEqual(error["message"] as? String, "request body is not valid JSON")
        }
    }

    func testMissingMessagesAnswers400NamingTheField() async throws {
        try await withDemoServer { server, client in
            let request = rawRequest(
                server, path: "/chat/completions", method: "POST", body: Array(#"{"model":"x"}"#.utf8))
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let error = try XCTUnwrap(try result.json()["error"] as? [String: Any])
            XCTAssertEqual(error["message"] as? String, "missing required field 'messages'")
        }
    }

    func testEmptyMessagesAnswers400() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(server, prompt: "x", stream: true, extra: ["messages": [Any]()])
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let error = try XCTUnwrap(try result.json()["error"] as? [String: Any])
            XCTAssertEqual(error["message"] as? String, "'messages' must contain at least one message")
        }
    }

    func testWrongContentTypeAnswers400NamingTheMessageField() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(
                server, prompt: "x", stream: false, extra: ["messages": [["role": "user", "content": 42]]])
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let message = try XCTUnwrap((try result.json()["error"] as? [String: Any])?["message"] as? String)
            XCTAssertTrue(message.contains("messages[0].content"), message)
        }
    }

    func testUnknownFaultHeaderAnswers400ListingTheKnownFaults() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(server, prompt: "x", stream: true, headers: [("X-Demo-Fault", "bogus")])
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let message = try XCTUnwrap((try result.json()["error"] as? [String: Any])?["message"] as? String)
            XCTAssertTrue(message.contains("bogus") && message.contains("drop-mid-stream"), message)
        }
    }

    func testRecordedRequestsCaptureMethodPathAuthorizationAndBodyInOrder() async throws {
        try await withDemoServer { server, client in
            _ = try await exchange(client, rawRequest(server, path: "/models"))
            let chat = try chatRequest(
                server, prompt: "record me", stream: true, headers: [("Authorization", "Bearer sk-demo-123")])
            _ = try await exchange(client, chat)
            let requests = server.requests
            XCTAssertEqual(requests.map(\.method), ["GET", "POST"])
            XCTAssertEqual(requests.map(\.path), ["/v1/models", "/v1/chat/completions"])
            XCTAssertEqual(requests[1].header("authorization"), "Bearer sk-demo-123")
            XCTAssertTrue(requests[1].headers.contains { $0.0.lowercased() == "authorization" })
            XCTAssertTrue(requests[1].body.contains("record me"))
            XCTAssertNil(requests[0].header("authorization"))
        }
    }
}
