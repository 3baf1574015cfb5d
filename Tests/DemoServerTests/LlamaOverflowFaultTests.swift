import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// `llama-overflow`: llama-cpp-python's server answering a prompt that does not fit its context.
final class LlamaOverflowFaultTests: XCTestCase {
    /// Sixteen demo tokens: exactly the default context, so it overflows.
    private let sixteenTokens =
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    /// Fifteen demo tokens: it fits the default context.
    private let fifteenTokens =
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"

    /// llama-cpp-python's error body for an overflow of the default context by `requested` tokens, of which
    /// `prompt` in the messages and `completion` (`None` or a number) in the completion.
    private func overflowBody(context: Int = 16, requested: Int, prompt: Int, completion: String) -> String {
        #"{"error":{"message":"This model's maximum context length is \#(context) tokens. "#
            + #"However, you requested \#(requested) tokens (\#(prompt) in the messages, \#(completion) in the "#
            + #"completion). Please reduce the length of the messages or completion.","#
            + #""type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
    }

    func testAnOverflowingPromptWithoutStreamingGets400WithLlamaCppPythonsError() async throws {
        try await withDemoServer(.fast(.llamaOverflow)) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest(prompt: sixteenTokens, stream: false)
            let response = try connection.readResponse()
            XCTAssertEqual(response.head.components(separatedBy: "\r\n").first, "HTTP/1.1 400 Bad Request")
            XCTAssertEqual(response.header("content-type"), "application/json")
            XCTAssertEqual(response.text, overflowBody(requested: 16, prompt: 16, completion: "None"))

            try connection.sendChatRequest(prompt: sixteenTokens, stream: false, extra: ["max_tokens": 100])
            let limited = try connection.readResponse()
            XCTAssertEqual(limited.status, 400)
            XCTAssertEqual(limited.text, overflowBody(requested: 116, prompt: 16, completion: "100"))
            XCTAssertEqual(server.requests.map(\.connection), [1, 1], "the 400 keeps the connection alive")
        }
    }

    func testAnOverflowingStreamGetsAnEmptyTerminatedBodyThenTheNextRequestOnItsConnectionIsDropped() async throws {
        try await withDemoServer(.fast(.llamaOverflow)) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest(prompt: sixteenTokens, stream: true)
            let response = try connection.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("content-type"), "text/event-stream; charset=utf-8")
            XCTAssertEqual(response.header("transfer-encoding"), "chunked")
            XCTAssertNil(response.header("connection"), "kept alive, as far as the client can tell")
            XCTAssertEqual(response.wireBody, Array("0\r\n\r\n".utf8), "an empty, properly terminated body")

            try connection.sendChatRequest(prompt: "Hi", stream: false)
            XCTAssertEqual(try connection.readToEnd(), [], "closed without a byte of response")
            XCTAssertEqual(server.requests.map(\.connection), [1, 1], "the refused request is recorded")
        }
    }

    func testAClientReusingThePooledConnectionSeesItClosedThenAFreshConnectionIsAnswered() async throws {
        try await withDemoServer(.fast(.llamaOverflow)) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: sixteenTokens, stream: true))
            XCTAssertEqual(streamed.status, 200)
            XCTAssertNil(streamed.bodyError)
            XCTAssertEqual(streamed.body.count, 0)

            do {
                let reused = try await exchange(client, try chatRequest(server, prompt: sixteenTokens, stream: false))
                XCTFail("answered on the reused connection: \(reused.status)")
            } catch {
                // The connection closed before any byte of the response.
            }
            XCTAssertEqual(server.requests.map(\.connection), [1, 1])

            let fresh = try await exchange(client, try chatRequest(server, prompt: sixteenTokens, stream: false))
            XCTAssertEqual(fresh.status, 400)
            XCTAssertEqual(fresh.text, overflowBody(requested: 16, prompt: 16, completion: "None"))
            XCTAssertEqual(server.requests.map(\.connection), [1, 1, 2])
        }
    }

    func testAPromptThatFitsIsAnsweredNormallyWhateverMaxTokens() async throws {
        try await withDemoServer(.fast(.llamaOverflow)) { server, client in
            let extra = ["max_tokens": 1000]
            let streamed = try await exchange(
                client, try chatRequest(server, prompt: fifteenTokens, stream: true, extra: extra))
            XCTAssertEqual(try streamed.contentTokens().joined(), DemoServer.replyText(forPrompt: fifteenTokens))
            XCTAssertEqual(streamed.dataPayloads.last, "[DONE]")
            let whole = try await exchange(
                client, try chatRequest(server, prompt: fifteenTokens, stream: false, extra: extra))
            XCTAssertEqual(whole.status, 200)
            let another = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try another.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hi"))
            XCTAssertEqual(Set(server.requests.map(\.connection)), [1], "the connection stays usable")
        }
    }

    func testEveryMessageCountsTowardsThePrompt() async throws {
        try await withDemoServer(.fast(.llamaOverflow)) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest([
                "model": "demo-model", "stream": false,
                "messages": [
                    ["role": "system", "content": "one two three four five six seven eight"],
                    ["role": "user", "content": "nine ten eleven twelve thirteen fourteen fifteen sixteen"],
                ],
            ])
            let response = try connection.readResponse()
            XCTAssertEqual(response.text, overflowBody(requested: 16, prompt: 16, completion: "None"))
        }
    }

    func testTheContextSizeIsTheArgument() async throws {
        try await withDemoServer(.fast(.parsed("llama-overflow:4"))) { server, client in
            let fits = try await exchange(client, try chatRequest(server, prompt: "one two three", stream: false))
            XCTAssertEqual(fits.status, 200)
            let overflows = try await exchange(
                client, try chatRequest(server, prompt: "one two three four", stream: false))
            XCTAssertEqual(overflows.status, 400)
            XCTAssertEqual(overflows.text, overflowBody(context: 4, requested: 4, prompt: 4, completion: "None"))
        }
    }

    func testTheRefusedRequestDoesNotCountForAtN() async throws {
        try await withDemoServer(.fast(.parsed("llama-overflow@2"))) { server, _ in
            let first = try RawHTTPConnection(port: server.port)
            try first.sendChatRequest(prompt: sixteenTokens, stream: true)
            XCTAssertEqual(try first.readResponse().body, [])
            try first.sendChatRequest(prompt: sixteenTokens, stream: false)
            XCTAssertEqual(try first.readToEnd(), [])

            let second = try RawHTTPConnection(port: server.port)
            try second.sendChatRequest(prompt: sixteenTokens, stream: false)
            XCTAssertEqual(try second.readResponse().status, 400, "chat request 2 still gets the fault")
            try second.sendChatRequest(prompt: sixteenTokens, stream: false)
            XCTAssertEqual(try second.readResponse().status, 200, "chat request 3 does not")
        }
    }
}
