import DemoServer
import TestSupport
import XCTest

/// Scrolling while a reply streams: the view stays where the user put it, says that output
/// arrives below, and End brings it back to the bottom.
final class ScrollbackEndToEndTests: DemoServerTestCase {
    func testScrolledUpViewStaysPutWithAMarkerUntilEnd() async throws {
        let server = try await serve(.init(tokensPerSecond: 60, replyTokens: 600))
        let terminal = try launchChat(server, ["--model", "m"], columns: 80, rows: 16)
        try terminal.waitForReady()
        try terminal.enter("a long one")
        // Wait until the reply fills more than a screen (250 tokens are about 14 rows at this
        // width), then scroll up one page.
        try terminal.waitFor("a screenful") { self.tokens($0) > 250 }
        try terminal.press("PageUp")
        let marker = "↓ new output below (End)"
        let scrolled = try terminal.waitFor("the new-output marker") { $0.contains { $0.contains(marker) } }
        let pane = Array(scrolled.prefix(12))
        // More tokens arrive; the rows above the marker do not move.
        try terminal.waitFor("more streaming") { self.tokens($0) > self.tokens(scrolled) + 30 }
        XCTAssertEqual(Array(try terminal.screen().prefix(12)), pane, "the scrolled view moved")
        try terminal.press("End")
        let bottom = try terminal.waitFor("back at the bottom") { !$0.contains { $0.contains(marker) } }
        XCTAssertNotEqual(Array(bottom.prefix(12)), pane)
    }

    /// The live token count in the status bar ("streaming · 123 tok").
    private func tokens(_ screen: [String]) -> Int {
        guard let status = screen.last(where: { $0.contains("streaming") }),
            let range = status.range(of: #"\d+ tok"#, options: .regularExpression)
        else { return 0 }
        return Int(status[range].dropLast(4)) ?? 0
    }
}
