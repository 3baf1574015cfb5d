import DemoServer
import Foundation
import TestSupport
import XCTest

/// Selection mode and the mouse wheel through the real binary: `/select`, a move and `y` write
/// an OSC 52 sequence holding the chosen text (in a pseudo-terminal, every byte seen), and with
/// `mouse = true` the wheel scrolls the conversation in tmux, which also says whether chatterm
/// asked for mouse reports.
final class SelectionEndToEndTests: DemoServerTestCase {
    static let reply = "Two blocks:\n\n```swift\nlet a = 1\nprint(a)\n```\n\nand\n\n~~~\nplain 第二 🙂\n~~~\n\nThe end."

    private static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    private func replied() async throws -> PseudoTerminal {
        let server = try await serve(.fast(cannedReply: Self.reply))
        let terminal = try launchChatInPseudoTerminal(server, ["--model", "m", "--warmup", "never"], columns: 150)
        try terminal.waitForReady()
        try terminal.send("show me\r")
        try terminal.waitFor(text: "done")
        try terminal.waitUntilQuiet()
        return terminal
    }

    func testSelectAMoveAndYCopyTheChosenLineWithOSC52() async throws {
        let terminal = try await replied()
        let start = terminal.byteCount
        try terminal.send("/select\r")
        try terminal.waitFor(text: "selecting:", since: start)
        // Typed in one burst, as a fast typist's keys may arrive: each still counts.
        try terminal.send("kky")
        try terminal.waitFor(text: "copied 1 line", since: start)
        try terminal.waitUntilQuiet()
        let written = terminal.text(since: start)
        XCTAssertEqual(occurrences(of: Self.osc52("plain 第二 🙂"), in: written), 1, written.debugDescription)
        XCTAssertEqual(occurrences(of: "\u{1B}]52", in: written), 1)
    }

    func testAltVABlockMoveAndBigVCopyTheBlocksCode() async throws {
        let terminal = try await replied()
        let start = terminal.byteCount
        try terminal.send("\u{1B}v")
        try terminal.waitFor(text: "selecting:", since: start)
        try terminal.send("{{Vy")
        try terminal.waitFor(text: "copied 2 lines", since: start)
        try terminal.waitUntilQuiet()
        XCTAssertEqual(
            occurrences(of: Self.osc52("let a = 1\nprint(a)"), in: terminal.text(since: start)), 1,
            terminal.text(since: start).debugDescription)
    }

    // MARK: The mouse wheel

    private func mouseChat(_ config: String?) async throws -> TmuxTerminal {
        let lines = (1...60).map { String(format: "line %02d", $0) }.joined(separator: "\n")
        let server = try await serve(.fast(cannedReply: lines))
        let folder = try Binary.temporaryConfigDirectory(for: self, config: config)
        let chat = try launchChat(
            server, ["--model", "m", "--warmup", "never"], rows: 24,
            environment: ["XDG_CONFIG_HOME": folder, "TERM": "xterm-256color"])
        try chat.waitForReady()
        try chat.enter("numbers")
        try chat.waitForStatus("done")
        return chat
    }

    /// An SGR (mode 1006) report of the wheel at column 10, row 5: button 64 up, 65 down.
    private static func wheel(up: Bool) -> [UInt8] {
        Array("\u{1B}[<\(up ? 64 : 65);10;5M".utf8)
    }

    func testWithMouseOnTheWheelScrollsThreeLinesAndReportingEndsWithTheChat() async throws {
        let chat = try await mouseChat("mouse = true\n")
        XCTAssertEqual(try chat.waitForValue("mouse_sgr_flag", toBe: "1"), "1", "SGR mouse reports asked for")
        XCTAssertEqual(try chat.value("mouse_standard_flag"), "1", "presses (the wheel's) reported")
        XCTAssertEqual(try chat.value("mouse_button_flag"), "0", "no drags reported")
        XCTAssertEqual(try chat.value("mouse_all_flag"), "0", "no motion reported")
        XCTAssertTrue(try chat.screen().contains { $0.contains("line 60") })
        try chat.send(bytes: Self.wheel(up: true))
        try chat.waitFor("three lines up") { screen in
            !screen.contains { $0.contains("line 59") } && screen.contains { $0.contains("line 58") }
        }
        try chat.send(bytes: Self.wheel(up: false))
        try chat.waitFor("back down") { $0.contains { $0.contains("line 60") } }
        try chat.enter("/quit")
        XCTAssertEqual(try chat.waitForExit(), 0)
        XCTAssertEqual(try chat.waitForValue("mouse_any_flag", toBe: "0"), "0", "reporting off after the chat")
        XCTAssertEqual(try chat.value("mouse_sgr_flag"), "0")
    }

    func testWithMouseOffChattermAsksForNoMouseReports() async throws {
        let chat = try await mouseChat(nil)
        for flag in ["mouse_any_flag", "mouse_sgr_flag"] {
            XCTAssertEqual(try chat.value(flag), "0", flag)
        }
    }
}
