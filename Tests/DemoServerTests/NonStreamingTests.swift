import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

final class NonStreamingTests: XCTestCase {
    private func message(of json: [String: Any]) throws -> (content: String, finishReason: String?) {
        let choice = try XCTUnwrap((json["choices"] as? [[String: Any]])?.first)
        let message = try XCTUnwrap(choice["message"] as? [String: Any])
        XCTAssertEqual(message["role"] as? String, "assistant")
        return (try XCTUnwrap(message["content"] as? String), choice["finish_reason"] as? String)
    }

    func testNonStreamingReplyIsOneChatCompletionEqualToReplyText() async throws {
        try await withDemoServer { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: false))
            XCTAssertEqual(result.status, 200)
            let json = try result.json()
            XCTAssertEqual(json["object"] as? String, "chat.completion")
            XCTAssertTrue((json["id"] as? String)?.hasPrefix("chatcmpl-demo-") == true)
            XCTAssertEqual(json["model"] as? String, "demo-model")
            XCTAssertNotNil(json["created"] as? Int)
            let (content, finishReason) = try message(of: json)
            XCTAssertEqual(content, DemoServer.replyText(forPrompt: "Hello"))
            XCTAssertEqual(finishReason, "stop")
            let usage = try XCTUnwrap(json["usage"] as? [String: Int])
            XCTAssertEqual(usage["completion_tokens"], DemoServer.replyTokens(forPrompt: "Hello").count)
            XCTAssertEqual(usage["total_tokens"], (usage["prompt_tokens"] ?? 0) + (usage["completion_tokens"] ?? 0))
        }
    }

    func testAConversationAskedAgainGetsAnotherAnswerWhenAnswersVary() async throws {
        var configuration = DemoServerConfiguration(tokensPerSecond: 0)
        configuration.variesRepeatedAnswers = true
        try await withDemoServer(configuration) { server, client in
            func answer(_ prompt: String) async throws -> String {
                try message(
                    of: try await exchange(client, try chatRequest(server, prompt: prompt, stream: false)).json()
                )
                .content
            }
            let first = try await answer("Hello")
            let second = try await answer("Hello")
            let third = try await answer("Hello")
            let other = try await answer("Goodbye")
            XCTAssertEqual(first, DemoServer.replyText(forPrompt: "Hello"))
            XCTAssertEqual(second, "Answer 2: " + first, "a retry, answered differently")
            XCTAssertEqual(third, "Answer 3: " + first)
            XCTAssertEqual(other, DemoServer.replyText(forPrompt: "Goodbye"), "another conversation")
        }
    }

    func testByDefaultAConversationAskedAgainGetsTheSameAnswer() async throws {
        try await withDemoServer { server, client in
            let request = { try chatRequest(server, prompt: "Hello", stream: false) }
            let first = try message(of: try await exchange(client, try request()).json()).content
            let second = try message(of: try await exchange(client, try request()).json()).content
            XCTAssertEqual(first, second)
        }
    }

    func testStreamFieldAbsentMeansNonStreaming() async throws {
        try await withDemoServer { server, client in
            let body = #"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#
            let request = rawRequest(server, path: "/chat/completions", method: "POST", body: Array(body.utf8))
            let result = try await exchange(client, request)
            XCTAssertEqual(try result.json()["object"] as? String, "chat.completion")
        }
    }

    func testNonStreamingReplyHonoursMaxTokensWithFinishReasonLength() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(server, prompt: "Hello", stream: false, extra: ["max_tokens": 4])
            let (content, finishReason) = try message(of: try await exchange(client, request).json())
            XCTAssertEqual(content, DemoServer.replyTokens(forPrompt: "Hello").prefix(4).joined())
            XCTAssertEqual(finishReason, "length")
        }
    }

    func testArrayOfTextPartsIsAcceptedAsThePrompt() async throws {
        try await withDemoServer { server, client in
            let parts: [[String: Any]] = [["type": "text", "text": "from parts"]]
            let request = try chatRequest(
                server, prompt: "", stream: false, extra: ["messages": [["role": "user", "content": parts]]])
            let (content, _) = try message(of: try await exchange(client, request).json())
            XCTAssertEqual(content, DemoServer.replyText(forPrompt: "from parts"))
        }
    }

    func testPromptIsTheContentOfTheLastUserMessage() async throws {
        try await withDemoServer { server, client in
            let messages = [
                ["role": "system", "content": "be brief"],
                ["role": "user", "content": "first"],
                ["role": "assistant", "content": "answer"],
                ["role": "user", "content": "second"],
                ["role": "assistant", "content": "pending"],
            ]
            let request = try chatRequest(server, prompt: "", stream: false, extra: ["messages": messages])
            let (content, _) = try message(of: try await exchange(client, request).json())
            XCTAssertEqual(content, DemoServer.replyText(forPrompt: "second"))
        }
    }

    func testQuotesNewlinesControlCharactersAndEmojiSurviveJSONEncoding() async throws {
        let prompt = "He said \"hi\"\\ then\nleft\t\u{1}. 你好 🚀 </script>"
        try await withDemoServer { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: prompt, stream: false))
            let (content, _) = try message(of: try result.json())
            XCTAssertEqual(content, DemoServer.replyText(forPrompt: prompt))
        }
    }
}
