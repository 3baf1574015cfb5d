import DemoServer
import TestSupport
import XCTest

/// Resizing the real terminal at awkward moments: too small and back, with an overlay open, in
/// the middle of a multi-line draft.
final class ResizeEndToEndTests: DemoServerTestCase {
    func testATooSmallTerminalSaysSoUntilItGrowsAndTheDraftSurvives() async throws {
        let server = try await serve()
        let terminal = try launchChat(server, ["--model", "m"])
        try terminal.waitForReady()
        try terminal.type("a draft that must survive")
        try terminal.resize(columns: 12, rows: 4)
        try terminal.waitFor("the too-small notice") { $0.first?.hasPrefix("terminal to") == true }
        try terminal.resize(columns: 100, rows: 30)
        let screen = try terminal.waitForReady()
        XCTAssertTrue(screen.contains { $0.contains("a draft that must survive") }, screen.joined(separator: "\n"))
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testResizeWithTheHelpOpenRedrawsItAtTheNewWidthAndEscStillClosesIt() async throws {
        let server = try await serve()
        let terminal = try launchChat(server, ["--model", "m"])
        try terminal.waitForReady()
        try terminal.press("F1")
        try terminal.waitFor("the help") { $0.contains { $0.contains("Keys and commands") } }
        try terminal.resize(columns: 60, rows: 20)
        try terminal.waitFor("the help at 60 columns") { screen in
            screen.allSatisfy { $0.count <= 60 } && screen.contains { $0.contains("Keys and commands") }
        }
        try terminal.press("Escape")
        try terminal.waitFor("the chat") {
            $0.isReady && !$0.contains { $0.contains("Keys and commands") }
        }
    }

    func testResizeInTheMiddleOfAMultiLineDraftKeepsItWholeAndSendsItWhole() async throws {
        let server = try await serve()
        let terminal = try launchChat(server, ["--model", "m"])
        try terminal.waitForReady()
        let first = "the first line is long enough to wrap when the terminal becomes narrow"
        try terminal.type(first)
        try terminal.press("M-Enter")
        try terminal.type("second line")
        try terminal.resize(columns: 40, rows: 24)
        try terminal.waitFor("the rewrapped draft") { screen in
            screen.allSatisfy { $0.count <= 40 } && screen.contains { $0.contains("second line") }
        }
        try terminal.enter(" and more")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.lastPrompt, first + "\nsecond line and more")
    }
}
