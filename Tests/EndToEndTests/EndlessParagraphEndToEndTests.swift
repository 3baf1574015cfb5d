import ChatStore
import DemoServer
import TestSupport
import XCTest

/// A model stuck repeating one paragraph (`endless-paragraph`), at full speed, through the real
/// binary: the whole paragraph reaches the screen, the file and stdout, word for word.
final class EndlessParagraphEndToEndTests: DemoServerTestCase {
    func testAParagraphOf30000TokensStreamsToItsEndOnScreenAndOnDisk() async throws {
        let tokens = 30_000
        let server = try await serve(fault: "endless-paragraph:\(tokens)")
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], dataDirectory: directory)
        try terminal.waitForReady()
        try terminal.enter("go on")
        let screen = try terminal.waitForStatus("done", timeout: .seconds(120))
        XCTAssertTrue(screen.contains { $0.hasPrefix("  the the the") }, screen.joined(separator: "\n"))

        let store = ConversationStore(directory: DataDirectory(path: directory))
        let id = try XCTUnwrap(store.list().summaries.first?.id)
        let reply = try XCTUnwrap(try store.load(id: id).conversation.messages.last)
        XCTAssertEqual(reply.content, String(repeating: "the ", count: tokens))
        XCTAssertEqual(reply.status, .complete)
        XCTAssertEqual(reply.stats?.completionTokens, tokens)
    }

    func testAskPrintsAParagraphOf100000TokensWordForWord() async throws {
        let tokens = 100_000
        let server = try await serve(
            DemoServerConfiguration(
                tokensPerSecond: 0, sendUsageChunk: false,
                fault: try DemoFault(parsing: "endless-paragraph:\(tokens)")))
        let result = try Binary.run([
            "ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--quiet", "go on",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, String(repeating: "the ", count: tokens) + "\n")
    }
}
