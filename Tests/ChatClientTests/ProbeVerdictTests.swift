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

    private func verdict(
        _ requests: [ProbeObservation], warmup: ProbeObservation? = nil, models: ProbeModelList? = nil
    ) -> ProbeVerdict {
        ProbeVerdict(
            models: models ?? listed, warmup: warmup ?? ok(.nonStream, .warmup), requests: requests,
            timeoutSeconds: 30, host: "127.0.0.1:8000")
    }

    func testAllGoodSaysBothModesWorkWithTheTimeToFirstToken() {
        let result = verdict(rounds { ok($0, $1) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines,
            ["streaming works: 4/4 replies, first token in ~100 ms", "non-streaming works: 4/4 replies in ~400 ms"])
    }

    func testEmptyShortStreamsWithWorkingNonStreamingGiveFallbackVerdict() {
        let result = verdict(
            rounds { mode, prompt in mode == .stream && prompt == .short ? empty(prompt) : ok(mode, prompt) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines.first,
            "streaming returns empty bodies for short answers while non-streaming works; "
                + "chatterm falls back to non-streaming automatically")
        XCTAssertTrue(result.lines.contains("the other streams work: 2/4 replies, first token in ~100 ms"))
    }

    func testAlwaysEmptyStreamsWithWorkingNonStreamingGiveFallbackVerdict() {
        let result = verdict(rounds { mode, prompt in mode == .stream ? empty(prompt) : ok(mode, prompt) })
        XCTAssertTrue(result.works)
        XCTAssertEqual(
            result.lines.first,
            "streaming always returns empty bodies while non-streaming works; "
                + "chatterm falls back to non-streaming automatically")
        XCTAssertFalse(result.lines.contains { $0.contains("[DONE]") || $0.contains("finish_reason") })
    }

    func testIntermittentEmptyStreamsAreCountedByPrompt() {
        var requests = rounds { ok($0, $1) }
        requests[2] = empty(.long)
        let result = verdict(requests)
        XCTAssertEqual(
            result.lines.first,
            "streaming sometimes returns empty bodies (1/4: 0 short, 1 long) while non-streaming works; "
                + "chatterm falls back to non-streaming automatically")
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
                "streaming always returns empty bodies, and non-streaming does not work either",
                "non-streaming fails: 4× HTTP 400: context_length_exceeded",
            ])
    }

    func testEveryRequestFailingWithHTTP401PointsToTheAPIKey() {
        let unauthorized = { (mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt) in
            self.failed(mode, prompt, .http, "Invalid API key", status: 401)
        }
        let result = verdict(rounds(unauthorized), warmup: unauthorized(.nonStream, .warmup))
        XCTAssertFalse(result.works)
        XCTAssertEqual(result.lines, ["every request fails with HTTP 401: Invalid API key — check OPENAI_API_KEY"])
    }

    func testDifferentHTTPErrorsAreListedOnce() {
        let result = verdict(
            rounds { mode, prompt in
                mode == .stream
                    ? failed(mode, prompt, .http, "Bad Gateway", status: 502)
                    : failed(mode, prompt, .http, "Service Unavailable", status: 503)
            }, warmup: failed(.nonStream, .warmup, .http, "Service Unavailable", status: 503))
        XCTAssertEqual(
            result.lines,
            ["every request fails with an HTTP error: HTTP 503: Service Unavailable; HTTP 502: Bad Gateway"])
    }

    func testRefusedConnectionsSayTheServerIsUnreachable() {
        let refused = { (mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt) in
            self.failed(mode, prompt, .connection, "connect(descriptor:addr:size:): Connection refused (errno: 111)")
        }
        let result = verdict(
            rounds(refused), warmup: refused(.nonStream, .warmup),
            models: ProbeModelList(errorKind: .connection, error: "Connection refused"))
        XCTAssertFalse(result.works)
        XCTAssertEqual(result.lines.first, "the server is unreachable: connection refused at 127.0.0.1:8000")
    }

    func testTimeoutsBeforeTheFirstTokenAreNamedWithTheDeadline() {
        let silent = { (mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt) in
            self.failed(mode, prompt, .timeout, "no end within 30 s (before any reply)", status: 200)
        }
        let result = verdict(rounds(silent), warmup: silent(.nonStream, .warmup))
        XCTAssertFalse(result.works)
        XCTAssertEqual(result.lines.first, "requests time out after 30 s before the first token")
    }

    func testSomeStreamsTimingOutAreCountedAmongTheFailures() {
        var requests = rounds { ok($0, $1) }
        requests[0] = failed(.stream, .short, .timeout, "no end within 30 s (before any reply)", status: 200)
        let result = verdict(requests)
        XCTAssertTrue(result.works)
        XCTAssertTrue(
            result.lines.contains("streaming fails in 1/4 requests: 1× timed out after 30 s before the first token"),
            "\(result.lines)")
    }

    func testStreamsWithoutDoneAreReported() {
        let result = verdict(
            rounds { mode, prompt in
                var observation = ok(mode, prompt)
                observation.dialect.doneMarkers = 0
                return observation
            })
        XCTAssertTrue(result.lines.contains("streams end without [DONE]; chatterm accepts that"), "\(result.lines)")
    }

    func testStreamsWithoutFinishReasonAreReported() {
        var requests = rounds { ok($0, $1) }
        requests[2].finishReason = nil
        let result = verdict(requests)
        XCTAssertTrue(
            result.lines.contains("1/4 streams end without finish_reason, so a reply cut short looks complete"),
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
                "non-streaming works: 4/4 replies in ~400 ms",
                "the server puts an error inside a 200 stream (every stream): CUDA out of memory",
            ])
    }

    func testKeepAlivePingsAreMentioned() {
        let result = verdict(
            rounds { mode, prompt in
                var observation = ok(mode, prompt)
                if mode == .stream { observation.dialect.comments = 3 }
                return observation
            })
        XCTAssertTrue(result.lines.contains("the server sends keep-alive pings (\": ping\" comments)"))
    }

    func testAFailingModelListIsMentionedWhenTheRestWorks() {
        let result = verdict(
            rounds { ok($0, $1) }, models: ProbeModelList(status: 404, errorKind: .http, error: "Not Found"))
        XCTAssertEqual(result.lines.last, "GET /models fails (HTTP 404: Not Found); pass --model NAME")
    }
}
