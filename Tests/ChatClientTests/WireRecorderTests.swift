import XCTest

@testable import ChatClient

/// Dialect detection and request facts from recorded byte sequences, as real servers send them.
final class WireRecorderTests: XCTestCase {
    /// Feeds `chunks` as separate reads of a 200 `text/event-stream` body.
    private func record(
        _ chunks: [String], mode: ProbeObservation.Mode = .stream, status: Int = 200,
        contentType: String = "text/event-stream"
    ) -> ProbeObservation {
        var recorder = WireRecorder(mode: mode, prompt: .short)
        recorder.receiveHead(status: status, contentType: contentType)
        for (index, chunk) in chunks.enumerated() {
            recorder.receive(Array(chunk.utf8), elapsedMs: Double(10 * (index + 1)))
        }
        return recorder.finish(elapsedMs: 1000)
    }

    private func delta(_ fields: String, finish: String? = nil) -> String {
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return
            #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{\#(fields)},"finish_reason":\#(reason)}]}"#
    }

    func testCRLFFramingWithPingsAndRepeatedRolesLikeSSEStarlette() {
        let observation = record([
            ": ping - 2024-05-01 10:00:00.000000\r\n\r\n",
            "data: " + delta(#""role":"assistant","content":"Yes, water""#) + "\r\n\r\n",
            ": ping - 2024-05-01 10:00:15.000000\r\n\r\n",
            "data: " + delta(#""role":"assistant","content":" is wet.""#) + "\r\n\r\n",
            "data: " + delta(#""role":"assistant","content":"""#, finish: "stop") + "\r\n\r\n",
            "data: [DONE]\r\n\r\n",
        ])
        XCTAssertEqual(observation.dialect.lineEnding, .crlf)
        XCTAssertEqual(observation.dialect.dataPrefix, .space)
        XCTAssertEqual(observation.dialect.comments, 2)
        XCTAssertEqual(observation.dialect.roleInEveryDelta, true)
        XCTAssertEqual(observation.dialect.usageChunks, 0)
        XCTAssertNil(observation.dialect.reasoningField)
        XCTAssertTrue(observation.sawDone)
        XCTAssertEqual(observation.finishReason, "stop")
        XCTAssertEqual(observation.contentCharacters, "Yes, water is wet.".count)
        XCTAssertEqual(observation.events, 4)
        XCTAssertEqual(observation.firstTokenMs, 20)
        XCTAssertEqual(observation.outcome, .ok)
    }

    func testACRLFSplitBetweenReadsIsStillOneCRLF() {
        let observation = record(["data: [DONE]\r", "\n\r", "\n"])
        XCTAssertEqual(observation.dialect.crlfLines, 2)
        XCTAssertEqual(observation.dialect.lineEnding, .crlf)
    }

    func testLFFramingWithAUsageChunkLikeOllama() {
        let body =
            "data: " + delta(#""role":"assistant","content":"Yes""#) + "\n\n"
            + "data: " + delta(#""content":".""#, finish: "stop") + "\n\n"
            + #"data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"# + "\n\n"
            + "data: [DONE]\n\n"
        let observation = record([body])
        XCTAssertEqual(observation.dialect.lineEnding, .lf)
        XCTAssertEqual(observation.dialect.usageChunks, 1)
        XCTAssertEqual(observation.dialect.roleInEveryDelta, false)
        XCTAssertFalse(observation.dialect.sendsKeepAlives)
        XCTAssertTrue(observation.sawDone)
        XCTAssertEqual(observation.outcome, .ok)
    }

    func testDataWithoutASpaceAndBareKeepAlivesLikeTGI() {
        let observation = record([
            ":\n\n",
            "data:" + delta(#""role":"assistant","content":"Yes""#, finish: "stop") + "\n\n",
        ])
        XCTAssertEqual(observation.dialect.dataPrefix, .noSpace)
        XCTAssertEqual(observation.dialect.comments, 1)
        XCTAssertFalse(observation.sawDone)
        XCTAssertEqual(observation.contentCharacters, 3)
    }

    func testReasoningContentIsTellApartFromReasoningAndNullsDoNotCount() {
        let deepSeek = record([
            "data: " + delta(#""role":"assistant","reasoning_content":"Water wets things.","content":null"#) + "\n\n",
            "data: " + delta(#""reasoning_content":null,"content":"Yes""#, finish: "stop") + "\n\n",
            "data: [DONE]\n\n",
        ])
        XCTAssertEqual(deepSeek.dialect.reasoningField, .reasoningContent)
        XCTAssertEqual(deepSeek.reasoningCharacters, "Water wets things.".count)
        XCTAssertEqual(deepSeek.firstTokenMs, 10)

        let ollama = record([
            "data: " + delta(#""role":"assistant","reasoning":"Hmm.","reasoning_content":null"#) + "\n\n",
            "data: [DONE]\n\n",
        ])
        XCTAssertEqual(ollama.dialect.reasoningField, .reasoning)
    }

    func testOldSSEStarlettePingEventsAreCounted() {
        let observation = record([
            "event: ping\r\ndata: 2024-05-01 10:00:00\r\n\r\n",
            "data: " + delta(#""content":"Yes""#, finish: "stop") + "\r\n\r\n",
        ])
        XCTAssertEqual(observation.dialect.pingEvents, 1)
        XCTAssertEqual(observation.outcome, .ok)
    }

    func testMixedLineEndingsAreCalledMixed() {
        XCTAssertEqual(record(["data: [DONE]\n\r\n"]).dialect.lineEnding, .mixed)
        XCTAssertEqual(record(["data: [DONE]\r\r"]).dialect.lineEnding, .cr)
    }

    func testAZeroByte200StreamIsEmptyNotFailed() {
        let observation = record([])
        XCTAssertEqual(observation.outcome, .empty)
        XCTAssertEqual(observation.status, 200)
        XCTAssertEqual(observation.bodyBytes, 0)
        XCTAssertNil(observation.dialect.lineEnding)
    }

    func testAnHTTPErrorKeepsTheServersOwnWords() {
        let observation = record(
            [#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#], status: 401,
            contentType: "application/json")
        XCTAssertEqual(observation.errorKind, .http)
        XCTAssertEqual(observation.status, 401)
        XCTAssertEqual(observation.error, "Incorrect API key provided")
        XCTAssertEqual(observation.outcome, .failed)
    }

    func testAnErrorInsideTheStreamIsRecordedAfterTheContentBeforeIt() {
        let observation = record([
            "data: " + delta(#""content":"Hello""#) + "\n\n",
            #"data: {"error":{"message":"CUDA out of memory","type":"server_error"}}"# + "\n\n",
        ])
        XCTAssertEqual(observation.errorKind, .inStream)
        XCTAssertEqual(observation.error, "CUDA out of memory")
        XCTAssertEqual(observation.contentCharacters, 5)
        XCTAssertNil(observation.finishReason)
    }

    func testAStreamOfHTMLIsMalformedAndQuoted() {
        let observation = record(["<html><body>Bad gateway</body></html>"])
        XCTAssertEqual(observation.errorKind, .malformed)
        XCTAssertTrue(observation.error?.contains("Bad gateway") ?? false, observation.error ?? "")
    }

    func testANonStreamingCompletionHasContentAndNoFirstTokenTime() {
        let observation = record(
            [
                #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Yes.","reasoning_content":"wet"},"#
                    + #""finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#
            ], mode: .nonStream, contentType: "application/json")
        XCTAssertEqual(observation.contentCharacters, 4)
        XCTAssertEqual(observation.finishReason, "stop")
        XCTAssertEqual(observation.dialect.reasoningField, .reasoningContent)
        XCTAssertEqual(observation.dialect.usageChunks, 0)
        XCTAssertNil(observation.firstTokenMs)
        XCTAssertEqual(observation.outcome, .ok)
    }

    func testATimeoutBeforeAnyTokenNamesTheFirstTokenTheLimitAndItsFlag() {
        var recorder = WireRecorder(mode: .stream, prompt: .long)
        recorder.receiveHead(status: 200, contentType: "text/event-stream")
        recorder.receive(Array(": ping\n\n".utf8), elapsedMs: 5)
        let observation = recorder.timeOut(afterSeconds: 2, elapsedMs: 2000)
        XCTAssertEqual(observation.outcome, .timedOut)
        XCTAssertEqual(observation.error, "no first token within 2 s (--timeout)")
        XCTAssertEqual(observation.dialect.comments, 1)
    }

    func testATimeoutMidStreamSaysTheReplyDidNotEnd() {
        var recorder = WireRecorder(mode: .stream, prompt: .long)
        recorder.receiveHead(status: 200, contentType: "text/event-stream")
        recorder.receive(Array("data: {\"choices\":[{\"delta\":{\"content\":\"Water\"}}]}\n\n".utf8), elapsedMs: 5)
        let observation = recorder.timeOut(afterSeconds: 2.5, elapsedMs: 2500)
        XCTAssertEqual(observation.error, "the reply did not end within 2.5 s (--timeout)")
    }

    func testATimeoutWithoutStreamingSaysNoReplyCame() {
        var recorder = WireRecorder(mode: .nonStream, prompt: .short)
        recorder.receiveHead(status: 200, contentType: "application/json")
        let observation = recorder.timeOut(afterSeconds: 30, elapsedMs: 30000)
        XCTAssertEqual(observation.error, "no reply within 30 s (--timeout)")
    }

    func testDialectsOfSeveralRequestsAddUp() {
        var lf = WireDialect()
        lf.lfLines = 4
        lf.dataLinesWithSpace = 2
        var crlf = WireDialect()
        crlf.crlfLines = 4
        crlf.dataLinesWithSpace = 2
        XCTAssertEqual(lf.merged(with: lf).lineEnding, .lf)
        XCTAssertEqual(lf.merged(with: crlf).lineEnding, .mixed)
        XCTAssertEqual(lf.merged(with: crlf).dataLinesWithSpace, 4)
    }

    // MARK: Bounds and redirects, as the chat transport has them

    func testAnEndlessLineSettlesTheObservationAtTheLineBound() {
        let limits = ResponseLimits(lineBytes: 200)
        var recorder = WireRecorder(mode: .stream, prompt: .long, limits: limits)
        recorder.receiveHead(status: 200, contentType: "text/event-stream")
        recorder.receive(Array(("data: " + delta(#""content":"Hi""#) + "\n\n").utf8), elapsedMs: 1)
        XCTAssertTrue(recorder.wantsMoreBytes)
        recorder.receive(Array(repeating: UInt8(ascii: "x"), count: 201), elapsedMs: 2)
        XCTAssertFalse(recorder.wantsMoreBytes, "the delegate stops reading")
        let observation = recorder.finish(elapsedMs: 3)
        XCTAssertEqual(observation.errorKind, .malformed)
        XCTAssertEqual(observation.error, "the server sent a line longer than 200 bytes without ending it")
        XCTAssertEqual(observation.contentCharacters, 2)
    }

    func testAStreamedReplyPastTheReplyBoundSettlesTheObservation() {
        var recorder = WireRecorder(mode: .stream, prompt: .long, limits: ResponseLimits(replyBytes: 4))
        recorder.receiveHead(status: 200, contentType: "text/event-stream")
        for word in ["ab", "cd", "ef"] {
            recorder.receive(Array(("data: " + delta(#""content":"\#(word)""#) + "\n\n").utf8), elapsedMs: 1)
        }
        XCTAssertFalse(recorder.wantsMoreBytes)
        let observation = recorder.finish(elapsedMs: 2)
        XCTAssertEqual(observation.error, "the reply is larger than 4 bytes")
        XCTAssertEqual(observation.contentCharacters, 4)
    }

    func testANonStreamingReplyPastTheReplyBoundSettlesTheObservation() {
        var recorder = WireRecorder(mode: .nonStream, prompt: .long, limits: ResponseLimits(replyBytes: 10))
        recorder.receiveHead(status: 200, contentType: "application/json")
        recorder.receive(Array(#"{"choices":[{"message":{"content":"long"}}]}"#.utf8), elapsedMs: 1)
        XCTAssertFalse(recorder.wantsMoreBytes)
        XCTAssertEqual(recorder.finish(elapsedMs: 2).error, "the reply is larger than 10 bytes")
    }

    func testAnErrorBodyIsReadOnlyUpToItsBound() {
        var recorder = WireRecorder(mode: .stream, prompt: .long, limits: ResponseLimits(errorBodyBytes: 8))
        recorder.receiveHead(status: 500, contentType: "text/plain")
        recorder.receive(Array("overloaded, try later".utf8), elapsedMs: 1)
        XCTAssertFalse(recorder.wantsMoreBytes)
        let observation = recorder.finish(elapsedMs: 2)
        XCTAssertEqual(observation.errorKind, .http)
        XCTAssertEqual(observation.error, "overload")
    }

    func testARedirectSettlesTheObservationWithItsTarget() {
        var recorder = WireRecorder(
            mode: .stream, prompt: .short, requestURL: "http://127.0.0.1:8000/v1/chat/completions")
        recorder.receiveHead(status: 308, contentType: nil, location: "https://api.example.com/v1/chat/completions")
        XCTAssertFalse(recorder.wantsMoreBytes)
        let observation = recorder.finish(elapsedMs: 1)
        XCTAssertEqual(observation.status, 308)
        XCTAssertEqual(observation.errorKind, .http)
        XCTAssertEqual(
            observation.error,
            "the server redirected to https://api.example.com/v1/chat/completions: use https://api.example.com/v1 "
                + "as --base-url")
    }

    func testALoneSurrogateInAChunkCountsAsOneCharacter() {
        let observation = record(["data: " + delta(#""content":"a\ud800""#, finish: "stop") + "\n\n"])
        XCTAssertEqual(observation.outcome, .ok)
        XCTAssertEqual(observation.contentCharacters, 2)
    }

    func testAStreamRecordsItsPiecesTheTimeOfTheLastAndTheServersTokenCount() {
        let observation = record([
            "data: " + delta(#""role":"assistant","content":"One""#) + "\n\n",
            "data: " + delta(#""content":", two""#) + "\n\n",
            "data: " + delta(#""reasoning_content":"hm""#) + "\n\n",
            "data: " + delta(#""content":""#, finish: "stop") + "\n\n",
            #"data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":5,"total_tokens":14}}"# + "\n\n",
        ])
        XCTAssertEqual(observation.textPieces, 3)
        XCTAssertEqual(observation.firstTokenMs, 10)
        XCTAssertEqual(observation.lastTokenMs, 30)
        XCTAssertEqual(observation.reportedTokens, 5)
        XCTAssertEqual(observation.completionTokens, 5)
    }
}
