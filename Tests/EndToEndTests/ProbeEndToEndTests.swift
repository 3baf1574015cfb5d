import DemoServer
import XCTest

/// `chatterm probe` as a person or a script runs it.
final class ProbeEndToEndTests: DemoServerTestCase {
    func testProbePrintsOneJSONReportOfAnEmptyStreamServerAndExitsZero() async throws {
        let server = try await startServer(DemoServerConfiguration(tokensPerSecond: 0, fault: .emptyBody))
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
            verdict.first?.hasPrefix("streaming always returns empty bodies while non-streaming works") ?? false,
            "\(verdict)")
        XCTAssertEqual(json["works"] as? Bool, true)
    }

    func testProbeRefusesZeroRequestsAsAUsageError() throws {
        let result = try Binary.run(["probe", "--requests", "0"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--requests"), result.stderr)
    }
}
