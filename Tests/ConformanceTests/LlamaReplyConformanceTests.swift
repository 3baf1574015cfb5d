import Foundation
import XCTest

/// `chatterm ask` and `chatterm probe` get a reply from llama-cpp-python's real server, streamed
/// and not, and find its model by themselves.
final class LlamaReplyConformanceTests: LlamaServerTestCase {
    func testAStreamedReplyArrivesInOneRequest() throws {
        let (result, requests) = try chatterm([
            "ask", "--base-url", server.baseURL, "--model", LlamaServer.modelName, "--max-tokens", "16",
            "--warmup", "never", "Say something.",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, result.stderr)
        XCTAssertEqual(requests, 1, "the stream answered: no retry, no fallback\n\(result.stderr)")
    }

    func testANonStreamedReplyArrivesInOneRequest() throws {
        let (result, requests) = try chatterm([
            "ask", "--no-stream", "--base-url", server.baseURL, "--model", LlamaServer.modelName, "--max-tokens",
            "16", "--warmup", "never", "Say something.",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, result.stderr)
        XCTAssertEqual(requests, 1, result.stderr)
    }

    func testAskWithoutAModelAsksForTheOneTheServerLists() throws {
        let (result, _) = try chatterm([
            "ask", "--json", "--base-url", server.baseURL, "--max-tokens", "16", "--warmup", "never", "Hello?",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        XCTAssertEqual(json["model"] as? String, LlamaServer.modelName)
        XCTAssertEqual(json["status"] as? String, "complete")
        XCTAssertFalse((json["reply"] as? String ?? "").isEmpty, result.stdout)
    }

    func testProbeListsTheServersModelAndFindsThatItWorks() throws {
        let (result, _) = try chatterm(["probe", "--requests", "1", "--json", "--base-url", server.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        let models = try XCTUnwrap(json["models"] as? [String: Any], result.stdout)
        XCTAssertEqual(models["ids"] as? [String], [LlamaServer.modelName])
        XCTAssertEqual(json["works"] as? Bool, true, result.stdout)
    }
}
