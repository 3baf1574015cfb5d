import DemoServer
import TestSupport
import XCTest

/// `chatterm probe` as a person or a script runs it.
final class ProbeEndToEndTests: DemoServerTestCase {
    func testProbePrintsOneJSONReportOfAnEmptyStreamServerAndExitsZero() async throws {
        let server = try await serve(.fast(.emptyBody))
        let result = try Binary.run(["probe", "--requests", "1", "--json", "--base-url", server.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        let models = try XCTUnwrap(json["models"] as? [String: Any])
        XCTAssertEqual(models["ids"] as? [String], ["demo-model"])
        let warmup = try XCTUnwrap(json["warmup"] as? [String: Any])
        XCTAssertEqual(warmup["outcome"] as? String, "ok")
        let requests = try XCTUnwrap(json["requests"] as? [[String: Any]])
        XCTAssertEqual(requests.map { $0["mode"] as? String }, ["stream", "non-stream", "stream", "non-stream"])
        XCTAssertEqual(requests.map { $0["outcome"] as? String }, ["empty", "ok", "empty", "ok"])
        XCTAssertEqual(requests.first?["status"] as? Int, 200)
        XCTAssertEqual(requests.first?["bodyBytes"] as? Int, 0)
        XCTAssertNotNil(json["dialect"] as? [String: Any])
        let verdict = try XCTUnwrap(json["verdict"] as? [String])
        XCTAssertTrue(
            verdict.first?.hasPrefix("Streaming always returns an empty body, while non-streaming works") ?? false,
            "\(verdict)")
        XCTAssertEqual(json["works"] as? Bool, true)
    }

    /// The verdict's lines as the report prints them, after "verdict".
    private func verdictLines(_ stdout: String) -> [String] {
        let lines = stdout.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "verdict") else { return [] }
        return lines[(start + 1)...].filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
    }

    func testProbeOfAChatGLMStyleServerSaysInSentencesThatShortAnswersStreamEmptyAndTimesEachPrompt() async throws {
        let server = try await serve(
            DemoServerConfiguration(tokensPerSecond: 0, framing: .crlf, fault: .chatglmShort))
        let result = try Binary.run(["probe", "--requests", "1", "--base-url", server.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        let verdict = verdictLines(result.stdout)
        XCTAssertEqual(
            verdict.first,
            "Streaming returns an empty body whenever the answer is short, while non-streaming works: "
                + "chatterm falls back to non-streaming by itself.", result.stdout)
        let nonStreaming = try XCTUnwrap(verdict.first { $0.hasPrefix("Non-streaming works:") }, result.stdout)
        XCTAssertTrue(nonStreaming.contains("the short answer in ~"), nonStreaming)
        XCTAssertTrue(nonStreaming.contains("and the long one in ~"), nonStreaming)
        for line in verdict { XCTAssertTrue(line.hasSuffix("."), line) }
    }

    func testProbeNamesTheLimitAndItsFlagWhenStreamsSendNothingInTime() async throws {
        let server = try await serve(.fast(.hangAfterHeaders))
        let result = try Binary.run(["probe", "--requests", "1", "--timeout", "0.5", "--base-url", server.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.components(separatedBy: "\n").filter {
            $0.split(separator: " ").dropFirst().first == "stream"
        }
        XCTAssertEqual(rows.count, 2, result.stdout)
        for row in rows { XCTAssertTrue(row.hasSuffix("no first token within 0.5 s (--timeout)"), row) }
        XCTAssertTrue(
            verdictLines(result.stdout).contains(
                "Streaming fails in 2 of 2 requests: 2× no first token within 0.5 s (--timeout). "
                    + "A slow server needs a longer --timeout."), result.stdout)
    }

    func testProbeRefusesZeroRequestsAsAUsageError() throws {
        let result = try Binary.run(["probe", "--requests", "0"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--requests"), result.stderr)
    }
}
