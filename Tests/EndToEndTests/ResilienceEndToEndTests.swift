import DemoServer
import TestSupport
import XCTest

/// Bad servers as the user meets them: the real binary in a real terminal (tmux), and `ask` in
/// a script, against the DemoServer's faults over loopback.
final class ResilienceEndToEndTests: DemoServerTestCase {
    private func inputLine(_ screen: [String]) -> String {
        screen.last(where: { $0.hasPrefix("›") }) ?? ""
    }

    // MARK: The full-screen chat

    func testAServerErrorShowsTheRetryThenTheReply() async throws {
        let server = try await serve(fault: "status:503@2", tokensPerSecond: 200)
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], columns: 110)
        try terminal.waitForReady()
        try terminal.enter("hello there")
        try terminal.waitFor("the second retry in the status bar") {
            $0.statusLine.contains("retry 2/3 in") && $0.statusLine.contains("HTTP 503")
        }
        let screen = try terminal.waitForStatus("done")
        XCTAssertTrue(screen.statusLine.contains("3 attempts"), screen.statusLine)
        XCTAssertTrue(screen.joined().contains("You said"), screen.joined(separator: "\n"))
        XCTAssertEqual(server.chatRequests.count, 3)
    }

    func testHangEndsInATimeoutMessageWhileTheUIStaysResponsive() async throws {
        let server = try await serve(fault: "hang-before-headers")
        let terminal = try launchChat(
            server, ["--model", "m", "--warmup", "never", "--retries", "0", "--first-token-timeout", "3"])
        try terminal.waitForReady()
        try terminal.enter("anyone there?")
        try terminal.waitForStatus("waiting for the server")
        try terminal.type("still typing")
        try terminal.waitFor("typed text while the request hangs") { self.inputLine($0).contains("still typing") }
        let screen = try terminal.waitFor("the timeout message") {
            $0.statusLine.contains("error: no first token within 3 s (--first-token-timeout)")
        }
        XCTAssertTrue(inputLine(screen).contains("still typing"), "the draft survives")
    }

    func testEscCancelsAWaitForARetryAtOnce() async throws {
        let server = try await serve(fault: "rate-limit:30")
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"])
        try terminal.waitForReady()
        try terminal.enter("hi")
        try terminal.waitForStatus("retry 1/3 in")
        try terminal.press("Escape")
        try terminal.waitForStatus("cancelled", timeout: .seconds(5))
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testContinueFinishesAnInterruptedReply() async throws {
        let server = try await serve(fault: "error-in-stream:4@1", tokensPerSecond: 200)
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], columns: 110)
        try terminal.waitForReady()
        try terminal.enter("tell me")
        try terminal.waitForStatus("interrupted")
        try terminal.enter("/continue")
        try terminal.waitForStatus("done")
        let second = try XCTUnwrap(server.chatRequests.last?.json["messages"] as? [[String: Any]])
        XCTAssertEqual(second.map { $0["role"] as? String }, ["user", "assistant", "user"])
        XCTAssertEqual(second[1]["content"] as? String, DemoServer.replyTokens(forPrompt: "tell me").prefix(4).joined())
    }

    // MARK: ask in scripts

    func testAskExitCodesSayHowTheReplyEnded() async throws {
        var server = try await serve(fault: "status:401")
        var result = try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "x"])
        XCTAssertEqual(result.status, 3, "server error: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("HTTP 401"), result.stderr)
        try await server.shutdown()

        server = try await serve(fault: "hang-before-headers")
        result = try Binary.run([
            "ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--retries", "0",
            "--first-token-timeout", "0.5", "x",
        ])
        XCTAssertEqual(result.status, 4, "timeout: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("no first token within 500 ms (--first-token-timeout)"), result.stderr)
        try await server.shutdown()

        server = try await serve(fault: "drop-mid-stream:3", tokensPerSecond: 200)
        result = try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "x"])
        XCTAssertEqual(result.status, 7, "cut short: \(result.stderr)")
        XCTAssertEqual(result.stdout, DemoServer.replyTokens(forPrompt: "x").prefix(3).joined() + "\n")
        try await server.shutdown()

        result = try Binary.run(
            ["ask", "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "m", "--retries", "0", "x"])
        XCTAssertEqual(result.status, 6, "cannot connect: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("connection refused"), result.stderr)
    }

    func testAskPrintsEachStepOnStderrWithoutEscapeCodes() async throws {
        // The warm-up is the first chat request the server counts, and it does not stream.
        let server = try await serve(fault: "status:503@2")
        let result = try Binary.run(["ask", "--base-url", server.baseURL, "--model", "m", "x"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for step in ["warming up", "warm-up", "connecting", "retry 1/3", "attempt 2", "streaming", "done"] {
            XCTAssertTrue(lines.contains { $0.contains(step) }, "no '\(step)' line in:\n\(result.stderr)")
        }
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "escape codes on a pipe")
    }

    func testCtrlCCancelsAskWhichExits130() async throws {
        let server = try await serve(fault: "hang-after-headers")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "x"]
        process.environment = Binary.cleanEnvironment()
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while server.chatRequests.isEmpty && ContinuousClock.now < deadline { usleep(10_000) }
        XCTAssertFalse(server.chatRequests.isEmpty, "the request never arrived")
        process.interrupt()
        // A process that ignored the interrupt must not hang the test run.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("cancelled"), stderr)
    }
}
