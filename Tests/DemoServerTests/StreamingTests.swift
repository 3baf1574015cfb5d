import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

final class StreamingTests: XCTestCase {
    func testStreamingReplyConcatenatesToReplyTextWithLFFraming() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, framing: .lf)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertTrue(result.header("content-type")?.hasPrefix("text/event-stream") == true)
            XCTAssertNil(result.bodyError)
            XCTAssertEqual(try result.contentTokens(), DemoServer.replyTokens(forPrompt: "Hello"))
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hello"))
            XCTAssertTrue(result.body.containsSequence("\n\n"))
            XCTAssertFalse(result.body.containsSequence("\r"))
            XCTAssertTrue(result.text.hasPrefix("data: {"))
        }
    }

    func testStreamingReplyConcatenatesToReplyTextWithCRLFFraming() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, framing: .crlf)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hello"))
            XCTAssertTrue(result.body.containsSequence("\r\n\r\n"))
            XCTAssertFalse(result.body.containsSequence("\n\n"), "no bare LF LF")
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
            XCTAssertTrue(result.text.hasSuffix("data: [DONE]\r\n\r\n"))
        }
    }

    func testSpaceAfterColonFalseWritesDataImmediatelyAfterTheColon() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, spaceAfterColon: false)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            XCTAssertTrue(result.text.hasPrefix("data:{"))
            XCTAssertFalse(result.text.contains("data: "))
            XCTAssertTrue(result.text.hasSuffix("data:[DONE]\n\n"))
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hello"))
        }
    }

    func testOnlyTheFirstDeltaCarriesTheRoleByDefault() async throws {
        try await withDemoServer { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            let deltas = try result.chunkObjects().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            }
            XCTAssertEqual(deltas.first?["role"] as? String, "assistant")
            XCTAssertTrue(deltas.dropFirst().allSatisfy { $0["role"] == nil })
        }
    }

    func testRepeatRoleInEveryDeltaPutsTheRoleInEveryContentDelta() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, repeatRoleInEveryDelta: true)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            let deltas = try result.chunkObjects().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            }
            let contentDeltas = deltas.filter { $0["content"] != nil }
            XCTAssertEqual(contentDeltas.count, DemoServer.replyTokens(forPrompt: "Hello").count)
            XCTAssertTrue(contentDeltas.allSatisfy { $0["role"] as? String == "assistant" })
        }
    }

    func testStreamEndsWithFinishChunkThenUsageChunkThenDone() async throws {
        try await withDemoServer { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
            let chunks = try result.chunkObjects()
            XCTAssertEqual(Set(chunks.compactMap { $0["id"] as? String }).count, 1, "one id for the whole stream")
            XCTAssertTrue(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
            XCTAssertTrue(chunks.allSatisfy { $0["model"] as? String == "demo-model" })
            let finish = chunks[chunks.count - 2]
            let finishChoice = try XCTUnwrap((finish["choices"] as? [[String: Any]])?.first)
            XCTAssertEqual(finishChoice["finish_reason"] as? String, "stop")
            XCTAssertEqual((finishChoice["delta"] as? [String: Any])?.isEmpty, true)
            let usageChunk = try XCTUnwrap(chunks.last)
            XCTAssertEqual((usageChunk["choices"] as? [Any])?.isEmpty, true)
            let usage = try XCTUnwrap(usageChunk["usage"] as? [String: Int])
            XCTAssertEqual(usage["completion_tokens"], DemoServer.replyTokens(forPrompt: "Hello").count)
            XCTAssertEqual(usage["total_tokens"], (usage["prompt_tokens"] ?? 0) + (usage["completion_tokens"] ?? 0))
            let contentChoices = chunks.dropLast(2).compactMap { ($0["choices"] as? [[String: Any]])?.first }
            XCTAssertTrue(contentChoices.allSatisfy { $0["finish_reason"] is NSNull }, "finish_reason: null")
        }
    }

    func testUsageChunkIsOmittedWhenDisabled() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, sendUsageChunk: false)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            let chunks = try result.chunkObjects()
            XCTAssertTrue(chunks.allSatisfy { $0["usage"] == nil })
            let last = try XCTUnwrap((chunks.last?["choices"] as? [[String: Any]])?.first)
            XCTAssertEqual(last["finish_reason"] as? String, "stop")
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testMaxTokensTruncatesTheStreamWithFinishReasonLength() async throws {
        try await withDemoServer { server, client in
            let request = try chatRequest(server, prompt: "Hello", stream: true, extra: ["max_tokens": 5])
            let result = try await exchange(client, request)
            XCTAssertEqual(try result.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "Hello").prefix(5)))
            let reasons = try result.chunkObjects().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
            }
            XCTAssertEqual(reasons, ["length"])
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testReplyTokens2000StreamsExactly2000Tokens() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, replyTokens: 2000)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Bench", stream: true))
            let tokens = try result.contentTokens()
            XCTAssertEqual(tokens.count, 2000)
            XCTAssertEqual(tokens, DemoServer.replyTokens(forPrompt: "Bench", tokens: 2000))
            XCTAssertEqual(tokens.joined(), DemoServer.replyText(forPrompt: "Bench", tokens: 2000))
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
            XCTAssertGreaterThan(result.chunks.count, 1, "written in several reasonably sized writes")
        }
    }

    func testPingCommentsAppearWhileASlowStreamIsOpen() async throws {
        let configuration = DemoServerConfiguration(
            tokensPerSecond: 20, framing: .crlf, pingInterval: 0.02, replyTokens: 8)
        try await withDemoServer(configuration) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Ping", stream: true))
            let pings = NaiveSSE.comments(result.text)
            XCTAssertFalse(pings.isEmpty)
            XCTAssertTrue(pings.allSatisfy { $0.hasPrefix(": ping - ") }, "\(pings)")
            let timestamp = String(try XCTUnwrap(pings.first).dropFirst(": ping - ".count))
            XCTAssertNotNil(try? Date(timestamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            XCTAssertFalse(result.body.containsSequence("\n\n"), "pings use the stream's CRLF framing")
            XCTAssertEqual(try result.contentTokens(), DemoServer.replyTokens(forPrompt: "Ping", tokens: 8))
        }
    }

    func testNoPingsWithoutAPingInterval() async throws {
        try await withDemoServer(.init(tokensPerSecond: 200, replyTokens: 10)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Ping", stream: true))
            XCTAssertTrue(NaiveSSE.comments(result.text).isEmpty)
        }
    }

    func testBodyArrivesIncrementallyAtASlowPace() async throws {
        try await withDemoServer(.init(tokensPerSecond: 20, replyTokens: 6)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Slow", stream: true))
            XCTAssertGreaterThan(result.chunks.count, 1)
            let first = String(decoding: try XCTUnwrap(result.chunks.first), as: UTF8.self)
            let last = String(decoding: try XCTUnwrap(result.chunks.last), as: UTF8.self)
            XCTAssertTrue(first.contains("\"content\":\"You\""), first)
            XCTAssertFalse(first.contains("[DONE]"), "the first token arrives before the end of the stream")
            XCTAssertTrue(last.contains("[DONE]"))
            XCTAssertEqual(try result.contentTokens(), DemoServer.replyTokens(forPrompt: "Slow", tokens: 6))
        }
    }
}
