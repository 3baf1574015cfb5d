import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// The faults modelled on ChatGLM3's `openai_api_demo/api_server.py`: `chatglm-newline`,
/// `chatglm-function-call` and `chatglm3`, checked byte for byte on the wire.
final class ChatGLM3FaultTests: XCTestCase {
    /// A server streaming as fast as possible with `fault`, `cannedReply` and `replyTokens`.
    private func configuration(
        _ fault: DemoFault, cannedReply: String? = nil, replyTokens: Int? = nil
    ) -> DemoServerConfiguration {
        DemoServerConfiguration(tokensPerSecond: 0, replyTokens: replyTokens, cannedReply: cannedReply, fault: fault)
    }

    /// Sends one chat request on a fresh raw connection and reads the response.
    private func rawExchange(
        _ server: DemoServer, prompt: String = "Hi", stream: Bool, extra: [String: Any] = [:]
    ) throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: server.port)
        try connection.sendChatRequest(prompt: prompt, stream: stream, extra: extra)
        return try connection.readResponse()
    }

    /// `text` with every `"created":<time>` replaced by `"created":0`.
    private func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #""created":[0-9]+"#, with: #""created":0"#, options: .regularExpression)
    }

    /// The event of a chunk ChatGLM3's `predict_stream` writes, `created` zeroed.
    private func predictStreamEvent(_ content: String, finishReason: String? = nil) -> String {
        let escaped = content.replacingOccurrences(of: "\n", with: #"\n"#)
        let finish = finishReason.map { "\"\($0)\"" } ?? "null"
        return #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
            + #"{"role":"assistant","content":"\#(escaped)","function_call":null},"finish_reason":\#(finish),"#
            + #""index":0}],"created":0}"# + "\r\n\r\n"
    }

    /// The content of a non-streaming reply.
    private func content(of response: RawHTTPConnection.Response) throws -> String {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let choice = try XCTUnwrap((object["choices"] as? [[String: Any]])?.first)
        return try XCTUnwrap((choice["message"] as? [String: Any])?["content"] as? String)
    }

    // MARK: - chatglm-newline

    func testChatglmNewlinePutsANewlineBeforeTheFirstChunkOnly() async throws {
        try await withDemoServer(.fast(.chatglmNewline)) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            var expected = DemoServer.replyTokens(forPrompt: "Hello")
            expected[0] = "\n" + expected[0]
            XCTAssertEqual(try streamed.contentTokens(), expected)
            XCTAssertEqual(streamed.dataPayloads.last, "[DONE]")

            let whole = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: false))
            let choice = try XCTUnwrap((try whole.json()["choices"] as? [[String: Any]])?.first)
            let message = try XCTUnwrap(choice["message"] as? [String: Any])
            XCTAssertEqual(message["content"] as? String, DemoServer.replyText(forPrompt: "Hello"), "no newline")
        }
    }

    // MARK: - chatglm-function-call

    func testChatglmFunctionCallStopsAtGetThenSendsTheWholeOutputAsOneNonJSONEvent() async throws {
        let reply = "Call get_weather() first.\n\nThen print it."
        try await withDemoServer(configuration(.chatglmFunctionCall, cannedReply: reply)) { server, _ in
            let response = try rawExchange(server, stream: true)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("content-type"), "text/event-stream; charset=utf-8")
            XCTAssertEqual(
                withoutTimes(response.text),
                #"data: {"choices":[{"delta":{"content":"\nCall get","role":"assistant"},"finish_reason":null,"#
                    + #""index":0}],"created":0,"id":"chatcmpl-demo-1","model":"demo-model","#
                    + #""object":"chat.completion.chunk"}"# + "\n\n"
                    + "data: \ndata: Call get_weather() first.\ndata: \ndata: Then print it.\n\n")
            XCTAssertTrue(response.wireBody.containsSequence("\r\n0\r\n\r\n"), "the chunked body is terminated")
        }
    }

    func testChatglmFunctionCallWithGetFromTheStartSendsTheWholeOutputInOneChunkAndDone() async throws {
        try await withDemoServer(configuration(.chatglmFunctionCall, cannedReply: "get_time()")) { server, _ in
            let response = try rawExchange(server, stream: true)
            XCTAssertEqual(
                withoutTimes(response.text),
                #"data: {"choices":[{"delta":{"content":"\nget_time()","role":"assistant"},"finish_reason":null,"#
                    + #""index":0}],"created":0,"id":"chatcmpl-demo-1","model":"demo-model","#
                    + #""object":"chat.completion.chunk"}"# + "\n\n"
                    + #"data: {"choices":[{"delta":{},"finish_reason":"stop","index":0}],"created":0,"#
                    + #""id":"chatcmpl-demo-1","model":"demo-model","object":"chat.completion.chunk"}"# + "\n\n"
                    + "data: [DONE]\n\n")
        }
    }

    func testChatglmFunctionCallStreamsAReplyWithoutGetWithTheFirstEightCharactersAtOnce() async throws {
        let reply = "Hello there, friend."
        try await withDemoServer(.fast(.chatglmFunctionCall, cannedReply: reply)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try result.contentTokens(), ["\nHello there", ",", " friend", "."])
            let finishReasons = try result.chunkObjects().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
            }
            XCTAssertEqual(finishReasons, ["stop"])
            XCTAssertNotNil(try result.chunkObjects().last?["usage"], "the configured usage chunk")
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testChatglmFunctionCallFindsGetInTheEchoedPrompt() async throws {
        let prompt = "How do I call get_weather in Python?"
        try await withDemoServer(.fast(.chatglmFunctionCall)) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: prompt, stream: true))
            XCTAssertNil(streamed.bodyError, "the body ends cleanly")
            let contents = streamed.dataPayloads.compactMap { payload -> String? in
                let chunk = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]
                let delta = (chunk?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                return delta?["content"] as? String
            }
            XCTAssertEqual(contents, ["\nYou said", ":", " “", "How", " do", " I", " call", " get"], "until get_")
            let text = streamed.text
            let whole = "\n" + DemoServer.replyText(forPrompt: prompt)
            let event =
                whole.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }
                .joined() + "\n"
            XCTAssertTrue(text.hasSuffix(event), text)
            XCTAssertTrue(event.hasPrefix("data: \ndata: You said: “How do I call get_weather in Python?”."))
            XCTAssertTrue(event.contains("\ndata: \ndata: No language model"), "a blank line is an empty data line")
            XCTAssertFalse(text.contains("[DONE]"))
            XCTAssertFalse(text.contains("finish_reason\":\""), "no finish_reason")

            let unstreamed = try await exchange(client, try chatRequest(server, prompt: prompt, stream: false))
            let choice = try XCTUnwrap((try unstreamed.json()["choices"] as? [[String: Any]])?.first)
            let message = try XCTUnwrap(choice["message"] as? [String: Any])
            XCTAssertEqual(message["content"] as? String, DemoServer.replyText(forPrompt: prompt))
        }
    }

    func testChatglmFunctionCallSendsNothingMoreWhileTheRestOfTheReplyIsGenerated() async throws {
        var paced = DemoServerConfiguration.fast(.chatglmFunctionCall, cannedReply: "12345678 get_x a b c d e f g h")
        paced.tokensPerSecond = 4
        try await withDemoServer(paced) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            try await live.waitUntil { $0.text.contains(#""content":" get""#) }
            let sent = live.text
            try await observeSilence()
            XCTAssertEqual(live.text, sent, "the whole-output event waits for the end of the reply")
            XCTAssertFalse(live.isEnded)
            await live.cancel()
        }
    }

    func testChatglmFunctionCallSendsNothingForAnOutputOfSevenCharacters() async throws {
        try await withDemoServer(.fast(.chatglmFunctionCall, cannedReply: "123456")) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError)
            XCTAssertEqual(result.body.count, 0, "\"\\n123456\" is 7 characters")
        }
    }

    // MARK: - chatglm3: streams

    func testChatglm3StreamsChatGLM3sChunksWithCRLFAndAnEmptyFinishChunk() async throws {
        try await withDemoServer(configuration(.chatglm3, cannedReply: "Hello there, friend.")) { server, _ in
            let response = try rawExchange(server, stream: true)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("content-type"), "text/event-stream; charset=utf-8")
            XCTAssertEqual(response.header("transfer-encoding"), "chunked")
            XCTAssertEqual(
                withoutTimes(response.text),
                #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
                    + #"{"role":"assistant","content":"\nHello there","function_call":null},"finish_reason":null,"#
                    + #""index":0}],"created":0}"# + "\r\n\r\n"
                    + predictStreamEvent(",") + predictStreamEvent(" friend") + predictStreamEvent(".")
                    + #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
                    + #"{"role":"assistant","content":"","function_call":null},"finish_reason":"stop","#
                    + #""index":0}],"created":0}"# + "\r\n\r\n"
                    + "data: [DONE]\r\n\r\n")
        }
    }

    func testChatglm3NamesTheRequestedModel() async throws {
        try await withDemoServer(configuration(.chatglm3, cannedReply: "Hello there, friend.")) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest([
                "model": "chatglm3-6b", "messages": [["role": "user", "content": "Hi"]], "stream": true,
            ])
            let response = try connection.readResponse()
            XCTAssertTrue(response.text.hasPrefix(#"data: {"model":"chatglm3-6b","id":"""#), response.text)
        }
    }

    func testChatglm3StopsAtGetAndEndsWithTheWholeOutputAsMultiLineData() async throws {
        let prompt = "How do I call get_weather in Python?"
        try await withDemoServer(configuration(.chatglm3, replyTokens: 16)) { server, _ in
            let response = try rawExchange(server, prompt: prompt, stream: true)
            XCTAssertEqual(response.status, 200)
            let chunks = [":", " “", "How", " do", " I", " call", " get"].map { predictStreamEvent($0) }.joined()
            XCTAssertEqual(
                withoutTimes(response.text),
                #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
                    + #"{"role":"assistant","content":"\nYou said","function_call":null},"finish_reason":null,"#
                    + #""index":0}],"created":0}"# + "\r\n\r\n"
                    + chunks
                    + "data: \r\ndata: You said: “How do I call get_weather in Python?”.\r\n\r\n")
            XCTAssertTrue(response.wireBody.containsSequence("\r\n0\r\n\r\n"), "the chunked body is terminated")
        }
    }

    func testChatglm3WithGetFromTheStartSendsParseOutputTextsChunksWithoutCreated() async throws {
        try await withDemoServer(configuration(.chatglm3, cannedReply: "get_time()")) { server, _ in
            let response = try rawExchange(server, stream: true)
            XCTAssertEqual(
                response.text,
                #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
                    + #"{"role":"assistant","content":"\nget_time()"},"finish_reason":null,"index":0}]}"# + "\r\n\r\n"
                    + #"data: {"model":"demo-model","id":"","object":"chat.completion.chunk","choices":[{"delta":"#
                    + #"{},"finish_reason":"stop","index":0}]}"# + "\r\n\r\n"
                    + "data: [DONE]\r\n\r\n")
        }
    }

    func testChatglm3SendsAZeroByteBodyWhenTheOutputWithItsNewlineIsSevenCharactersOrFewer() async throws {
        let cases: [(reply: String, firstChunk: String?)] = [
            ("OK.", nil), ("123456", nil), ("1234567", "\n1234567"), ("你好世界你好", nil), ("你好世界你好世", "\n你好世界你好世"),
        ]
        for (reply, firstChunk) in cases {
            try await withDemoServer(configuration(.chatglm3, cannedReply: reply)) { server, _ in
                let response = try rawExchange(server, stream: true)
                XCTAssertEqual(response.status, 200, reply)
                XCTAssertEqual(response.header("content-type"), "text/event-stream; charset=utf-8", reply)
                if let firstChunk {
                    XCTAssertTrue(withoutTimes(response.text).hasPrefix(predictStreamEvent(firstChunk)), reply)
                } else {
                    XCTAssertEqual(response.wireBody, Array("0\r\n\r\n".utf8), reply)
                }
            }
        }
    }

    func testChatglm3AnswersMaxTokensOneWithEmptyContentStreamedOrNot() async throws {
        try await withDemoServer(configuration(.chatglm3)) { server, _ in
            let streamed = try rawExchange(server, stream: true, extra: ["max_tokens": 1])
            XCTAssertEqual(streamed.status, 200)
            XCTAssertEqual(streamed.body, [], "a zero-byte body")
            let whole = try rawExchange(server, stream: false, extra: ["max_tokens": 1])
            XCTAssertEqual(whole.status, 200)
            XCTAssertEqual(try content(of: whole), "")
        }
    }

    func testChatglm3DropsTheLastTokenThatMaxTokensAllows() async throws {
        // Generated: "\n", "Hello", " there" (3 tokens); ChatGLM3 shows all but the newest.
        try await withDemoServer(configuration(.chatglm3, cannedReply: "Hello there, friend.")) { server, _ in
            let whole = try rawExchange(server, stream: false, extra: ["max_tokens": 3])
            XCTAssertEqual(try content(of: whole), "Hello")
            let streamed = try rawExchange(server, stream: true, extra: ["max_tokens": 3])
            XCTAssertEqual(streamed.body, [], "\"\\nHello\" is 6 characters")
            let longer = try rawExchange(server, stream: true, extra: ["max_tokens": 4])
            XCTAssertEqual(
                withoutTimes(longer.text),
                predictStreamEvent("\nHello there") + predictStreamEvent("", finishReason: "stop")
                    + "data: [DONE]\r\n\r\n")
        }
    }

    // MARK: - chatglm3: without streaming

    func testChatglm3AnswersWithoutStreamingWithItsStrippedCompletionObject() async throws {
        try await withDemoServer(configuration(.chatglm3, cannedReply: "Hello there, friend.")) { server, _ in
            let response = try rawExchange(server, stream: false)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("content-type"), "application/json")
            XCTAssertEqual(
                withoutTimes(response.text),
                #"{"model":"demo-model","id":"","object":"chat.completion","choices":[{"index":0,"message":"#
                    + #"{"role":"assistant","content":"Hello there, friend.","name":null,"function_call":null},"#
                    + #""finish_reason":"stop"}],"created":0,"usage":{"prompt_tokens":1,"total_tokens":8,"#
                    + #""completion_tokens":7}}"#)
        }
    }

    func testChatglm3AnswersAFunctionCallWholeWithoutStreaming() async throws {
        let prompt = "How do I call get_weather in Python?"
        try await withDemoServer(configuration(.chatglm3)) { server, _ in
            let response = try rawExchange(server, prompt: prompt, stream: false)
            XCTAssertEqual(try content(of: response), DemoServer.replyText(forPrompt: prompt))
        }
    }

    // MARK: - chatglm3: timing and connections

    func testChatglm3HoldsTheWholeAnswerBackWhileTheFunctionCallIsGenerated() async throws {
        var paced = configuration(.chatglm3, cannedReply: "get_time() is the function to call here.")
        paced.tokensPerSecond = 2
        try await withDemoServer(paced) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest(prompt: "Hi", stream: true)
            try await eventually { server.requests.count == 1 }
            XCTAssertEqual(server.activeStreamCount, 1, "a held-back answer counts as a stream")
            XCTAssertTrue(connection.staysSilent(for: 0.15), "not even the status line")
            connection.disconnect()
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testChatglm3GivesAHeldBackAnswerOnceGenerated() async throws {
        var paced = configuration(.chatglm3, cannedReply: "get_time()")
        paced.tokensPerSecond = 200
        try await withDemoServer(paced) { server, _ in
            let response = try rawExchange(server, stream: true)
            XCTAssertTrue(response.text.hasSuffix("data: [DONE]\r\n\r\n"), response.text)
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testChatglm3KeepsTheConnectionAliveAfterEachKindOfStream() async throws {
        try await withDemoServer(configuration(.chatglm3, replyTokens: 16)) { server, _ in
            let connection = try RawHTTPConnection(port: server.port)
            for prompt in ["How do I call get_weather in Python?", "Hello", "one word"] {
                try connection.sendChatRequest(prompt: prompt, stream: true)
                XCTAssertEqual(try connection.readResponse().status, 200, prompt)
            }
            XCTAssertEqual(server.requests.map(\.connection), [1, 1, 1])
        }
    }

    func testChatglm3AtNAppliesToTheFirstNRequestsOnly() async throws {
        try await withDemoServer(configuration(.parsed("chatglm3@1"), cannedReply: "Hello there, friend.")) {
            server, _ in
            let first = try rawExchange(server, stream: true)
            XCTAssertTrue(first.text.hasPrefix(#"data: {"model":"demo-model","id":"""#))
            let second = try rawExchange(server, stream: true)
            XCTAssertTrue(second.text.hasPrefix(#"data: {"choices":"#), "the normal dialect: \(second.text)")
        }
    }
}
