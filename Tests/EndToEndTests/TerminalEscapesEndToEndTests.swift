import DemoServer
import TestSupport
import XCTest

/// Escape sequences from anywhere but a server — a setting, the environment, an argument, a file
/// name — reach the terminal only as placeholders, and JSON output escapes C1 and bidi controls.
final class TerminalEscapesEndToEndTests: DemoServerTestCase {
    /// A window title (OSC 0), a clipboard write (OSC 52), a screen clear, an 8-bit CSI, a
    /// right-to-left override and a zero-width space.
    private let hostile = "\u{1B}]0;pwned\u{07}\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil\u{200B}"
    /// `hostile` as a TOML string's escapes.
    private let hostileTOML = #"\u001b]0;pwned\u0007\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u009b31m\u202eevil\u200b"#

    /// Fails when `text` holds ESC, BEL, an 8-bit CSI, a bidi override or a zero-width space, and
    /// when it does not show the payload's placeholders (so the text really quoted it).
    private func assertSanitised(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (scalar, name) in [
            ("\u{1B}", "ESC"), ("\u{07}", "BEL"), ("\u{9B}", "U+009B"), ("\u{202E}", "U+202E"), ("\u{200B}", "U+200B"),
        ] as [(Unicode.Scalar, String)] {
            XCTAssertFalse(
                text.unicodeScalars.contains(scalar), "\(what) writes \(name): \(text.debugDescription)", file: file,
                line: line)
        }
        XCTAssertTrue(
            text.contains("␛]0;pwned"), "\(what) quotes the payload visibly: \(text.debugDescription)", file: file,
            line: line)
    }

    func testConfigValuesAreQuotedSanitisedInErrors() throws {
        let files = [
            ("base_url", #"base_url = "\#(hostileTOML)""#),
            ("default_profile", #"default_profile = "\#(hostileTOML)""#),
            ("an unknown key", #""\#(hostileTOML)" = 1"#),
            ("a header name", #"headers = { "\#(hostileTOML)" = "x" }"#),
        ]
        for (what, config) in files {
            let result = try Binary.run(["config"], environment: try environment(config: config))
            XCTAssertNotEqual(result.status, 0, what)
            assertSanitised(result.stderr, "the error for \(what)")
            XCTAssertEqual(result.stdout, "", what)
        }
    }

    func testEnvironmentVariablesAreQuotedSanitisedInErrors() throws {
        for variable in ["CHATTERM_BASE_URL", "OPENAI_BASE_URL"] {
            let result = try Binary.run(
                ["ask", "hello"], environment: try environment(config: nil, [variable: "http://" + hostile]))
            XCTAssertNotEqual(result.status, 0, variable)
            assertSanitised(result.stderr, variable)
        }
        let result = try Binary.run(
            ["ask", "hello"], environment: try environment(config: "", ["CHATTERM_PROFILE": hostile]))
        XCTAssertNotEqual(result.status, 0)
        assertSanitised(result.stderr, "CHATTERM_PROFILE")
    }

    func testArgumentsAndFileNamesAreQuotedSanitisedInErrors() throws {
        let data = Binary.temporaryDataDirectory(for: self)
        let runs = [
            ("--resume", ["ask", "--resume", hostile, "--data-dir", data, "hello"]),
            ("--config", ["config", "--config", "/tmp/" + hostile]),
            ("themes --check", ["themes", "--check", "/tmp/" + hostile]),
            ("--profile", ["config", "--profile", hostile]),
            ("an unknown option", ["ask", "--" + hostile]),
        ]
        for (what, arguments) in runs {
            let result = try Binary.run(arguments, environment: try environment(config: nil))
            XCTAssertNotEqual(result.status, 0, what)
            assertSanitised(result.stderr, what)
        }
    }

    /// `chatterm --resume X` needs a terminal before it looks for the conversation: its error is
    /// read from one.
    func testTheChatsResumeArgumentIsQuotedSanitisedOnTheTerminal() throws {
        let terminal = try launchChatInPseudoTerminal(
            ["--demo", "--resume", hostile],
            environment: ["XDG_CONFIG_HOME": try Binary.temporaryConfigDirectory(for: self)])
        XCTAssertEqual(try terminal.waitForExit(timeout: 30), 1)
        let output = terminal.text()
        XCTAssertTrue(output.contains("cannot resume"), output.debugDescription)
        for payload in ["\u{1B}]0;pwned", "\u{1B}]52;", "\u{1B}[2J", "\u{9B}31m", "\u{202E}evil", "evil\u{200B}"] {
            XCTAssertFalse(
                output.contains(payload), "\(payload.debugDescription) reached the terminal: \(output.debugDescription)"
            )
        }
        XCTAssertTrue(output.contains("␛]0;pwned"), output.debugDescription)
    }

    func testJSONOutputEscapesC1AndBidiControls() async throws {
        let title = "a\u{9B}31m\u{9D}0;t\u{9C}b\u{202E}c\u{2066}d"
        let server = try await serve(.fast(cannedReply: title))
        let data = Binary.temporaryDataDirectory(for: self)
        let saved = try Binary.run(
            [
                "ask", "--save", "--warmup", "never", "--model", "m", "--base-url", server.baseURL, "--data-dir", data,
                title,
            ],
            environment: try environment(config: nil))
        XCTAssertEqual(saved.status, 0, saved.stderr)
        let history = try Binary.run(
            ["history", "--json", "--data-dir", data], environment: try environment(config: nil))
        let config = try Binary.run(["config", "--json", "--system", title], environment: try environment(config: nil))
        let show = try Binary.run(
            ["show", "last", "--format", "json", "--data-dir", data], environment: try environment(config: nil))
        let ask = try Binary.run(
            ["ask", "--json", "--warmup", "never", "--model", "m", "--base-url", server.baseURL, title],
            environment: try environment(config: nil))
        for (what, result) in [
            ("history --json", history), ("config --json", config), ("show --format json", show), ("ask --json", ask),
        ] {
            XCTAssertEqual(result.status, 0, "\(what): \(result.stderr)")
            for scalar in ["\u{9B}", "\u{9D}", "\u{9C}", "\u{202E}", "\u{2066}"] as [Unicode.Scalar] {
                XCTAssertFalse(
                    result.stdout.unicodeScalars.contains(scalar), "\(what) writes U+\(String(scalar.value, radix: 16))"
                )
            }
            XCTAssertTrue(
                result.stdout.contains(#"a\u009b31m\u009d0;t\u009cb\u202ec\u2066d"#), "\(what): \(result.stdout)")
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)), "\(what) is still JSON")
        }
        let summaries = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(summaries.first?["title"] as? String, title, "the same title, escaped")
    }
}
