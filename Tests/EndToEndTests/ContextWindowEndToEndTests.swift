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

    /// 40 demo tokens: it fits a context of 64 with its reply of 8.
    private let oldQuestion = String(repeating: "An old question. ", count: 10)
    /// 32 demo tokens: it fits alone, but not after the old exchange.
    private let newQuestion = String(repeating: "A new one. ", count: 8)

    /// The chat against `server`, whose context of 64 tokens the old exchange and the new question
    /// overflow: the server refuses the new question its way, and the status bar offers to ask again
    /// without the old exchange, which Enter takes.
    private func overflowAndTakeTheOffer(_ server: DemoServer) throws {
        let terminal = try launchChat(server, ["--warmup", "never", "--max-tokens", "8"], columns: 500)
        try terminal.waitForReady()
        try terminal.enter(oldQuestion)
        try terminal.waitForStatus("done")
        try terminal.enter(newQuestion)
        let offer = try terminal.waitForStatus(
            "the server's context (64 tokens) is full: Enter asks again without the 2 oldest messages, Esc leaves it"
        ).statusLine
        XCTAssertTrue(offer.contains("maximum context length is 64 tokens"), "the server's words: \(offer)")
        let refused = completions(server).count
        try terminal.press("Enter")
        let status = try terminal.waitForStatus("done").statusLine
        XCTAssertTrue(status.contains("/64 "), "the limit the error named: \(status)")
        XCTAssertEqual(completions(server).count, refused + 1)
        let request = try XCTUnwrap(completions(server).last)
        XCTAssertFalse(request.body.contains("An old question."), "the oldest exchange was left out")
        XCTAssertTrue(request.body.contains("A new one."))
    }

    func testLlamaCppsOverflowInTheChatEmptyStreamThenClosedConnectionThen400EndsInTheOffer() async throws {
        let server = try await serve(fault: "llama-overflow:64")
        try overflowAndTakeTheOffer(server)
        let streams = server.chatRequests.map(\.isStreaming)
        XCTAssertEqual(streams.prefix(2), [true, true], "the old exchange, then the new question's empty stream")
        XCTAssertTrue(streams.dropFirst(2).contains(false), "asked again without streaming: \(streams)")
    }

    func testVLLMsOverflowInTheChatA400BeforeTheStreamEndsInTheOffer() async throws {
        let server = try await serve(fault: "vllm-overflow:64")
        try overflowAndTakeTheOffer(server)
        XCTAssertEqual(completions(server).count, 3, "the old exchange, the refused question, the one asked again")
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
