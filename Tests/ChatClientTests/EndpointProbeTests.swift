import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// The probe against the real DemoServer over loopback, and against sockets that refuse or never
/// answer.
final class EndpointProbeTests: DemoServerTestCase {
    private var sockets: [LoopbackSocket] = []

    override func tearDown() async throws {
        for socket in sockets { socket.close() }
        sockets.removeAll()
        try await super.tearDown()
    }

    /// The probe's report; `configured` names the model as a profile would, else the server's
    /// first is asked for.
    private func probe(_ baseURL: String, rounds: Int = 1, timeout: Double = 30, configured: String? = nil)
        async throws -> ProbeReport
    {
        let plan = EndpointProbe.Plan(
            rounds: rounds, timeoutSeconds: timeout, model: ModelChoice(configured: configured, baseURL: baseURL))
        return try await EndpointProbe(endpoint: try Endpoint(baseURL: baseURL), plan: plan).run()
    }

    /// A loopback socket that accepts connections but never reads or answers; `listening: false`
    /// closes it again, so connecting is refused.
    private func rawSocketURL(listening: Bool) throws -> String {
        let socket = try LoopbackSocket()
        if listening {
            try socket.listen()
            sockets.append(socket)
        } else {
            socket.close()
        }
        return "http://127.0.0.1:\(socket.port)/v1"
    }

    func testAGoodServerRecordsLFFramingAUsageChunkAndWorks() async throws {
        let server = try await serve()
        let report = try await probe(server.baseURL)
        XCTAssertEqual(report.models.ids, ["demo-model"])
        XCTAssertEqual(report.model, "demo-model")
        XCTAssertEqual(report.warmup.outcome, .ok)
        XCTAssertEqual(report.requests.map(\.mode), [.stream, .nonStream, .stream, .nonStream])
        XCTAssertEqual(report.requests.map(\.prompt), [.short, .short, .long, .long])
        XCTAssertEqual(report.requests.map(\.outcome), [.ok, .ok, .ok, .ok])
        let dialect = report.dialect
        XCTAssertEqual(dialect.lineEnding, .lf)
        XCTAssertEqual(dialect.dataPrefix, .space)
        XCTAssertEqual(dialect.usageChunks, 2)
        XCTAssertEqual(dialect.doneMarkers, 2)
        XCTAssertEqual(dialect.roleInEveryDelta, false)
        XCTAssertFalse(dialect.sendsKeepAlives)
        XCTAssertTrue(report.verdict.works)
        XCTAssertEqual(report.verdict.lines.count, 2, "\(report.verdict.lines)")
        XCTAssertTrue(
            report.verdict.lines[0].hasPrefix("Streaming works: 2 of 2 streams delivered a reply"),
            report.verdict.lines[0])
        XCTAssertTrue(
            report.verdict.lines[1].hasPrefix("Non-streaming works: 2 of 2 replies arrived, the short answer in ~"),
            report.verdict.lines[1])
        XCTAssertTrue(report.verdict.lines[1].contains(" and the long one in ~"), report.verdict.lines[1])
        // The long prompt goes out with max_tokens 200, the warm-up with 1.
        let bodies = server.requests.filter { $0.path == "/v1/chat/completions" }.map(\.body)
        XCTAssertTrue(bodies[0].contains("\"max_tokens\":1"), bodies[0])
        XCTAssertTrue(bodies[3].contains("\"max_tokens\":200"), bodies[3])
    }

    func testAChatGLMStyleServerRecordsCRLFPingsAndRepeatedRoles() async throws {
        let server = try await serve(
            DemoServerConfiguration(
                framing: .crlf, pingInterval: 0.05, repeatRoleInEveryDelta: true, sendUsageChunk: false))
        let report = try await probe(server.baseURL)
        let dialect = report.dialect
        XCTAssertEqual(dialect.lineEnding, .crlf)
        XCTAssertEqual(dialect.roleInEveryDelta, true)
        XCTAssertEqual(dialect.usageChunks, 0)
        XCTAssertGreaterThan(dialect.comments, 0)
        XCTAssertEqual(dialect.doneMarkers, 2)
        XCTAssertTrue(
            report.verdict.lines.contains(
                "The server sends keep-alive pings (\": ping\" comments), which chatterm takes as a sign of life."),
            "\(report.verdict.lines)")
    }

    func testAnEmptyBodyServerGivesTheEmptyStreamVerdictWithNonStreamingWorking() async throws {
        let server = try await serve(.fast(.emptyBody))
        let report = try await probe(server.baseURL)
        XCTAssertEqual(report.requests.map(\.outcome), [.empty, .ok, .empty, .ok])
        XCTAssertEqual(report.requests[0].status, 200)
        XCTAssertEqual(report.requests[0].bodyBytes, 0)
        XCTAssertTrue(report.verdict.works)
        XCTAssertEqual(
            report.verdict.lines.first,
            "Streaming always returns an empty body, while non-streaming works: "
                + "chatterm falls back to non-streaming by itself, and --no-stream skips the streams.")
    }

    /// ChatGLM3's server streams nothing when the whole answer is 7 characters or fewer.
    func testAChatGLMShortAnswerServerGivesTheShortAnswerVerdictAndEachPromptsTime() async throws {
        let server = try await serve(.fast(.chatglmShort))
        let report = try await probe(server.baseURL)
        XCTAssertEqual(report.requests.map(\.outcome), [.empty, .ok, .ok, .ok])
        XCTAssertTrue(report.verdict.works)
        XCTAssertEqual(
            report.verdict.lines.first,
            "Streaming returns an empty body whenever the answer is short, while non-streaming works: "
                + "chatterm falls back to non-streaming by itself.")
        let nonStreaming = try XCTUnwrap(report.verdict.lines.first { $0.hasPrefix("Non-streaming") })
        XCTAssertTrue(nonStreaming.contains("the short answer in ~"), nonStreaming)
        XCTAssertTrue(nonStreaming.contains("and the long one in ~"), nonStreaming)
    }

    func testAModelListThatDoesNotComeInTimeNamesTheLimitAndItsFlag() async throws {
        let url = try rawSocketURL(listening: true)
        let probe = EndpointProbe(
            endpoint: try Endpoint(baseURL: url), plan: EndpointProbe.Plan(rounds: 1, timeoutSeconds: 0.2))
        let models = await probe.listModels()
        XCTAssertEqual(models.errorKind, .timeout)
        XCTAssertEqual(models.failureDescription, "no model list within 0.2 s (--timeout)")
    }

    func testAnHTTPErrorServerIsQuotedInEveryRequest() async throws {
        let server = try await serve(.fast(.httpError))
        let report = try await probe(server.baseURL)
        XCTAssertFalse(report.verdict.works)
        XCTAssertEqual(report.requests.map(\.status), [500, 500, 500, 500])
        XCTAssertEqual(
            report.verdict.lines.first,
            "Every request fails with HTTP 500: demo server fault: HTTP 500 Internal Server Error. "
                + "The server itself is failing: check its log.")
    }

    func testARefusedConnectionSaysTheServerIsUnreachable() async throws {
        let url = try rawSocketURL(listening: false)
        let report = try await probe(url, configured: "m")
        XCTAssertFalse(report.verdict.works)
        XCTAssertEqual(report.models.errorKind, .connection)
        XCTAssertEqual(report.requests.map(\.errorKind), [.connection, .connection, .connection, .connection])
        let host = try XCTUnwrap(URLComponents(string: url)).port.map { "127.0.0.1:\($0)" }
        XCTAssertEqual(
            report.verdict.lines.first, "The server at \(host ?? "") is unreachable: the connection is refused.")
    }

    func testWithoutAModelNamedOrListedTheProbeSendsNothingAndSaysSoInTheChatsWords() async throws {
        let server = try await serve(.init(tokensPerSecond: 0, model: ""))
        do {
            _ = try await probe(server.baseURL)
            XCTFail("the probe ran without a model")
        } catch {
            XCTAssertEqual(error as? ModelChoice.Failure, .noneListed)
            XCTAssertEqual("\(error)", "no model to ask for: the server lists none; pass --model NAME")
        }
        XCTAssertFalse(server.requests.contains { $0.method == "POST" })
        let refused = try rawSocketURL(listening: false)
        do {
            _ = try await probe(refused)
            XCTFail("the probe ran without a model")
        } catch {
            XCTAssertEqual(
                "\(error)",
                "no model to ask for: cannot list the server's models (connection failed: connection refused); "
                    + "pass --model NAME")
        }
    }

    func testTheModelNamedBeatsTheServersList() async throws {
        let server = try await serve()
        let report = try await probe(server.baseURL, configured: "profile-model")
        XCTAssertEqual(report.models.ids, ["demo-model"])
        XCTAssertEqual(report.model, "profile-model")
        let asked = server.requests.filter { $0.path == "/v1/chat/completions" }.map {
            $0.body.contains("\"model\":\"profile-model\"")
        }
        XCTAssertEqual(asked, [true, true, true, true, true])
    }

    func testAServerThatNeverAnswersIsCutOffAtTheDeadline() async throws {
        let url = try rawSocketURL(listening: true)
        let request = ProbeRequest(endpoint: try Endpoint(baseURL: url), timeoutSeconds: 0.2)
        let observation = await request.run(
            ChatRequest(model: "m", messages: [.init(role: .user, content: "hi")]), prompt: .short)
        XCTAssertEqual(observation.outcome, .timedOut)
        XCTAssertNil(observation.status)
        XCTAssertEqual(observation.error, "no first token within 0.2 s (--timeout)")
    }
}
