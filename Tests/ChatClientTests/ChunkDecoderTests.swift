import ChatCore
import XCTest

@testable import ChatClient

final class ChunkDecoderTests: XCTestCase {
    private let decoder = ChunkDecoder()

    private func decode(_ data: String, type: String = "message") throws(ChatError) -> [StreamEvent] {
        try decoder.decode(SSEEvent(type: type, data: data))
    }

    func testContentDelta() throws {
        XCTAssertEqual(
            try decode(#"{"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}"#),
            [.content("Hi")])
    }

    func testReasoningUnderEitherName() throws {
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"reasoning":"think"}}]}"#), [.reasoning("think")])
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"reasoning_content":"hmm"}}]}"#), [.reasoning("hmm")])
    }

    func testFinishReasonAndUsageInOneChunk() throws {
        XCTAssertEqual(
            try decode(
                #"{"choices":[{"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}"#
            ),
            [.finish(reason: "length"), .usage(TokenUsage(promptTokens: 3, completionTokens: 5, totalTokens: 8))])
    }

    func testUsageChunkWithEmptyChoices() throws {
        XCTAssertEqual(
            try decode(#"{"choices":[],"usage":{"completion_tokens":9}}"#), [.usage(TokenUsage(completionTokens: 9))])
    }

    func testDoneMarker() throws {
        XCTAssertEqual(try decode("[DONE]"), [.done])
        XCTAssertEqual(try decode(" [DONE] "), [.done])
        XCTAssertThrowsError(try decode("[DONE"))
    }

    func testOldStarlettePingEventIsAKeepAlive() throws {
        XCTAssertEqual(try decode("2024-01-01 00:00:00", type: "ping"), [.keepAlive])
    }

    func testErrorObjectInsideTheStreamThrowsItsMessage() {
        XCTAssertThrowsError(
            try decode(#"{"error":{"message":"CUDA out of memory","type":"server_error","code":500}}"#)
        ) {
            XCTAssertEqual($0 as? ChatError, .inStream(message: "CUDA out of memory"))
        }
    }

    func testErrorStringInsideTheStream() {
        XCTAssertThrowsError(try decode(#"{"error":"Input validation error"}"#)) {
            XCTAssertEqual($0 as? ChatError, .inStream(message: "Input validation error"))
        }
    }

    func testFastChatErrorCode() {
        XCTAssertThrowsError(try decode(#"{"text":"NETWORK ERROR DUE TO HIGH TRAFFIC","error_code":50001}"#)) {
            XCTAssertEqual($0 as? ChatError, .inStream(message: "NETWORK ERROR DUE TO HIGH TRAFFIC (error code 50001)"))
        }
    }

    func testNonJSONDataIsMalformed() {
        XCTAssertThrowsError(try decode("Internal Server Error")) {
            guard case .malformed(let detail) = $0 as? ChatError else { return XCTFail("\($0)") }
            XCTAssertTrue(detail.contains("Internal Server Error"))
        }
    }

    func testNonStreamingCompletion() throws {
        let body =
            #"{"choices":[{"message":{"role":"assistant","content":"Whole","reasoning_content":"r"},"finish_reason":"stop"}],"usage":{"completion_tokens":1}}"#
        XCTAssertEqual(
            try decoder.decodeCompletion(Array(body.utf8)),
            [.reasoning("r"), .content("Whole"), .finish(reason: "stop"), .usage(TokenUsage(completionTokens: 1))])
    }

    func testALoneSurrogateIsReadAsTheReplacementCharacterInsteadOfFailingTheChunk() throws {
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"content":"a\ud800b"}}]}"#), [.content("a\u{FFFD}b")])
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"content":"\uDC00 low"}}]}"#), [.content("\u{FFFD} low")])
        XCTAssertEqual(
            try decode(#"{"choices":[{"delta":{"content":"half \ud83d\u0041"}}]}"#), [.content("half \u{FFFD}A")])
        XCTAssertEqual(
            try decoder.decodeCompletion(Array(#"{"choices":[{"message":{"content":"\ud800"}}]}"#.utf8)),
            [.content("\u{FFFD}")])
    }

    func testSurrogatePairsAndEscapedBackslashesAreLeftAsTheyAre() throws {
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"content":"\ud83d\ude80"}}]}"#), [.content("🚀")])
        XCTAssertEqual(try decode(#"{"choices":[{"delta":{"content":"\\ud800"}}]}"#), [.content(#"\ud800"#)])
        XCTAssertNil(LoneSurrogateRepair.repaired(Array(#"{"a":"\\ud800 \ud83d\ude80 \u00e9"}"#.utf8)))
    }

    func testALoneSurrogateDoesNotMakeBrokenJSONValid() {
        XCTAssertThrowsError(try decode(#"{"choices":[{"delta":{"content":"\ud800"#)) {
            guard case .malformed = $0 as? ChatError else { return XCTFail("\($0)") }
        }
    }
}
