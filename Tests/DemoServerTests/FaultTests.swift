import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

final class FaultTests: XCTestCase {
    private let fastConfiguration = DemoServerConfiguration(tokensPerSecond: 0)

    private func configuration(_ fault: DemoFault) -> DemoServerConfiguration {
        var configuration = fastConfiguration
        configuration.fault = fault
        return configuration
    }

    func testEmptyBodyFaultGives200WithEventStreamHeadersAndZeroBytes() async throws {
        try await withDemoServer(configuration(.emptyBody)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertTrue(result.header("content-type")?.hasPrefix("text/event-stream") == true)
            XCTAssertNil(result.bodyError)
            XCTAssertEqual(result.body.count, 0)
        }
    }

    func testEmptyBodyFaultStillAnswersNonStreamingRequests() async throws {
        try await withDemoServer(configuration(.emptyBody)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            XCTAssertEqual(result.status, 200)
            let choice = try XCTUnwrap((try result.json()["choices"] as? [[String: Any]])?.first)
            let content = (choice["message"] as? [String: Any])?["content"] as? String
            XCTAssertEqual(content, DemoServer.replyText(forPrompt: "Hi"))
        }
    }

    func testHTTPErrorFaultGives500WithTheJSONErrorForStreamingAndNonStreamingRequests() async throws {
        try await withDemoServer(configuration(.httpError)) { server, client in
            for stream in [true, false] {
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: stream))
                XCTAssertEqual(result.status, 500)
                XCTAssertEqual(result.header("content-type"), "application/json")
                let error = try XCTUnwrap(try result.json()["error"] as? [String: Any])
                XCTAssertEqual(error["message"] as? String, "demo server fault: internal error")
                XCTAssertEqual(error["type"] as? String, "server_error")
                XCTAssertEqual(error["code"] as? String, "internal_error")
            }
        }
    }

    func testErrorInStreamFaultSendsAFewTokensThenAnErrorEventAndNoDone() async throws {
        try await withDemoServer(configuration(.errorInStream)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError, "the body ends normally")
            let expected = DemoServer.replyTokens(forPrompt: "Hi").prefix(DemoFault.contentTokensBeforeFailure)
            XCTAssertEqual(try result.contentTokens(), Array(expected))
            XCTAssertFalse(result.dataPayloads.contains("[DONE]"))
            let chunks = try result.chunkObjects()
            let error = try XCTUnwrap(chunks.last?["error"] as? [String: Any])
            XCTAssertEqual(error["message"] as? String, "demo server fault: error inside the stream")
            XCTAssertEqual(error["type"] as? String, "server_error")
            XCTAssertFalse(result.text.contains("finish_reason\":\""), "no finish_reason")
        }
    }

    func testDropMidStreamFaultClosesTheConnectionAfterAFewTokens() async throws {
        try await withDemoServer(configuration(.dropMidStream)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNotNil(result.bodyError, "the body does not end cleanly")
            let expected = DemoServer.replyTokens(forPrompt: "Hi").prefix(DemoFault.contentTokensBeforeFailure)
            XCTAssertEqual(try result.contentTokens(), Array(expected))
            XCTAssertFalse(result.dataPayloads.contains("[DONE]"))
            XCTAssertFalse(result.text.contains("finish_reason\":\""), "no finish_reason")
        }
    }

    func testDropMidStreamFaultHonoursAPacedStream() async throws {
        var paced = configuration(.dropMidStream)
        paced.tokensPerSecond = 200
        try await withDemoServer(paced) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertNotNil(result.bodyError)
            XCTAssertEqual(try result.contentTokens().count, DemoFault.contentTokensBeforeFailure)
        }
    }

    func testFaultHeaderOverridesTheConfiguredFaultForOneRequest() async throws {
        try await withDemoServer(configuration(.none)) { server, client in
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
        try await withDemoServer(configuration(.httpError)) { server, client in
            let healthy = try chatRequest(server, prompt: "Hi", stream: true, headers: [("X-Demo-Fault", "none")])
            let result = try await exchange(client, healthy)
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hi"))
        }
    }

    func testEveryFaultHasAHeaderValueTheServerAccepts() async throws {
        try await withDemoServer { server, client in
            for fault in DemoFault.allCases {
                let request = try chatRequest(
                    server, prompt: "Hi", stream: false, headers: [(DemoFault.headerName, fault.rawValue)])
                let status = try await exchange(client, request).status
                XCTAssertEqual(status, fault == .httpError ? 500 : 200, fault.rawValue)
            }
        }
    }
}
