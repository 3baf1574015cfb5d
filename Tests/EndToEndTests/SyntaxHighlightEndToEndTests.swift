import DemoServer
import Foundation
import TestSupport
import XCTest

/// Highlighted code through the real binary in tmux: a streamed Python block's keywords,
/// strings and comments in the default theme's colours, and in attributes only with NO_COLOR.
final class SyntaxHighlightEndToEndTests: DemoServerTestCase {
    static let reply = """
        A function:

        ```python
        def greet(name):
            return "hello " + name  # friendly
        ```

        That is all.
        """

    /// The chat after the demo server streamed `reply`, its screen with escapes.
    private func screenAfterReply(environment: [String: String] = [:]) async throws -> [String] {
        let server = try await serve(.fast(cannedReply: Self.reply))
        let terminal = try launchChat(
            server, ["--model", "m", "--warmup", "never"], columns: 100, rows: 30,
            environment: ["TERM": "xterm-256color"].merging(environment) { $1 })
        try terminal.waitForReady()
        try terminal.enter("show me code")
        try terminal.waitFor("the reply's last line") { $0.contains { $0.contains("That is all.") } }
        return try terminal.screenWithEscapes()
    }

    func testAStreamedPythonBlockIsDrawnInTheThemesColours() async throws {
        let screen = try await screenAfterReply()
        let keyword = try XCTUnwrap(SGRState.at("def", in: screen))
        let string = try XCTUnwrap(SGRState.at("\"hello ", in: screen))
        let comment = try XCTUnwrap(SGRState.at("# friendly", in: screen))
        let name = try XCTUnwrap(SGRState.at("name)", in: screen))
        // The default theme: code white on black, keywords magenta, strings green, comments dim.
        XCTAssertEqual(name.foreground, "37", "plain code")
        XCTAssertEqual(keyword.foreground, "35", screen.joined(separator: "\n"))
        XCTAssertEqual(string.foreground, "32")
        XCTAssertEqual(comment.foreground, "37")
        XCTAssertTrue(comment.attributes.contains("2"), "comments are dim")
        for state in [keyword, string, comment, name] {
            XCTAssertEqual(state.background, "40", "the block keeps its background")
        }
        XCTAssertEqual(try XCTUnwrap(SGRState.at("return", in: screen)).foreground, "35")
    }

    func testWithNoColorTheBlockHasAttributesOnly() async throws {
        let screen = try await screenAfterReply(environment: ["NO_COLOR": "1"])
        let states = SGRState.all(in: screen)
        XCTAssertFalse(states.isEmpty)
        for state in states {
            XCTAssertNil(state.foreground, "no colour under NO_COLOR")
            XCTAssertNil(state.background, "no colour under NO_COLOR")
        }
        XCTAssertEqual(try XCTUnwrap(SGRState.at("def", in: screen)).attributes, ["1"], "keywords bold")
        XCTAssertEqual(try XCTUnwrap(SGRState.at("\"hello ", in: screen)).attributes, ["4"], "strings underlined")
        XCTAssertEqual(try XCTUnwrap(SGRState.at("# friendly", in: screen)).attributes, ["2"], "comments dim")
        XCTAssertEqual(try XCTUnwrap(SGRState.at("name)", in: screen)).attributes, [], "the rest plain")
    }
}

/// The colours and attributes in force at a point of a row from `tmux capture-pane -e`, which
/// writes an SGR sequence where they change.
struct SGRState: Equatable {
    var foreground: String?
    var background: String?
    var attributes: Set<String> = []

    /// The state at the first cell of `text` on the first row holding it.
    static func at(_ text: String, in screen: [String]) -> SGRState? {
        for row in screen {
            var state = SGRState()
            var rest = Substring(row)
            while !rest.isEmpty {
                if rest.hasPrefix(text) { return state }
                if rest.hasPrefix("\u{1B}["), let end = rest.firstIndex(of: "m") {
                    state.apply(rest[rest.index(rest.startIndex, offsetBy: 2)..<end])
                    rest = rest[rest.index(after: end)...]
                } else {
                    rest = rest.dropFirst()
                }
            }
        }
        return nil
    }

    /// Every state a row of `screen` is drawn in.
    static func all(in screen: [String]) -> [SGRState] {
        var states: [SGRState] = []
        for row in screen {
            var state = SGRState()
            var rest = Substring(row)
            while let start = rest.range(of: "\u{1B}["), let end = rest[start.upperBound...].firstIndex(of: "m") {
                state.apply(rest[start.upperBound..<end])
                states.append(state)
                rest = rest[rest.index(after: end)...]
            }
        }
        return states
    }

    private mutating func apply(_ parameters: Substring) {
        var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if codes.isEmpty || codes == [""] { codes = ["0"] }
        var index = 0
        while index < codes.count {
            let code = codes[index]
            switch Int(code) ?? 0 {
            case 0: self = SGRState()
            case 1...9: attributes.insert(code)
            case 22: attributes.subtract(["1", "2"])
            case 23...29: attributes.remove(String((Int(code) ?? 20) - 20))
            case 30...37, 90...97: foreground = code
            case 39: foreground = nil
            case 40...47, 100...107: background = code
            case 49: background = nil
            case 38, 48:
                let length = index + 1 < codes.count && codes[index + 1] == "5" ? 2 : 4
                let value = codes[index..<min(codes.count, index + 1 + length)].joined(separator: ";")
                if code == "38" { foreground = value } else { background = value }
                index += length
            default: break
            }
            index += 1
        }
    }
}
