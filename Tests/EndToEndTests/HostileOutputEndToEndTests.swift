import DemoServer
import TestSupport
import XCTest

/// Model output that tries to drive the terminal is shown, not obeyed.
final class HostileOutputEndToEndTests: DemoServerTestCase {
    func testEscapeSequencesInAReplyAreShownAsPlaceholders() async throws {
        let hostile =
            "Before \u{1B}[2J\u{1B}[H clear, \u{1B}]0;pwned\u{07} title, \u{1B}[31mred\u{9B}1m, bell\u{07}\r\nafter"
        let server = try await serve(.fast(cannedReply: hostile))
        let terminal = try launchChat(server, ["--model", "m"])
        try terminal.waitForReady()
        let titleBefore = try terminal.value("pane_title")
        try terminal.enter("be nasty")
        let screen = try terminal.waitForStatus("done")
        let text = screen.joined(separator: "\n")
        XCTAssertTrue(text.contains("Before ␛[2J␛[H clear"), text)
        XCTAssertTrue(text.contains("␛]0;pwned␇ title"), text)
        XCTAssertTrue(text.contains("␛[31mred�1m, bell␇"), text)
        XCTAssertTrue(text.contains("be nasty"), "the screen was not cleared:\n\(text)")
        XCTAssertTrue(screen.contains { $0.hasSuffix("  after") }, "CRLF became a plain line break:\n\(text)")
        XCTAssertEqual(try terminal.value("pane_title"), titleBefore, "the model changed the window title")
    }
}
