import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI
@testable import chatterm

/// The binary as scripts use it: `ask`, `demo-server`, and its refusals.
final class CommandLineEndToEndTests: DemoServerTestCase {
    func testAskPrintsTheStreamedReplyToStdoutAndStatusToStderr() async throws {
        let server = try await serve()
        let result = try Binary.run(["ask", "--base-url", server.baseURL, "what", "is", "this?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "what is this?") + "\n")
        XCTAssertTrue(result.stderr.contains("done"), result.stderr)
    }

    func testAskReadsThePromptFromStdin() async throws {
        let server = try await serve()
        let result = try Binary.run(["ask", "--base-url", server.baseURL], stdin: "hi from a pipe\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "hi from a pipe") + "\n")
    }

    func testAskTakesTheBaseURLFromTheEnvironment() async throws {
        let server = try await serve()
        let result = try Binary.run(
            ["ask", "env"], environment: Binary.cleanEnvironment(["OPENAI_BASE_URL": server.baseURL]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "env") + "\n")
        XCTAssertEqual(server.chatRequests.count, 1)
        XCTAssertEqual(server.warmUpRequests.count, 1, "the first reply of a run warms the endpoint up")
    }

    func testAskWithCRLFFraming() async throws {
        let server = try await serve(.init(tokensPerSecond: 0, framing: .crlf, spaceAfterColon: false))
        let result = try Binary.run(["ask", "--base-url", server.baseURL, "crlf"])
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "crlf") + "\n")
    }

    func testAskRetriesAServerErrorThenFailsWithTheServersMessageAndStatusThree() async throws {
        let server = try await serve(.init(fault: .httpError))
        let result = try Binary.run(
            ["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--retries", "1", "x"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("retry 1/1 in"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("HTTP 500: demo server fault: HTTP 500 Internal Server Error"), result.stderr)
        XCTAssertEqual(server.chatRequests.count, 2)
    }

    func testAskAnswersAnEmptyStreamAtOnceWithoutStreaming() async throws {
        let server = try await serve(.init(fault: .emptyBody))
        let result = try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "x"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "x") + "\n")
        XCTAssertFalse(result.stderr.contains("retry"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("waiting for the whole reply (without streaming)… · empty stream"), result.stderr)
        XCTAssertFalse(result.stderr.contains("streaming\n"), "never '▶ streaming' for a whole reply: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("completed without streaming (empty stream)"), result.stderr)
        XCTAssertEqual(server.chatRequests.map(\.isStreaming), [true, false])
    }

    func testAskWithFallbackNeverReportsTheEmptyStreamAfterOneRequest() async throws {
        let server = try await serve(.init(fault: .emptyBody))
        let result = try Binary.run([
            "ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--retries", "0", "--fallback",
            "never", "x",
        ])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("error: empty stream"), result.stderr)
        XCTAssertEqual(server.chatRequests.count, 1, "--retries 0 --fallback never sends exactly one request")
    }

    func testAskWithoutAnEndpointUsesTheDemoServer() throws {
        let result = try Binary.run(["ask", "--demo-speed", "0", "demo"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "demo") + "\n")
        XCTAssertTrue(result.stderr.contains("demo mode"))
    }

    func testAskRejectsABadURLClearly() throws {
        let result = try Binary.run(["ask", "--base-url", "localhost:8000", "x"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("http://127.0.0.1:8000/v1"), result.stderr)
    }

    func testChatRefusesANonTerminalAndPointsToAsk() throws {
        let result = try Binary.run([])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("chatterm ask"), result.stderr)
    }

    func testHelpTeachesTheOptions() throws {
        let result = try Binary.run(["--help"])
        XCTAssertEqual(result.status, 0)
        let options = [
            "--base-url", "--model", "--system", "--demo", "ask", "demo-server", "OPENAI_API_KEY", "/select",
            "/attach", "ask --attach", "vision = true", "mouse = true", "NO_COLOR",
        ]
        // The help is wrapped to the terminal's width: compare words.
        let words = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in options {
            XCTAssertTrue(words.contains(option), "help lacks \(option):\n\(result.stdout)")
        }
    }

    func testHelpNamesEveryKeyAsTheKeyTableBindsIt() throws {
        let result = try Binary.run(["--help"])
        XCTAssertEqual(result.status, 0)
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let discussion = Chatterm.discussion(naming: KeyTable.keyNames)
        XCTAssertTrue(words(result.stdout).contains(words(discussion)), result.stdout)
        XCTAssertTrue(discussion.contains("Enter sends · Alt-Enter starts a new line"), discussion)
        // With the table's names marked, every key the help names comes out marked: none is
        // typed by hand.
        let marked = Chatterm.discussion(naming: KeyNames { KeyTable.chords(for: $0).map { "‹\($0.name)›" } })
        XCTAssertTrue(marked.contains("‹Ctrl-O› or /history"), marked)
        let unmarked = marked.replacing(/‹[^›]*›/, with: "")
        for name in Set(KeyTable.bindings.flatMap(\.chords).map(\.name)) where name.count > 1 {
            let typedByHand = unmarked.ranges(of: name).contains { range in
                let before =
                    range.lowerBound == unmarked.startIndex ? " " : unmarked[unmarked.index(before: range.lowerBound)]
                let after = range.upperBound == unmarked.endIndex ? " " : unmarked[range.upperBound]
                return !(before.isLetter || before == "-") && !(after.isLetter || after == "-")
            }
            XCTAssertFalse(typedByHand, "--help names \(name) by hand")
        }
    }

    /// `chatterm demo-server` with `arguments` on a free port, and the base URL its first line names.
    /// Terminate the process at the end (a `defer`).
    private func startDemoServer(_ arguments: [String]) throws -> (process: Process, baseURL: String) {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["demo-server", "--port", "0", "--speed", "0"] + arguments
        process.environment = Binary.cleanEnvironment()
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line names the URL.
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        let url = text.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:"), text)
        return (process, url)
    }

    func testDemoServerCommandServesRequests() throws {
        let (process, url) = try startDemoServer([])
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let result = try Binary.run(["ask", "--base-url", url, "standalone"])
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "standalone") + "\n")
    }

    func testDemoServerSaysTheContextWindowItIsGivenAsLlamaCppOrVLLMDo() throws {
        let help = try Binary.run(["demo-server", "--help"])
        XCTAssertTrue(help.stdout.contains("--context-window 4096"), "an example: \(help.stdout)")
        for (arguments, said) in [
            (["4096"], "context  4096 tokens, from GET /props (llama.cpp)"),
            (["2048", "--context-source", "vllm"], "context  2048 tokens, from max_model_len in GET /models (vLLM)"),
        ] {
            let (process, url) = try startDemoServer(["--context-window"] + arguments)
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let probe = try Binary.run(["probe", "--requests", "1", "--base-url", url])
            XCTAssertTrue(probe.stdout.contains(said), "\(arguments): \(probe.stdout)")
        }
        let refused = try Binary.run(["demo-server", "--context-window", "8192", "--context-source", "ollama"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--context-source"), refused.stderr)
    }
}
