import DemoServer
import Foundation
import TestSupport
import XCTest

/// ChatGLM3's and llama.cpp's servers as they really behave (DESIGN.md §2), modelled by the
/// DemoServer's faults, through the real binary: `ask` in a script, and the chat in tmux.
final class RealServerFaultsEndToEndTests: DemoServerTestCase {
    private let getPrompt = "How do I call get_weather in Python?"
    private let shortPrompt = "Answer in one word: is water wet?"

    private func ask(_ server: DemoServer, _ arguments: [String]) throws -> Binary.Result {
        try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never"] + arguments)
    }

    // MARK: ask

    func testAShortChatGLMAnswerTakesOneMoreRequestAtOnce() async throws {
        let server = try await serve(fault: "chatglm3")
        let result = try ask(server, [shortPrompt])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "OK.\n")
        XCTAssertEqual(server.chatRequests.map(\.isStreaming), [true, false])
        XCTAssertFalse(result.stderr.contains("retry"), result.stderr)
        XCTAssertTrue(result.stderr.contains("waiting for the whole reply (without streaming)"), result.stderr)
    }

    func testAReplyThatMentionsGetIsPrintedWholeAndOnce() async throws {
        let server = try await serve(fault: "chatglm3", tokensPerSecond: 200)
        let result = try ask(server, [getPrompt])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: getPrompt) + "\n")
        XCTAssertEqual(server.chatRequests.count, 1, "the server resent the reply itself")
        XCTAssertTrue(result.stderr.contains("completed without streaming"), result.stderr)
    }

    func testChatGLMsLeadingNewlineIsNeitherPrintedNorSavedNorSentBack() async throws {
        let server = try await serve(fault: "chatglm3")
        let directory = Binary.temporaryDataDirectory(for: self)
        let first = try ask(server, ["--save", "--data-dir", directory, "--json", "Tell me a story"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let reply = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?["reply"] as? String)
        XCTAssertEqual(reply, DemoServer.replyText(forPrompt: "Tell me a story"))
        let shown = try ask(server, ["--resume", "last", "--data-dir", directory, "and then?"])
        XCTAssertFalse(shown.stdout.hasPrefix("\n"), shown.stdout)
        let history = try XCTUnwrap(server.chatRequests.last?.json["messages"] as? [[String: Any]])
        XCTAssertEqual(history[1]["content"] as? String, reply, "the saved reply, sent back without the newline")
    }

    func testLlamaCppsContextOverflowShowsTheServersMessageWhateverTheRetries() async throws {
        let server = try await serve(fault: "llama-overflow:4")
        for retries in [["--retries", "0"], ["--retries", "1"], []] {
            let result = try ask(server, retries + ["a prompt far longer than four tokens"])
            XCTAssertEqual(result.status, 3, "a server error, with \(retries): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("maximum context length is 4 tokens"), result.stderr)
            XCTAssertFalse(result.stderr.contains("connection failed"), result.stderr)
        }
    }

    // MARK: The chat

    func testTheChatRecoversChatGLMsShortAndGetRepliesAndShowsHow() async throws {
        let server = try await serve(fault: "chatglm3", tokensPerSecond: 200)
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], columns: 160)
        try terminal.waitForReady()
        try terminal.enter(shortPrompt)
        var screen = try terminal.waitForStatus("done")
        XCTAssertTrue(
            screen.contains { $0.trimmingCharacters(in: .whitespaces) == "OK." }, screen.joined(separator: "\n"))
        XCTAssertTrue(
            screen.statusLine.contains("completed without streaming (empty stream)"), screen.statusLine)
        try terminal.enter(getPrompt)
        screen = try terminal.waitFor("the reply that mentions get_") {
            $0.statusLine.contains("done") && $0.statusLine.contains("resent the reply whole")
        }
        XCTAssertTrue(screen.joined().contains("get_weather in Python?”."), screen.joined(separator: "\n"))
        XCTAssertEqual(server.chatRequests.count, 3)
    }

    func testTheChatShowsLlamaCppsContextMessage() async throws {
        let server = try await serve(fault: "llama-overflow:4")
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never", "--retries", "1"], columns: 200)
        try terminal.waitForReady()
        try terminal.enter("a prompt far longer than four tokens")
        let screen = try terminal.waitForStatus("error")
        XCTAssertTrue(screen.statusLine.contains("maximum context length is 4 tokens"), screen.statusLine)
    }
}
