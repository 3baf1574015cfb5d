import DemoServer
import Foundation
import XCTest

/// The multi-line input editor in a real terminal: newlines in a prompt, history recall across
/// runs, and the round trip through `$EDITOR`.
final class InputEditorEndToEndTests: DemoServerTestCase {
    private func serve() async throws -> DemoServer {
        try await startServer(.init(tokensPerSecond: 500))
    }

    private func statusLine(_ screen: [String]) -> String {
        screen.last(where: { !$0.isEmpty }) ?? ""
    }

    /// The text of the last user message the server received.
    private func lastPrompt(_ server: DemoServer) -> String? {
        let messages = server.chatRequests.last?.json["messages"] as? [[String: Any]]
        return messages?.last(where: { $0["role"] as? String == "user" })?["content"] as? String
    }

    private func start(_ server: DemoServer, dataDirectory: String, environment: [String: String] = [:]) throws
        -> TmuxTerminal
    {
        let terminal = try startTerminal(
            [Binary.url.path, "--base-url", server.baseURL, "--model", "m", "--data-dir", dataDirectory],
            environment: environment)
        try terminal.waitFor("the ready status bar") { self.statusLine($0).contains("ready") }
        return terminal
    }

    func testAltEnterMakesAMultiLinePromptSentAsOne() async throws {
        let server = try await serve()
        let terminal = try start(server, dataDirectory: Binary.temporaryDataDirectory(for: self))
        try terminal.type("first line")
        try terminal.press("M-Enter")
        try terminal.type("第二行")
        try terminal.waitFor("the second draft row") { $0.contains { $0.hasSuffix("  第二行") } }
        try terminal.press("Enter")
        try terminal.waitFor("the reply to finish") { self.statusLine($0).contains("done") }
        XCTAssertEqual(server.chatRequests.count, 1)
        XCTAssertEqual(lastPrompt(server), "first line\n第二行")
    }

    func testUpRecallsThePreviousPromptAlsoInALaterRun() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        var terminal = try start(server, dataDirectory: directory)
        try terminal.type("remember me")
        try terminal.press("Enter")
        try terminal.waitFor("the reply to finish") { self.statusLine($0).contains("done") }
        try terminal.press("Up")
        try terminal.waitFor("the recalled prompt") { $0.contains("› remember me") }
        try terminal.press("C-u", "C-d")
        XCTAssertEqual(try terminal.waitForExit(), 0, "Ctrl-D on an empty draft quits")
        terminal.close()

        terminal = try start(server, dataDirectory: directory)
        try terminal.press("Up")
        try terminal.waitFor("the prompt from the last run") { $0.contains("› remember me") }
        try terminal.press("Enter")
        try terminal.waitFor("the second reply") { self.statusLine($0).contains("done") }
        XCTAssertEqual(server.chatRequests.count, 2)
        XCTAssertEqual(lastPrompt(server), "remember me")
    }

    func testCtrlXCtrlEEditsTheDraftInTheExternalEditor() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = directory + "-editor.sh"
        try "#!/bin/sh\nprintf 'added by the editor\\n' >> \"$1\"\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        defer { unlink(script) }
        let terminal = try start(server, dataDirectory: directory, environment: ["EDITOR": script, "VISUAL": ""])
        try terminal.type("typed here")
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the edited draft") { $0.contains { $0.hasSuffix("  added by the editor") } }
        try terminal.press("Enter")
        try terminal.waitFor("the reply to finish") { self.statusLine($0).contains("done") }
        XCTAssertEqual(lastPrompt(server), "typed here\nadded by the editor")
    }
}
