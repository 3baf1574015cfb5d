import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// `vllm-overflow`: vLLM's server refusing a request that does not fit its `max_model_len`: a 400
/// before any stream, streamed or not, counting the requested output tokens too.
final class VLLMOverflowFaultTests: XCTestCase {
    /// Sixteen demo tokens: with no `max_tokens` they fit the default context exactly.
    private let sixteenTokens =
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    /// Seventeen demo tokens: one more than the default context.
    private let seventeenTokens =
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen more"

    /// vLLM's error body for a request of `prompt` input and `output` output tokens that overflows a
    /// context of `context` tokens.
    private func overflowBody(context: Int = 16, prompt: Int, output: Int) -> String {
        #"{"error":{"message":"This model's maximum context length is \#(context) tokens. "#
            + #"However, you requested \#(output) output tokens and your prompt contains \#(prompt) input tokens, "#
            + #"for a total of \#(prompt + output) tokens. Please reduce the length of the input prompt or the "#
            + #"number of requested output tokens. (parameter=input_tokens, value=\#(prompt))","#
            + #""type":"BadRequestError","param":"input_tokens","code":400}}"#
    }

    func testAStreamedRequestThatOverflowsGets400WithVLLMsErrorAndTheConnectionStaysUsable() async throws {
        try await withDemoServer(.fast(.vllmOverflow)) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest(prompt: seventeenTokens, stream: true)
            let response = try connection.readResponse()
            XCTAssertEqual(response.head.components(separatedBy: "\r\n").first, "HTTP/1.1 400 Bad Request")
            XCTAssertEqual(response.header("content-type"), "application/json")
            XCTAssertEqual(response.text, overflowBody(prompt: 17, output: 0))

            try connection.sendChatRequest(prompt: "Hi", stream: false)
            XCTAssertEqual(try connection.readResponse().status, 200, "a request that fits, on the same connection")
            XCTAssertEqual(server.requests.map(\.connection), [1, 1])
        }
    }

    func testTheRequestedOutputTokensCountTowardsTheContext() async throws {
        try await withDemoServer(.fast(.vllmOverflow)) { server, client in
            let fits = try await exchange(client, try chatRequest(server, prompt: sixteenTokens, stream: false))
            XCTAssertEqual(fits.status, 200, "16 input tokens and no max_tokens fit 16")
            let overflows = try await exchange(
                client, try chatRequest(server, prompt: "one two three", stream: true, extra: ["max_tokens": 14]))
            XCTAssertEqual(overflows.status, 400)
            XCTAssertEqual(overflows.text, overflowBody(prompt: 3, output: 14))
            let completionTokens = try await exchange(
                client,
                try chatRequest(server, prompt: "one two three", stream: false, extra: ["max_completion_tokens": 14]))
            XCTAssertEqual(completionTokens.text, overflowBody(prompt: 3, output: 14))
        }
    }

    func testTheContextSizeIsTheArgumentAndAPromptThatFitsStreams() async throws {
        try await withDemoServer(.fast(.parsed("vllm-overflow:4"))) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: "one two three", stream: true))
            XCTAssertEqual(try streamed.contentTokens().joined(), DemoServer.replyText(forPrompt: "one two three"))
            let overflows = try await exchange(
                client, try chatRequest(server, prompt: "one two three four five", stream: false))
            XCTAssertEqual(overflows.status, 400)
            XCTAssertEqual(overflows.text, overflowBody(context: 4, prompt: 5, output: 0))
        }
    }
}
