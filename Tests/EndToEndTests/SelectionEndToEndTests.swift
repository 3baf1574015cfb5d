import DemoServer
import Foundation
import TestSupport
import XCTest

/// Selection mode through the real binary in a pseudo-terminal, every byte seen: `/select` (or
/// Alt-V), a move and `y` write one OSC 52 sequence holding the chosen text.
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
}
