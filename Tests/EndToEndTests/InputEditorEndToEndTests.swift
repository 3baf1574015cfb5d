import DemoServer
import Foundation
import TestSupport
import XCTest

/// The multi-line input editor in a real terminal: newlines in a prompt, history recall across
/// runs, and the round trip through `$EDITOR`.
final class InputEditorEndToEndTests: DemoServerTestCase {
    /// A chat against `server`, at the ready status bar.
    private func start(
        _ server: DemoServer, dataDirectory: String? = nil, environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        let terminal = try launchChat(server, ["--model", "m"], dataDirectory: dataDirectory, environment: environment)
        try terminal.waitForReady()
        return terminal
    }

    func testAltEnterMakesAMultiLinePromptSentAsOne() async throws {
        let server = try await serve(.init(tokensPerSecond: 500))
        let terminal = try start(server)
        try terminal.type("first line")
        try terminal.press("M-Enter")
        try terminal.type("第二行")
        try terminal.waitFor("the second draft row") { $0.contains { $0.hasSuffix("  第二行") } }
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.chatRequests.count, 1)
        XCTAssertEqual(server.lastPrompt, "first line\n第二行")
    }

    func testUpRecallsThePreviousPromptAlsoInALaterRun() async throws {
        let server = try await serve(.init(tokensPerSecond: 500))
        let directory = Binary.temporaryDataDirectory(for: self)
        var terminal = try start(server, dataDirectory: directory)
        try terminal.enter("remember me")
        try terminal.waitForStatus("done")
        try terminal.press("Up")
        try terminal.waitFor("the recalled prompt") { $0.contains("› remember me") }
        try terminal.press("C-u", "C-d")
        XCTAssertEqual(try terminal.waitForExit(), 0, "Ctrl-D on an empty draft quits")
        terminal.close()

        terminal = try start(server, dataDirectory: directory)
        try terminal.press("Up")
        try terminal.waitFor("the prompt from the last run") { $0.contains("› remember me") }
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.chatRequests.count, 2)
        XCTAssertEqual(server.lastPrompt, "remember me")
    }

    func testCtrlXCtrlEEditsTheDraftInTheExternalEditor() async throws {
        let server = try await serve(.init(tokensPerSecond: 500))
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = directory + "-editor.sh"
        try EditorScript.write("printf 'added by the editor\\n' >> \"$1\"\n", to: script)
        defer { unlink(script) }
        let terminal = try start(server, dataDirectory: directory, environment: ["EDITOR": script, "VISUAL": ""])
        try terminal.type("typed here")
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the edited draft") { $0.contains { $0.hasSuffix("  added by the editor") } }
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.lastPrompt, "typed here\nadded by the editor")
    }
}
