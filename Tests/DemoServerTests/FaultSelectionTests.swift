import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Which requests get which fault: the configured one, the `X-Demo-Fault` header's, and the `@N` limit.
final class FaultSelectionTests: XCTestCase {
    private func status(
        _ client: HTTPClient, _ server: DemoServer, fault header: String? = nil, stream: Bool = false
    ) async throws -> UInt {
        let headers = header.map { [(DemoFault.headerName, $0)] } ?? []
        return try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream, headers: headers))
            .status
    }

    func testOnlyTheFirstNRequestsGetTheFaultThenRequestsAreAnsweredNormally() async throws {
        try await withDemoServer(.fast(.parsed("status:503@2"))) { server, client in
            var statuses: [UInt] = []
            for stream in [true, false, true, false] {
                statuses.append(try await status(client, server, stream: stream))
            }
            XCTAssertEqual(statuses, [503, 503, 200, 200])
        }
    }

    func testOnlyFirstCountsEveryChatCompletionRequestEvenInvalidOnes() async throws {
        try await withDemoServer(.fast(.parsed("empty-body@2"))) { server, client in
            let invalid = rawRequest(server, path: "/chat/completions", method: "POST", body: Array("{".utf8))
            let first = try await exchange(client, invalid)
            XCTAssertEqual(first.status, 400)
            _ = try await exchange(client, rawRequest(server, path: "/models"))
            let second = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(second.body.count, 0, "request 2 still gets the fault; GET /v1/models does not count")
            let third = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try third.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hi"))
        }
    }

    func testFaultHeaderOverridesTheConfiguredFaultForOneRequest() async throws {
        try await withDemoServer(.fast(.none)) { server, client in
            let faulty = try chatRequest(
                server, prompt: "Hi", stream: true, headers: [("X-Demo-Fault", "http-error")])
            let faultyResult = try await exchange(client, faulty)
            XCTAssertEqual(faultyResult.status, 500)
            let empty = try chatRequest(
                server, prompt: "Hi", stream: true, headers: [("x-demo-fault", "empty-body")])
            let emptyResult = try await exchange(client, empty)
            XCTAssertEqual(emptyResult.status, 200)
            XCTAssertEqual(emptyResult.body.count, 0)
            let normal = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try normal.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hi"))
        }
        try await withDemoServer(.fast(.httpError)) { server, client in
            let healthy = try chatRequest(server, prompt: "Hi", stream: true, headers: [("X-Demo-Fault", "none")])
            let result = try await exchange(client, healthy)
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hi"))
        }
    }

    func testAtNInAHeaderCountsTheServersRequests() async throws {
        try await withDemoServer { server, client in
            let first = try await status(client, server)
            let second = try await status(client, server, fault: "status:500@1")
            let third = try await status(client, server, fault: "status:500@3")
            let fourth = try await status(client, server, fault: "status:500@3")
            XCTAssertEqual([first, second, third, fourth], [200, 200, 500, 200])
        }
    }

    func testBadFaultHeaderAnswers400NamingTheProblemAndTheValidKinds() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(
                server, prompt: "x", stream: true, headers: [(DemoFault.headerName, "status:200")])
            let result = try await exchange(client, request)
            XCTAssertEqual(result.status, 400)
            let error = try result.errorObject()
            XCTAssertEqual(error["type"] as? String, "invalid_request_error")
            XCTAssertEqual(error["code"] as? String, "invalid_fault")
            let message = try XCTUnwrap(error["message"] as? String)
            XCTAssertTrue(message.hasPrefix("X-Demo-Fault header: invalid fault 'status:200': "), message)
            XCTAssertTrue(message.contains("status takes NNN from 400 to 599"), message)
            XCTAssertTrue(message.contains("hang-after-headers-pings") && message.contains("trickle[:MS]"), message)
        }
    }

    func testEveryKindIsAcceptedInTheHeader() async throws {
        let expectedStatus: [String: UInt] = [
            "none": 200, "empty-body": 200, "chatglm-short": 200, "hang-after-headers": 200,
            "hang-after-headers-pings": 200, "hang-mid-stream:1": 200, "drop-mid-stream:1": 200, "status:418": 418,
            "http-error": 500, "html-502": 502, "rate-limit:2": 429, "error-in-stream:1": 200, "bad-json:1": 200,
            "no-done": 200, "trickle:0": 200, "split-utf8": 200, "echo-headers-401": 401, "endless-paragraph:3": 200,
        ]
        try await withDemoServer { server, client in
            for (fault, expected) in expectedStatus.sorted(by: { $0.key < $1.key }) {
                let actual = try await status(client, server, fault: fault)
                XCTAssertEqual(actual, expected, fault)
            }
        }
    }

    func testModelsEndpointIgnoresFaults() async throws {
        try await withDemoServer(.fast(.hangBeforeHeaders)) { server, client in
            let result = try await exchange(
                client, rawRequest(server, path: "/models", headers: [(DemoFault.headerName, "status:503")]))
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual((try result.json()["data"] as? [Any])?.count, 1)
        }
    }
}
