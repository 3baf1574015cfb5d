import DemoServer
import Foundation
import TestSupport
import XCTest

/// What chatterm writes to a terminal, byte by byte, through a pseudo-terminal: no model text as
/// control sequences, no colour when colour is off, the right colour codes for each kind of
/// terminal, and nothing at all while idle.
final class TerminalBytesEndToEndTests: DemoServerTestCase {
    /// A reply that tries everything a hostile model (or a compromised server) could: set the
    /// window title, write the clipboard, plant a hyperlink, clear the screen, leave the alternate
    /// screen, send a DCS and an 8-bit CSI, reverse the text direction, and end a token on a lone
    /// ESC.
    static let hostileReply =
        "title \u{1B}]0;pwned\u{07} and \u{1B}]2;pwned2\u{1B}\\ clip \u{1B}]52;c;cHduZWQ=\u{07} "
        + "link \u{1B}]8;;http://evil.example\u{1B}\\here\u{1B}]8;;\u{1B}\\ clear \u{1B}[2J\u{1B}[3J "
        + "alt \u{1B}[?1049l dcs \u{1B}P1$qm\u{1B}\\ apc \u{1B}_evil\u{1B}\\ c1 \u{9B}31m \u{9D}0;x\u{9C} "
        + "bidi \u{202E}desrever\u{202C} isolate \u{2067}x\u{2069} lone \u{1B}"

    func testHostileSequencesInAReplyNeverReachTheTerminal() async throws {
        let server = try await serve(.fast(cannedReply: Self.hostileReply))
        let terminal = try launchChatInPseudoTerminal(server, ["--model", "m", "--warmup", "never"])
        try terminal.waitForReady()
        let start = try terminal.waitUntilQuiet()
        try terminal.send("go\r")
        let written = try terminal.waitFor(text: "done", since: start)
        try terminal.waitUntilQuiet()
        let bytes = terminal.text(since: start)
        XCTAssertTrue(written.contains("pwned") && bytes.contains("desrever"), "the reply was not drawn")
        for forbidden in [
            "\u{1B}]", "\u{1B}P", "\u{1B}_", "\u{1B}^", "\u{1B}[2J", "\u{1B}[3J", "\u{1B}[?1049l", "\u{9B}", "\u{9D}",
            "\u{202E}", "\u{2067}",
        ] {
            XCTAssertFalse(bytes.contains(forbidden), "chatterm wrote \(forbidden.debugDescription)")
        }
        XCTAssertTrue(bytes.contains("␛]0;pwned␇"), "the title sequence is not shown as placeholders")
    }

    func testIdleSessionWritesNothingForTenSeconds() async throws {
        let server = try await serve(.init(tokensPerSecond: 200))
        let terminal = try launchChatInPseudoTerminal(server, ["--model", "m"])
        try terminal.waitForReady()
        try terminal.send("hello there\r")
        try terminal.waitFor(text: "done")
        let settled = try terminal.waitUntilQuiet()
        // The measurement window itself, not a synchronisation: the claim is about ten seconds.
        try await Task.sleep(for: .seconds(10))
        XCTAssertEqual(
            terminal.byteCount, settled,
            "idle output: \(terminal.text(since: settled).debugDescription)")
        XCTAssertFalse(terminal.hasExited)
    }

    func testNoColorLeavesEveryColourCodeOut() async throws {
        let server = try await serve(
            .init(
                tokensPerSecond: 0,
                cannedReply: "# Heading\n\nSome `code` and a [link](http://x).\n\n```swift\nlet x = 1\n```\n"))
        for (name, extra, arguments) in [
            ("NO_COLOR", ["NO_COLOR": "1"], [String]()), ("empty NO_COLOR", ["NO_COLOR": ""], []),
            ("--no-color", [:], ["--no-color"]),
        ] {
            let terminal = try launchChatInPseudoTerminal(
                server, ["--model", "m", "--warmup", "never"] + arguments, environment: extra)
            try terminal.waitForReady()
            try terminal.send("show me\r")
            try terminal.waitFor(text: "done")
            try terminal.waitUntilQuiet()
            let colours = SGR.colourParameters(in: terminal.text())
            XCTAssertEqual(colours, [], "\(name): colour codes were written")
            XCTAssertTrue(terminal.text().contains("Heading"), name)
        }
    }

    func testEachTerminalTypeGetsOnlyTheColoursItHas() async throws {
        let server = try await serve(
            .init(tokensPerSecond: 0, cannedReply: "# Heading\n\n> quote with `code`\n\n```swift\nlet x = 1\n```\n"))
        // (TERM, the most colours its terminfo entry has)
        let terminals: [(String, Int)] = [
            ("xterm-256color", 256), ("xterm", 8), ("screen", 8), ("tmux-256color", 256), ("vt100", 0), ("linux", 8),
        ]
        for (term, colours) in terminals {
            let terminal = try launchChatInPseudoTerminal(
                server, ["--model", "m", "--warmup", "never"], environment: ["TERM": term])
            try terminal.waitForReady()
            try terminal.send("show me\r")
            try terminal.waitFor(text: "done")
            try terminal.waitUntilQuiet()
            let used = SGR.colourParameters(in: terminal.text())
            switch colours {
            case 0:
                XCTAssertEqual(used, [], "\(term) has no colours")
            case 8:
                XCTAssertFalse(used.isEmpty, "\(term) has colours but none were used")
                XCTAssertTrue(
                    used.allSatisfy { (30...49).contains($0) }, "\(term) has 8 colours; used \(used.sorted())")
            default:
                XCTAssertFalse(used.isEmpty, "\(term) has colours but none were used")
                XCTAssertFalse(used.contains(2), "\(term) has no direct colour; used 38;2")
            }
            try terminal.send("\u{03}\u{03}")
            XCTAssertEqual(try terminal.waitForExit(), 0, term)
        }
    }
}

/// Reads SGR sequences (`ESC [ … m`) out of terminal output.
enum SGR {
    /// The colour-related parameters of every SGR sequence in `text`: 30–49 and 90–107 as they
    /// are, and for extended colours (`38;5;N`, `38;2;R;G;B`, also with colons) the 5 or 2 that
    /// says which kind. Attribute codes (bold, reverse, …) are left out.
    static func colourParameters(in text: String) -> Set<Int> {
        var found = Set<Int>()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "\u{1B}", scalars[index + 1] == "[" else {
                index += 1
                continue
            }
            var end = index + 2
            while end < scalars.count, !(0x40...0x7E).contains(scalars[end].value) { end += 1 }
            guard end < scalars.count else { break }
            if scalars[end] == "m" {
                let body = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
                let parameters = body.split(separator: ";", omittingEmptySubsequences: false)
                var position = 0
                while position < parameters.count {
                    let parts = parameters[position].split(separator: ":").compactMap { Int($0) }
                    let value = parts.first ?? 0
                    if value == 38 || value == 48 {
                        if parts.count > 1 {
                            found.insert(parts[1])
                        } else if position + 1 < parameters.count, let kind = Int(parameters[position + 1]) {
                            found.insert(kind)
                            position += kind == 5 ? 2 : 4
                        }
                    } else if (30...49).contains(value) || (90...107).contains(value) {
                        // 39 and 49 reset to the default colours: colour-free output may send them.
                        if value != 39 && value != 49 { found.insert(value) }
                    }
                    position += 1
                }
            }
            index = end + 1
        }
        return found
    }
}

extension TerminalBytesEndToEndTests {
    func testWithoutAUTF8LocaleOnlyASCIIIsWrittenAndTheStatusBarSaysWhy() async throws {
        let server = try await serve(.fast(cannedReply: "你好, wörld — ok ✓ done"))
        let terminal = try launchChatInPseudoTerminal(
            // Not streamed: the reply arrives whole and is drawn in one frame, so its row is one
            // run of bytes however busy the machine is.
            server, ["--model", "m", "--warmup", "never", "--no-stream"], environment: ["LANG": "C", "LC_ALL": "C"])
        try terminal.waitFor(text: "is not UTF-8")
        try terminal.waitForReady()
        try terminal.send("say hi\r")
        // The raw bytes, not a screen: ncurses may send a run of "?" as one "?" and a repeat
        // count, so the placeholders' widths are checked in ASCIIFallbackTests.
        try terminal.waitFor(text: "w?rld - ok v done")
        try terminal.waitUntilQuiet()
        let nonASCII = terminal.output.filter { $0 >= 0x80 }
        XCTAssertEqual(nonASCII.count, 0, "non-ASCII bytes reached a non-UTF-8 terminal")
    }
}
