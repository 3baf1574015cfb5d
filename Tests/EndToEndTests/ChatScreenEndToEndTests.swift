import DemoServer
import XCTest

/// The real binary in a real terminal (tmux) against the DemoServer over loopback.
final class ChatScreenEndToEndTests: DemoServerTestCase {
    private func serve(_ configuration: DemoServerConfiguration) async throws -> DemoServer {
        try await startServer(configuration)
    }

    /// The screen's text with all white space removed: wrapping and indentation change only
    /// white space, so a reply is intact when its unspaced text appears in the unspaced screen.
    private func unspaced(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    private func statusLine(_ screen: [String]) -> String {
        screen.last(where: { !$0.isEmpty }) ?? ""
    }

    func testTypedCJKPromptStreamsTheWholeReplyAndTheStatusBarEndsDone() async throws {
        let server = try await serve(.init(tokensPerSecond: 200))
        let terminal = try startTerminal(
            [Binary.url.path, "--base-url", server.baseURL], columns: 110, rows: 40)
        try terminal.waitFor("the ready status bar") { self.statusLine($0).contains("ready") }
        let prompt = "你好 chatterm, 请回答 🚀"
        try terminal.type(prompt)
        try terminal.press("Enter")
        let screen = try terminal.waitFor("the reply to finish") { self.statusLine($0).contains("done") }
        let status = statusLine(screen)
        XCTAssertTrue(status.contains("demo-model"), status)
        XCTAssertTrue(status.contains("tok"), status)
        XCTAssertTrue(
            unspaced(screen.joined()).contains(unspaced(DemoServer.replyText(forPrompt: prompt))),
            "reply not on screen:\n\(screen.joined(separator: "\n"))")
        XCTAssertTrue(screen.contains { $0.contains("You") })
        XCTAssertTrue(screen.contains { $0.contains("Assistant") })
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testDemoModeStartsWithoutAnEndpointAndSaysSo() throws {
        let terminal = try startTerminal([Binary.url.path, "--demo-speed", "0"], columns: 100, rows: 30)
        try terminal.waitFor("the demo notice") { self.statusLine($0).contains("demo") }
        try terminal.type("hello")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("the demo reply") { self.statusLine($0).contains("done") }
        XCTAssertTrue(unspaced(screen.joined()).contains(unspaced("You said: “hello”")))
    }

    func testEscapeCancelsAStreamingReplyAndKeepsWhatArrived() async throws {
        let server = try await serve(.init(tokensPerSecond: 8))
        let terminal = try startTerminal([Binary.url.path, "--base-url", server.baseURL])
        try terminal.waitFor("ready") { self.statusLine($0).contains("ready") }
        try terminal.type("slow one")
        try terminal.press("Enter")
        try terminal.waitFor("a few tokens") { self.unspaced($0.joined()).contains("Yousaid:") }
        try terminal.press("Escape")
        let screen = try terminal.waitFor("cancelled") { self.statusLine($0).contains("cancelled") }
        XCTAssertTrue(unspaced(screen.joined()).contains(unspaced("You said")), screen.joined(separator: "\n"))
        await server.waitUntilNoActiveStreams()
        XCTAssertEqual(server.activeStreamCount, 0)
    }

    func testCtrlCTwiceQuitsAndRestoresTheTerminal() throws {
        let terminal = try startTerminal([Binary.url.path, "--demo"])
        try terminal.waitFor("ready") { self.statusLine($0).contains("ready") }
        XCTAssertEqual(try terminal.value("alternate_on"), "1")
        try terminal.press("C-c")
        try terminal.waitFor("the quit prompt") { self.statusLine($0).contains("Ctrl-C again") }
        try terminal.press("C-c")
        XCTAssertEqual(try terminal.waitForExit(), 0)
        XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "the alternate screen was left")
        XCTAssertEqual(try terminal.waitForValue("cursor_flag", toBe: "1"), "1", "the cursor is visible again")
    }

    func testResizeMidStreamReWrapsToTheNewWidth() async throws {
        let server = try await serve(.init(tokensPerSecond: 30))
        let terminal = try startTerminal([Binary.url.path, "--base-url", server.baseURL], columns: 100, rows: 40)
        try terminal.waitFor("ready") { self.statusLine($0).contains("ready") }
        try terminal.type("resize while you stream")
        try terminal.press("Enter")
        try terminal.waitFor("streaming") { self.statusLine($0).contains("streaming") }
        try terminal.resize(columns: 50, rows: 40)
        let screen = try terminal.waitFor("done after resize", timeout: .seconds(60)) {
            self.statusLine($0).contains("done")
        }
        for line in screen {
            XCTAssertLessThanOrEqual(line.count, 50, "line wider than the terminal: \(line)")
        }
        XCTAssertTrue(
            unspaced(screen.joined()).contains(unspaced(DemoServer.replyText(forPrompt: "resize while you stream"))),
            screen.joined(separator: "\n"))
    }

    func testServerErrorIsShownInTheStatusBar() async throws {
        let server = try await serve(.init(fault: .httpError))
        let terminal = try startTerminal([Binary.url.path, "--base-url", server.baseURL, "--model", "m"])
        try terminal.waitFor("ready") { self.statusLine($0).contains("ready") }
        try terminal.type("fail please")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("the error") { self.statusLine($0).contains("error") }
        XCTAssertTrue(statusLine(screen).contains("Internal Server Error"), statusLine(screen))
    }
}
