import DemoServer
import TestSupport
import XCTest

/// The real binary in a real terminal (tmux) against the DemoServer over loopback.
final class ChatScreenEndToEndTests: DemoServerTestCase {
    /// The screen's text with all white space removed: wrapping and indentation change only
    /// white space, so a reply is intact when its unspaced text appears in the unspaced screen.
    private func unspaced(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    func testTypedCJKPromptStreamsTheWholeReplyAndTheStatusBarEndsDone() async throws {
        let server = try await serve(.init(tokensPerSecond: 200))
        let terminal = try launchChat(server, columns: 110, rows: 40)
        try terminal.waitForReady()
        let prompt = "你好 chatterm, 请回答 🚀"
        try terminal.enter(prompt)
        let screen = try terminal.waitForStatus("done")
        let status = screen.statusLine
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
        let terminal = try launchChat(["--demo-speed", "0"])
        try terminal.waitForStatus("demo")
        try terminal.enter("hello")
        let screen = try terminal.waitForStatus("done")
        XCTAssertTrue(unspaced(screen.joined()).contains(unspaced("You said: “hello”")))
    }

    func testEscapeCancelsAStreamingReplyAndKeepsWhatArrived() async throws {
        let server = try await serve(.init(tokensPerSecond: 8))
        let terminal = try launchChat(server)
        try terminal.waitForReady()
        try terminal.enter("slow one")
        try terminal.waitFor("a few tokens") { self.unspaced($0.joined()).contains("Yousaid:") }
        try terminal.press("Escape")
        let screen = try terminal.waitForStatus("cancelled")
        XCTAssertTrue(unspaced(screen.joined()).contains(unspaced("You said")), screen.joined(separator: "\n"))
        await server.waitUntilNoActiveStreams()
        XCTAssertEqual(server.activeStreamCount, 0)
    }

    func testCtrlCTwiceQuitsAndRestoresTheTerminal() throws {
        let terminal = try launchChat(["--demo"])
        try terminal.waitForReady()
        XCTAssertEqual(try terminal.value("alternate_on"), "1")
        try terminal.press("C-c")
        try terminal.waitForStatus("Ctrl-C again")
        try terminal.press("C-c")
        XCTAssertEqual(try terminal.waitForExit(), 0)
        XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "the alternate screen was left")
        XCTAssertEqual(try terminal.waitForValue("cursor_flag", toBe: "1"), "1", "the cursor is visible again")
    }

    func testResizeMidStreamReWrapsToTheNewWidth() async throws {
        let server = try await serve(.init(tokensPerSecond: 30))
        let terminal = try launchChat(server, rows: 40)
        try terminal.waitForReady()
        try terminal.enter("resize while you stream")
        try terminal.waitForStatus("streaming")
        try terminal.resize(columns: 50, rows: 40)
        let screen = try terminal.waitForStatus("done", timeout: .seconds(60))
        for line in screen {
            XCTAssertLessThanOrEqual(line.count, 50, "line wider than the terminal: \(line)")
        }
        XCTAssertTrue(
            unspaced(screen.joined()).contains(unspaced(DemoServer.replyText(forPrompt: "resize while you stream"))),
            screen.joined(separator: "\n"))
    }

    func testServerErrorIsShownInTheStatusBar() async throws {
        let server = try await serve(.init(fault: .httpError))
        let terminal = try launchChat(server, ["--model", "m"])
        try terminal.waitForReady()
        try terminal.enter("fail please")
        let screen = try terminal.waitForStatus("error")
        XCTAssertTrue(screen.statusLine.contains("Internal Server Error"), screen.statusLine)
    }
}
