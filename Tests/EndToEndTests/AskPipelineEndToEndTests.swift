import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// `chatterm ask` inside shell pipelines: plain lines on stderr, `--quiet`, and a reader that
/// stops early.
final class AskPipelineEndToEndTests: DemoServerTestCase {
    func testPipedOutputAndProgressCarryNoEscapeCodes() async throws {
        // An empty stream makes progress lines of every phase, the request without streaming included.
        let server = try await serve(.fast(.emptyBody))
        let result = try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "colours?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("waiting for the whole reply (without streaming)"), result.stderr)
        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            XCTAssertFalse(text.contains("\u{1B}"), "an escape code on \(name):\n\(text)")
            XCTAssertFalse(text.contains("\r"), "a carriage return on \(name):\n\(text)")
        }
        for line in result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            XCTAssertTrue(line.hasPrefix("chatterm: "), "not one plain line: \(line)")
        }
    }

    func testQuietLeavesStandardErrorEmptyWhenTheReplyArrives() async throws {
        let server = try await serve()
        let result = try Binary.run(["ask", "--quiet", "--save", "--base-url", server.baseURL, "shh"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "shh") + "\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testQuietStillSaysWhyTheReplyFailedInOneLine() async throws {
        let server = try await serve(.fast(.httpError))
        let result = try Binary.run([
            "ask", "--quiet", "--base-url", server.baseURL, "--model", "m", "--retries", "1", "x",
        ])
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(server.chatRequests.count, 2, "retried, without saying so")
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertTrue(
            lines.first?.hasPrefix("chatterm: ✗ error: HTTP 500: demo server fault") == true, result.stderr)
    }

    /// Runs `chatterm ask ARGUMENTS` in `/bin/sh -c '{ chatterm …; echo $?; } | head -c 10'`,
    /// and returns what head printed, chatterm's stderr and its exit status.
    private func askThroughHead(_ arguments: [String]) throws -> (stdout: String, stderr: String, status: String) {
        let folder = Binary.temporaryDataDirectory(for: self)
        let command = ([Binary.url.path, "ask"] + arguments).map(TmuxTerminal.quote).joined(separator: " ")
        let script = "{ \(command) 2>'\(folder)/stderr'; echo $? >'\(folder)/status'; } | head -c 10"
        let shell = try Binary.run(["-c", script], executable: URL(fileURLWithPath: "/bin/sh"))
        XCTAssertEqual(shell.status, 0, shell.stderr)
        XCTAssertEqual(shell.stderr, "", "the shell reports no broken pipe")
        return (
            shell.stdout, try String(contentsOfFile: folder + "/stderr", encoding: .utf8),
            try String(contentsOfFile: folder + "/status", encoding: .utf8)
        )
    }

    func testAReaderThatStopsEarlyEndsTheReplyQuietlyWithStatus141AndSavesWhatArrived() async throws {
        // Eight seconds of reply: what is saved shows whether ask stopped or streamed on.
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 50, replyTokens: 400))
        let reply = DemoServer.replyText(forPrompt: "a long answer", tokens: 400)
        let directory = Binary.temporaryDataDirectory(for: self)
        let run = try askThroughHead([
            "--quiet", "--save", "--data-dir", directory, "--base-url", server.baseURL, "--model", "m", "--warmup",
            "never", "a long answer",
        ])
        XCTAssertEqual(run.stdout, String(decoding: Array(reply.utf8.prefix(10)), as: UTF8.self))
        XCTAssertEqual(run.stderr, "", "nothing to say about a reader who left")
        XCTAssertEqual(run.status, "141\n")

        let store = ConversationStore(directory: DataDirectory(path: directory))
        let id = try XCTUnwrap(store.list().summaries.first?.id)
        let saved = try XCTUnwrap(try store.load(id: id).conversation.messages.last)
        XCTAssertEqual(saved.status, .interrupted)
        XCTAssertEqual(saved.error, "standard output was closed")
        XCTAssertTrue(reply.hasPrefix(saved.content), "what arrived, in order")
        XCTAssertGreaterThanOrEqual(saved.content.utf8.count, 10, "at least what head read")
        XCTAssertLessThan(saved.content.count, reply.count, "the reply stopped instead of streaming on")
    }

    func testAReaderThatStopsEarlyGetsNoErrorMessageWithProgressOn() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 50, replyTokens: 400))
        let run = try askThroughHead(["--base-url", server.baseURL, "--model", "m", "--warmup", "never", "more"])
        XCTAssertEqual(run.status, "141\n")
        XCTAssertFalse(run.stderr.isEmpty, "progress lines")
        for line in run.stderr.split(separator: "\n") {
            XCTAssertFalse(
                ["error", "interrupted", "pipe", "Fatal"].contains { line.localizedCaseInsensitiveContains($0) },
                "an error on stderr: \(line)")
        }
    }
}
