import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Faults that break the shape of a stream; non-streaming requests are answered normally.
final class StreamFaultTests: XCTestCase {
    /// The content of a non-streaming reply.
    private func content(of result: Exchange) throws -> String {
        let choice = try XCTUnwrap((try result.json()["choices"] as? [[String: Any]])?.first)
        return try XCTUnwrap((choice["message"] as? [String: Any])?["content"] as? String)
    }

    /// The `finish_reason` values of the stream's chunks that have one.
    private func finishReasons(of result: Exchange) throws -> [String] {
        try result.chunkObjects().compactMap {
            ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
        }
    }

    private let errorEvent =
        #"data: {"error":{"message":"demo server fault: error inside the stream","type":"server_error"}}"# + "\n\n"

    func testEmptyBodyAnswers200WithEventStreamHeadersAndZeroBytes() async throws {
        try await withDemoServer(.fast(.emptyBody)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertTrue(result.header("content-type")?.hasPrefix("text/event-stream") == true)
            XCTAssertNil(result.bodyError)
            XCTAssertEqual(result.body.count, 0)
        }
    }

    func testEmptyBodyStillAnswersNonStreamingRequests() async throws {
        try await withDemoServer(.fast(.emptyBody)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual(try content(of: result), DemoServer.replyText(forPrompt: "Hi"))
        }
    }

    func testChatglmShortSendsAZeroByteStreamForAOneWordReply() async throws {
        try await withDemoServer(.fast(.chatglmShort)) { server, client in
            let prompt = "Answer in ONE WORD: is the sky blue?"
            let streamed = try await exchange(client, try chatRequest(server, prompt: prompt, stream: true))
            XCTAssertEqual(streamed.status, 200)
            XCTAssertTrue(streamed.header("content-type")?.hasPrefix("text/event-stream") == true)
            XCTAssertNil(streamed.bodyError)
            XCTAssertEqual(streamed.body.count, 0)
            let whole = try await exchange(client, try chatRequest(server, prompt: prompt, stream: false))
            XCTAssertEqual(whole.status, 200)
            XCTAssertEqual(try content(of: whole), "OK.", "the same request without streaming is answered")
        }
    }

    func testChatglmShortStreamsLongerRepliesNormally() async throws {
        try await withDemoServer(.fast(.chatglmShort)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hello", stream: true))
            XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: "Hello"))
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testChatglmShortSwallowsRepliesOfUpToSixCharactersNotBytesAsNewlineAndReplyMakeSeven() async throws {
        let cases: [(reply: String, isEmpty: Bool)] = [
            ("123456", true), ("1234567", false), ("你好世界你好", true), ("你好世界你好世", false),
        ]
        for (reply, isEmpty) in cases {
            try await withDemoServer(.fast(.chatglmShort, cannedReply: reply)) { server, client in
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
                XCTAssertEqual(result.body.isEmpty, isEmpty, reply)
                if !isEmpty {
                    XCTAssertEqual(try result.contentTokens().joined(), reply)
                }
            }
        }
    }

    func testChatglmShortCountsTheReplyAfterMaxTokens() async throws {
        try await withDemoServer(.fast(.chatglmShort)) { server, client in
            let request = try chatRequest(server, prompt: "Hello", stream: true, extra: ["max_tokens": 1])
            let result = try await exchange(client, request)
            XCTAssertEqual(result.body.count, 0, "the one-token reply \"You\" is short")
        }
    }

    func testErrorInStreamSendsKTokensThenTheErrorEventAndEndsTheBody() async throws {
        try await withDemoServer(.fast(.parsed("error-in-stream:2"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError, "the body ends normally")
            XCTAssertEqual(try result.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "Hi").prefix(2)))
            XCTAssertTrue(result.text.hasSuffix(errorEvent), result.text)
            XCTAssertEqual(result.dataPayloads.count, 3)
            XCTAssertFalse(result.dataPayloads.contains("[DONE]"))
            XCTAssertEqual(try finishReasons(of: result), [], "no finish_reason")
        }
    }

    func testErrorInStreamWithZeroTokensPutsTheErrorFirst() async throws {
        try await withDemoServer(.fast(.parsed("error-in-stream:0"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertEqual(result.text, errorEvent)
        }
    }

    func testErrorInStreamDefaultsToFiveTokens() async throws {
        try await withDemoServer(.fast(.errorInStream)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try result.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "Hi").prefix(5)))
            XCTAssertTrue(result.text.hasSuffix(errorEvent))
        }
    }

    func testDropMidStreamClosesTheConnectionAfterKTokens() async throws {
        try await withDemoServer(.fast(.parsed("drop-mid-stream:3"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNotNil(result.bodyError, "the body does not end cleanly")
            XCTAssertEqual(try result.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "Hi").prefix(3)))
            XCTAssertFalse(result.dataPayloads.contains("[DONE]"))
            XCTAssertEqual(try finishReasons(of: result), [], "no finish_reason")
        }
    }

    func testDropMidStreamHonoursAPacedStream() async throws {
        var paced = DemoServerConfiguration.fast(.dropMidStream)
        paced.tokensPerSecond = 200
        try await withDemoServer(paced) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertNotNil(result.bodyError)
            XCTAssertEqual(try result.contentTokens().count, DemoFault.contentTokensBeforeFailure)
        }
    }

    func testBadJSONSendsOneNonJSONEventAfterKTokensThenTheRestOfTheReply() async throws {
        try await withDemoServer(.fast(.parsed("bad-json:2"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError)
            let payloads = result.dataPayloads
            let broken = result.nonJSONPayloads
            XCTAssertEqual(broken, [#"{"choices":[{"delta":"#])
            XCTAssertEqual(payloads.firstIndex(of: #"{"choices":[{"delta":"#), 2, "after the first two tokens")
            let jsonOnly = payloads.filter { !broken.contains($0) && $0 != "[DONE]" }
            let tokens = try jsonOnly.compactMap { payload -> String? in
                let chunk = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
                let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                return delta?["content"] as? String
            }
            XCTAssertEqual(tokens, DemoServer.replyTokens(forPrompt: "Hi"), "no token is lost")
            XCTAssertEqual(payloads.last, "[DONE]")
        }
    }

    func testBadJSONPutsTheBrokenEventFirstByDefault() async throws {
        try await withDemoServer(.fast(.badJSON)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertTrue(result.text.hasPrefix("data: {\"choices\":[{\"delta\":\n\ndata: {"), result.text)
        }
    }

    func testBadJSONAfterTheLastTokenComesBeforeTheFinishChunk() async throws {
        try await withDemoServer(.fast(.parsed("bad-json:99"), cannedReply: "two words")) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.dataPayloads.firstIndex(of: #"{"choices":[{"delta":"#), 2)
            XCTAssertEqual(result.dataPayloads.count, 6, "two tokens, the broken event, finish, usage, [DONE]")
        }
    }

    func testNoDoneEndsWithFinishAndUsageButNoDone() async throws {
        try await withDemoServer(.fast(.noDone)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError, "the body ends cleanly")
            XCTAssertEqual(try result.contentTokens(), DemoServer.replyTokens(forPrompt: "Hi"))
            XCTAssertEqual(try finishReasons(of: result), ["stop"])
            XCTAssertFalse(result.text.contains("[DONE]"))
            let last = try XCTUnwrap(try result.chunkObjects().last)
            XCTAssertNotNil(last["usage"], "the usage chunk is the last event")
            XCTAssertTrue(result.text.hasSuffix("}\n\n"))
        }
    }

    func testTrickleWritesAtMostThreeBytesPerWriteMillisecondsApart() async throws {
        // Five two-byte characters in a row: 3-byte writes cut inside one of them whatever the alignment.
        var configuration = DemoServerConfiguration.fast(.parsed("trickle:1"), cannedReply: "ééééé 你好")
        configuration.sendUsageChunk = false
        try await withDemoServer(configuration) { server, client in
            let started = Date()
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            let elapsed = Date().timeIntervalSince(started)
            XCTAssertEqual(result.status, 200)
            XCTAssertNil(result.bodyError)
            XCTAssertTrue(result.chunks.allSatisfy { (1...3).contains($0.count) }, "\(result.chunks.map(\.count))")
            XCTAssertGreaterThanOrEqual(result.chunks.count, (result.body.count + 2) / 3)
            XCTAssertFalse(result.boundariesInsideCharacters.isEmpty, "some write ends inside a UTF-8 character")
            XCTAssertGreaterThanOrEqual(elapsed, Double(result.chunks.count - 1) * 0.001, "1 ms between writes")
            XCTAssertEqual(try result.contentTokens().joined(), "ééééé 你好")
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testSplitUTF8EndsEveryWriteInsideAMultiByteCharacter() async throws {
        try await withDemoServer(.fast(.splitUTF8)) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(streamed.status, 200)
            XCTAssertNil(streamed.bodyError)
            let body = streamed.body
            let firstBytes = body.indices.filter { body[$0] >= 0xC0 }
            XCTAssertGreaterThan(firstBytes.count, 40, "plenty of multi-byte characters")
            let boundaries = streamed.chunkBoundaries
            for index in firstBytes {
                XCTAssertTrue(boundaries.contains(index + 1), "a write ends after the first byte at \(index)")
            }
            XCTAssertEqual(streamed.dataPayloads.last, "[DONE]")

            let whole = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            let text = try content(of: whole)
            XCTAssertEqual(try streamed.contentTokens().joined(), text, "the same multilingual text either way")
            for sample in ["é", "你好", "🚀", "안녕", "русский"] {
                XCTAssertTrue(text.contains(sample), sample)
            }
        }
    }

    func testSplitUTF8KeepsACannedReply() async throws {
        try await withDemoServer(.fast(.splitUTF8, cannedReply: "ça va")) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try result.contentTokens().joined(), "ça va")
        }
    }

    func testEndlessParagraphRepeatsOneWordWithoutALineBreak() async throws {
        try await withDemoServer(.fast(.parsed("endless-paragraph:5000"))) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(streamed.status, 200)
            XCTAssertEqual(try streamed.contentTokens(), Array(repeating: "the ", count: 5_000), "one token per event")
            XCTAssertEqual(try finishReasons(of: streamed), ["stop"])
            XCTAssertEqual(streamed.dataPayloads.last, "[DONE]")
            let whole = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            XCTAssertEqual(
                try content(of: whole), DemoServer.replyText(forPrompt: "Hi"), "not streamed: a normal reply")
        }
    }

    func testStreamShapeFaultsLeaveNonStreamingRequestsAlone() async throws {
        let faults = [
            "empty-body", "chatglm-short", "chatglm-newline", "chatglm-function-call", "hang-after-headers",
            "hang-after-headers-pings", "hang-mid-stream",
            "drop-mid-stream", "error-in-stream", "bad-json", "no-done", "trickle",
        ]
        try await withDemoServer { server, client in
            for fault in faults {
                let request = try chatRequest(
                    server, prompt: "Hi", stream: false, headers: [(DemoFault.headerName, fault)])
                let result = try await exchange(client, request)
                XCTAssertEqual(result.status, 200, fault)
                XCTAssertEqual(try content(of: result), DemoServer.replyText(forPrompt: "Hi"), fault)
            }
        }
    }
}
