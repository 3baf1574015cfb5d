import XCTest

@testable import ChatClient

/// The verdict is a pure function of the results: each case here is made-up results and the words
/// a person should read.
final class ProbeVerdictTests: XCTestCase {
    private let listed = ProbeModelList(ids: ["glm"], latencyMs: 3)

    /// A result that worked: a stream with content, `finish_reason` and `[DONE]`, or a whole reply.
    private func ok(
        _ mode: ProbeObservation.Mode, _ prompt: ProbeObservation.Prompt, firstTokenMs: Double = 100,
        totalMs: Double = 400
    ) -> ProbeObservation {
        var observation = ProbeObservation(mode: mode, prompt: prompt)
        observation.status = 200
        observation.bodyBytes = 500
        observation.contentCharacters = prompt == .short ? 4 : 600
        observation.finishReason = "stop"
        observation.totalMs = totalMs
        if mode == .stream {
            observation.events = 10
            observation.firstTokenMs = firstTokenMs
            observation.dialect.doneMarkers = 1
        }
        return observation
    }

    private func empty(_ prompt: ProbeObservation.Prompt) -> ProbeObservation {
        var observation = ProbeObservation(mode: .stream, prompt: prompt)
        observation.status = 200
        return observation
    }

    private func failed(
        _ mode: ProbeObservation.Mode, _ prompt: ProbeObservation.Prompt, _ kind: ProbeObservation.ErrorKind,
        _ message: String, status: Int? = nil
    ) -> ProbeObservation {
        var observation = ProbeObservation(mode: mode, prompt: prompt)
        observation.status = status
        observation.fail(kind, message)
        return observation
    }

    /// Rounds of (stream short, non-stream short, stream long, non-stream long), as the probe sends them.
    private func rounds(
        _ make: (ProbeObservation.Mode, ProbeObservation.Prompt) -> ProbeObservation
    ) -> [ProbeObservation] {
        (0..<2).flatMap { _ in
            [make(.stream, .short), make(.nonStream, .short), make(.stream, .long), make(.nonStream, .long)]
        }
    }

    /// The warm-up as ChatGLM3's server answers `max_tokens: 1`: HTTP 200 and no text.
    private func emptyWarmup() -> ProbeObservation {
        var observation = ProbeObservation(mode: .nonStream, prompt: .warmup)
        observation.status = 200
        observation.bodyBytes = 180
        observation.finishReason = "length"
        return observation
    }

    private func timedOut(
        _ mode: ProbeObservation.Mode, _ prompt: ProbeObservation.Prompt, textArrived: Bool = false
    ) -> ProbeObservation {
        var observation = ProbeObservation(mode: mode, prompt: prompt)
        observation.status = 200
        if textArrived { observation.contentCharacters = 40 }
        observation.fail(
            .timeout, ProbeObservation.timeoutMessage(mode: mode, textArrived: textArrived, seconds: 30))
        return observation
    }

    private func verdict(
        _ requests: [ProbeObservation], warmup: ProbeObservation? = nil, models: ProbeModelList? = nil
    ) -> ProbeVerdict {
        ProbeVerdict(
            models: models ?? listed, warmup: warmup ?? ok(.nonStream, .warmup), requests: requests,
            timeoutSeconds: 30, host: "127.0.0.1:8000")
    }

    func testAllGoodSaysBothModesWorkWithTheTimeToFirstTokenAndEachPromptsTime() {
        let result = verdict(rounds { ok($0, $1) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Streaming works: 4 of 4 streams delivered a reply, the first token after ~100 ms.",
                "Non-streaming works: 4 of 4 replies arrived, the short answer in ~400 ms and the long one in ~400 ms.",
            ])
    }

    func testTheNonStreamingTimeIsGivenForEachPromptNeverAveragedAcrossThem() {
        let result = verdict(rounds { mode, prompt in ok(mode, prompt, totalMs: prompt == .short ? 300 : 2300) })
        XCTAssertEqual(
            result.lines.last,
            "Non-streaming works: 4 of 4 replies arrived, the short answer in ~300 ms and the long one in ~2.3 s.")
        XCTAssertFalse(result.lines.contains { $0.contains("~1.3 s") }, "\(result.lines)")
    }

    func testEmptyShortStreamsWithWorkingNonStreamingSayChattermFallsBackByItself() {
        let result = verdict(
            rounds { mode, prompt in mode == .stream && prompt == .short ? empty(prompt) : ok(mode, prompt) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines.first,
            "Streaming returns an empty body whenever the answer is short, while non-streaming works: "
                + "chatterm falls back to non-streaming by itself.")
        XCTAssertTrue(
            result.lines.contains("The other streams work: 2 of 4 delivered a reply, the first token after ~100 ms."))
    }

    func testAlwaysEmptyStreamsWithWorkingNonStreamingPointToNoStream() {
        let result = verdict(rounds { mode, prompt in mode == .stream ? empty(prompt) : ok(mode, prompt) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines.first,
            "Streaming always returns an empty body, while non-streaming works: "
                + "chatterm falls back to non-streaming by itself, and --no-stream skips the streams.")
        XCTAssertFalse(result.lines.contains { $0.contains("[DONE]") || $0.contains("finish_reason") })
    }

    func testIntermittentEmptyStreamsAreCountedByPrompt() {
        var requests = rounds { ok($0, $1) }
        requests[2] = empty(.long)
        let result = verdict(requests)
        XCTAssertEqual(
            result.lines.first,
            "Streaming sometimes returns an empty body (1 of 4 streams: 0 short, 1 long), while non-streaming works: "
                + "chatterm falls back to non-streaming by itself.")
    }

    func testEmptyStreamsWithFailingNonStreamingSayNeitherWorks() {
        let result = verdict(
            rounds { mode, prompt in
                mode == .stream
                    ? empty(prompt)
                    : failed(mode, prompt, .http, "context_length_exceeded", status: 400)
            })
        XCTAssertFalse(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Streaming always returns an empty body, and non-streaming does not work either.",
                "Non-streaming fails in 4 of 4 requests: 4× HTTP 400: context_length_exceeded.",
            ])
    }

    func testAnEmptyWarmUpIsNormalWhenTheRealPromptsWork() {
        let result = verdict(rounds { ok($0, $1) }, warmup: emptyWarmup())
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Streaming works: 4 of 4 streams delivered a reply, the first token after ~100 ms.",
                "Non-streaming works: 4 of 4 replies arrived, the short answer in ~400 ms and the long one in ~400 ms.",
                "The warm-up's empty answer is normal: it asks for max_tokens 1, "
                    + "and some servers (ChatGLM3's) answer that with no text.",
            ])
    }

    func testAnEmptyWarmUpIsNormalBesideChatGLMsEmptyShortStreams() {
        let result = verdict(
            rounds { mode, prompt in mode == .stream && prompt == .short ? empty(prompt) : ok(mode, prompt) },
            warmup: emptyWarmup())
        XCTAssertTrue(result.works)
        XCTAssertTrue(
            result.lines.first?.hasPrefix("Streaming returns an empty body whenever the answer is short") ?? false)
        XCTAssertFalse(result.lines.contains { $0.contains("warm-up") && !$0.contains("is normal") }, "\(result.lines)")
    }

    func testAnEmptyWarmUpCountsOnlyWhenTheRealPromptsComeBackEmptyToo() {
        let result = verdict(
            rounds { mode, prompt in
                var observation = empty(prompt)
                observation.mode = mode
                return observation
            }, warmup: emptyWarmup())
        XCTAssertFalse(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Every request, the warm-up included, comes back empty: the server answers HTTP 200 without any text, "
                    + "streamed or not.",
                "Check the server's log, and that the model it serves is the one asked for (--model).",
            ])
    }

    func testAFailedWarmUpIsReportedWithWhatToDoWhenTheRealPromptsWork() {
        let result = verdict(
            rounds { ok($0, $1) }, warmup: failed(.nonStream, .warmup, .http, "model is loading", status: 503))
        XCTAssertEqual(
            result.lines.last,
            "The warm-up request (max_tokens 1) fails (HTTP 503: model is loading), "
                + "though the chat goes ahead without it: --warmup never skips it.")
    }

    func testEveryRequestFailingWithHTTP401PointsToTheAPIKey() {
        let unauthorized = { (mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt) in
            self.failed(mode, prompt, .http, "Invalid API key", status: 401)
        }
        let result = verdict(rounds(unauthorized), warmup: unauthorized(.nonStream, .warmup))
        XCTAssertFalse(result.works)
        XCTAssertEqual(result.lines, ["Every request fails with HTTP 401: Invalid API key. Check OPENAI_API_KEY."])
    }

    func testDifferentHTTPErrorsAreListedOnceWithTheAdviceTheyShare() {
        let result = verdict(
            rounds { mode, prompt in
                mode == .stream
                    ? failed(mode, prompt, .http, "Bad Gateway", status: 502)
                    : failed(mode, prompt, .http, "Service Unavailable", status: 503)
            }, warmup: failed(.nonStream, .warmup, .http, "Service Unavailable", status: 503))
        XCTAssertEqual(
            result.lines,
            [
                "Every request fails with an HTTP error: HTTP 503 (Service Unavailable), HTTP 502 (Bad Gateway). "
                    + "The server itself is failing: check its log."
            ])
    }

    func testRefusedConnectionsSayTheServerIsUnreachableAndWhatToCheck() {
        let refused = { (mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt) in
            self.failed(mode, prompt, .connection, "connect(descriptor:addr:size:): Connection refused (errno: 111)")
        }
        let result = verdict(
            rounds(refused), warmup: refused(.nonStream, .warmup),
            models: ProbeModelList(errorKind: .connection, error: "Connection refused"))
        XCTAssertFalse(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "The server at 127.0.0.1:8000 is unreachable: the connection is refused.",
                "Check that the server runs, that the host and port are right, and that the base URL ends in /v1.",
            ])
    }

    func testTimeoutsBeforeTheFirstTokenNameTheLimitAndItsFlag() {
        let result = verdict(rounds { timedOut($0, $1) }, warmup: timedOut(.nonStream, .warmup))
        XCTAssertFalse(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Every request times out: no first token comes within 30 s (--timeout).",
                "The server may be overloaded or still loading the model: try a longer --timeout.",
            ])
    }

    func testSomeStreamsTimingOutAreCountedAmongTheFailuresWithTheirLimitAndFlag() {
        var requests = rounds { ok($0, $1) }
        requests[0] = timedOut(.stream, .short)
        requests[2] = timedOut(.stream, .long, textArrived: true)
        let result = verdict(requests)
        XCTAssertTrue(result.works)
        XCTAssertTrue(
            result.lines.contains(
                "Streaming fails in 2 of 4 requests: 1× no first token within 30 s (--timeout); "
                    + "1× the reply did not end within 30 s (--timeout). A slow server needs a longer --timeout."),
            "\(result.lines)")
    }

    func testStreamsWithoutDoneAreReported() {
        let result = verdict(
            rounds { mode, prompt in
                var observation = ok(mode, prompt)
                observation.dialect.doneMarkers = 0
                return observation
            })
        XCTAssertTrue(result.lines.contains("Streams end without [DONE], which chatterm accepts."), "\(result.lines)")
    }

    func testStreamsWithoutFinishReasonAreReported() {
        var requests = rounds { ok($0, $1) }
        requests[2].finishReason = nil
        let result = verdict(requests)
        XCTAssertTrue(
            result.lines.contains("1 of 4 streams ends without finish_reason, so a reply cut short looks complete."),
            "\(result.lines)")
    }

    func testInStreamErrorsQuoteTheServer() {
        let result = verdict(
            rounds { mode, prompt in
                if mode == .nonStream { return ok(mode, prompt) }
                var observation = ok(mode, prompt)
                observation.finishReason = nil
                observation.dialect.doneMarkers = 0
                observation.fail(.inStream, "CUDA out of memory")
                return observation
            })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines,
            [
                "Non-streaming works: 4 of 4 replies arrived, the short answer in ~400 ms and the long one in ~400 ms.",
                "The server puts an error inside its HTTP 200 streams (every stream): CUDA out of memory. "
                    + "Check its log.",
            ])
    }

    func testKeepAlivePingsAreMentioned() {
        let result = verdict(
            rounds { mode, prompt in
                var observation = ok(mode, prompt)
                if mode == .stream { observation.dialect.comments = 3 }
                return observation
            })
        XCTAssertTrue(
            result.lines.contains(
                "The server sends keep-alive pings (\": ping\" comments), which chatterm takes as a sign of life."))
    }

    func testAFailingModelListIsMentionedWhenTheRestWorks() {
        let result = verdict(
            rounds { ok($0, $1) }, models: ProbeModelList(status: 404, errorKind: .http, error: "Not Found"))
        XCTAssertEqual(result.lines.last, "GET /models fails (HTTP 404: Not Found): pass --model NAME.")
    }

    /// Whatever the results, the verdict reads as sentences: a capital first, a full stop last.
    func testEveryLineOfEveryVerdictIsASentence() {
        let scenarios: [(requests: [ProbeObservation], warmup: ProbeObservation?)] = [
            (rounds { ok($0, $1) }, nil),
            (rounds { ok($0, $1) }, emptyWarmup()),
            (rounds { mode, prompt in mode == .stream ? empty(prompt) : ok(mode, prompt) }, emptyWarmup()),
            (rounds { mode, prompt in mode == .stream ? timedOut(mode, prompt) : ok(mode, prompt) }, nil),
            (rounds { mode, prompt in failed(mode, prompt, .malformed, "the stream holds no events") }, nil),
            (rounds { mode, prompt in failed(mode, prompt, .connection, "the host name could not be resolved") }, nil),
            (rounds { mode, prompt in failed(mode, prompt, .http, "Teapot", status: 418) }, nil),
            (
                rounds { mode, prompt in
                    var observation = ok(mode, prompt)
                    observation.finishReason = nil
                    observation.dialect.doneMarkers = 0
                    observation.dialect.pingEvents = 1
                    return observation
                }, failed(.nonStream, .warmup, .timeout, "no reply within 30 s (--timeout)")
            ),
        ]
        for (requests, warmup) in scenarios {
            let lines = verdict(requests, warmup: warmup, models: ProbeModelList()).lines
            XCTAssertFalse(lines.isEmpty)
            for line in lines {
                XCTAssertTrue(line.first?.isUppercase ?? false, line)
                XCTAssertTrue(line.hasSuffix("."), line)
            }
        }
    }
}
