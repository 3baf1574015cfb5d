import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// The context window through the real binary: `probe` names the limit and where it came from,
/// the chat shows `ctx used/limit` and offers the trim before a prompt that would not fit, and
/// `ask` refuses such a prompt (status 8) unless `--fit-context` leaves out the oldest messages.
final class ContextWindowEndToEndTests: DemoServerTestCase {
    private func saying(_ window: DemoContextWindow) -> DemoServerConfiguration {
        var configuration = DemoServerConfiguration.fast
        configuration.contextWindow = window
        return configuration
    }

    private var completions: (DemoServer) -> [DemoServer.RecordedRequest] {
        { server in server.requests.filter { $0.path == "/v1/chat/completions" } }
    }

    func testProbeReportsTheLimitAndWhereItCameFrom() async throws {
        let server = try await serve(saying(.llamaCppProps(8192)))
        let result = try Binary.run(["probe", "--requests", "1", "--base-url", server.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("context  8192 tokens, from GET /props (llama.cpp)"), result.stdout)
        let vllm = try await serve(saying(.vllmModelList(4096)))
        let json = try Binary.run(["probe", "--requests", "1", "--json", "--base-url", vllm.baseURL])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let window = try XCTUnwrap(object["contextWindow"] as? [String: Any], json.stdout)
        XCTAssertEqual(window["tokens"] as? Int, 4096)
        XCTAssertEqual(window["source"] as? String, "max_model_len in GET /models (vLLM)")
    }

    func testTheChatShowsTheContextAndOffersTheTrimBeforeAPromptThatWouldNotFit() async throws {
        let server = try await serve(saying(.llamaCppProps(2048)))
        let terminal = try launchChat(server, ["--warmup", "never"], columns: 120)
        try terminal.waitForReady()
        try terminal.waitForStatus("ctx 0/2k")
        try terminal.enter(String(repeating: "An old question. ", count: 150))
        try terminal.waitForStatus("done")
        let long = String(repeating: "A long prompt. ", count: 300)
        try terminal.type(long)
        try terminal.press("Enter")
        try terminal.waitForStatus("this prompt needs ~")
        XCTAssertEqual(completions(server).count, 1, "nothing was sent")
        try terminal.press("Enter")
        _ = try terminal.waitFor("the prompt sent without the oldest exchange") { _ in completions(server).count == 2 }
        let request = try XCTUnwrap(completions(server).last)
        XCTAssertFalse(request.body.contains("An old question."), "the oldest exchange was left out")
        XCTAssertTrue(request.body.contains("A long prompt."))
    }

    private func ask(_ server: DemoServer, _ directory: String, _ extra: [String]) throws -> Binary.Result {
        try Binary.run(["ask", "--data-dir", directory, "--base-url", server.baseURL, "--warmup", "never"] + extra)
    }

    func testAskRefusesAPromptThatWouldNotFitAndFitContextLeavesOutTheOldestMessages() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let first = try ask(server, directory, ["--save", String(repeating: "An old question. ", count: 100)])
        XCTAssertEqual(first.status, 0, first.stderr)
        let long = String(repeating: "A long prompt. ", count: 60)
        let refused = try ask(server, directory, ["--resume", "last", "--context-window", "700", long])
        XCTAssertEqual(refused.status, 8, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("of 700 tokens: --fit-context sends it without"), refused.stderr)
        XCTAssertEqual(completions(server).count, 1, "nothing was sent")
        let fitted = try ask(server, directory, ["--resume", "last", "--context-window", "700", "--fit-context", long])
        XCTAssertEqual(fitted.status, 0, fitted.stderr)
        XCTAssertTrue(fitted.stderr.contains("sent without the 2 oldest messages"), fitted.stderr)
        let request = try XCTUnwrap(completions(server).last)
        XCTAssertFalse(request.body.contains("An old question."))
        let saved = ConversationStore(directory: DataDirectory(path: directory)).list().summaries
        XCTAssertEqual(saved.count, 1, "the turn went into the same conversation")
    }
}
