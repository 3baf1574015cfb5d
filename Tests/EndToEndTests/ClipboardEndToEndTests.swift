import DemoServer
import Foundation
import TestSupport
import XCTest

/// `/copy` through a pseudo-terminal: the exact OSC 52 bytes chatterm writes, plain and wrapped
/// for tmux, for a whole reply and for one code block, and none when copying is off.
final class ClipboardEndToEndTests: DemoServerTestCase {
    static let reply = "Two blocks:\n\n```swift\nlet a = 1\nprint(a)\n```\n\nand\n\n~~~\nplain 第二 🙂\n~~~\n"

    /// chatterm after one reply (`reply`), with `arguments` and `environment` added.
    private func replied(_ arguments: [String] = [], _ extra: [String: String] = [:]) async throws -> PseudoTerminal {
        let server = try await serve(.fast(cannedReply: Self.reply))
        let terminal = try launchChatInPseudoTerminal(
            server, ["--model", "m", "--warmup", "never"] + arguments, environment: extra, columns: 150)
        try terminal.waitForReady()
        try terminal.send("show me\r")
        try terminal.waitFor(text: "done")
        try terminal.waitUntilQuiet()
        return terminal
    }

    private static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    func testCopyWritesTheLastReplyAsOneOSC52Sequence() async throws {
        let terminal = try await replied()
        let start = terminal.byteCount
        try terminal.send("/copy\r")
        try terminal.waitFor(text: "copied the last reply", since: start)
        try terminal.waitUntilQuiet()
        let written = terminal.text(since: start)
        XCTAssertEqual(occurrences(of: Self.osc52(Self.reply), in: written), 1, written.debugDescription)
        XCTAssertEqual(occurrences(of: "\u{1B}]52", in: written), 1)
    }

    func testCopyInsideTmuxWrapsTheSequenceForPassthrough() async throws {
        let terminal = try await replied([], ["TMUX": "/tmp/x,1,0"])
        let start = terminal.byteCount
        try terminal.send("/copy\r")
        try terminal.waitFor(text: "via tmux", since: start)
        try terminal.waitUntilQuiet()
        let wrapped = "\u{1B}Ptmux;\u{1B}" + Self.osc52(Self.reply) + "\u{1B}\\"
        XCTAssertEqual(occurrences(of: wrapped, in: terminal.text(since: start)), 1)
    }

    func testCopyTwoCopiesTheSecondCodeBlock() async throws {
        let terminal = try await replied()
        let start = terminal.byteCount
        try terminal.send("/copy 2\r")
        try terminal.waitFor(text: "copied code block 2", since: start)
        try terminal.waitUntilQuiet()
        let written = terminal.text(since: start)
        XCTAssertEqual(occurrences(of: Self.osc52("plain 第二 🙂"), in: written), 1, written.debugDescription)
        try terminal.send("/copy 3\r")
        try terminal.waitFor(text: "has 2 code blocks", since: start)
    }

    func testNoClipboardWritesNoOSC52AndSaysHowToTurnItOn() async throws {
        for (name, arguments, environment) in [
            ("--no-clipboard", ["--no-clipboard"], [:]), ("CHATTERM_CLIPBOARD=off", [], ["CHATTERM_CLIPBOARD": "off"]),
        ] {
            let terminal = try await replied(arguments, environment)
            try terminal.send("/copy\r")
            try terminal.waitFor(text: "is off")
            try terminal.waitUntilQuiet()
            XCTAssertFalse(terminal.text().contains("\u{1B}]52"), "\(name): OSC 52 written")
        }
    }
}
