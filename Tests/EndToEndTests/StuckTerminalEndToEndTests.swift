import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A terminal that stops reading (a frozen SSH link, a terminal emulator that hung, flow
/// control) leaves chatterm waiting in a write; SIGTERM and SIGHUP still end it within seconds,
/// with the terminal given back, instead of waiting for ever for room that never comes.
final class StuckTerminalEndToEndTests: DemoServerTestCase {
    func testSIGTERMOrSIGHUPWhileTheTerminalStopsReadingEndsChattermAndGivesTheTerminalBack() async throws {
        let server = try await serve(.init(tokensPerSecond: 0, replyTokens: 200_000))
        for signal in [SIGTERM, SIGHUP] {
            let terminal = try launchChatInPseudoTerminal(server, ["--model", "m", "--warmup", "never"])
            try terminal.waitForReady()
            try terminal.waitUntilQuiet()
            terminal.pauseReading()
            let frozenAt = terminal.byteCount
            try terminal.send("tell me everything\r")
            try terminal.waitForAWriteThatWaits()

            XCTAssertEqual(kill(terminal.pid, signal), 0)
            let deadline = Date().addingTimeInterval(30)
            while !terminal.hasExited && Date() < deadline { usleep(20_000) }
            XCTAssertTrue(terminal.hasExited, "signal \(signal): chatterm still waits on the terminal")
            terminal.resumeReading()
            XCTAssertEqual(try terminal.waitForExit(), 128 + signal)
            let after = terminal.text(since: frozenAt)
            XCTAssertTrue(after.contains("\u{1B}[?1049l"), "signal \(signal): still on the alternate screen")
            XCTAssertTrue(after.contains("\u{1B}[?25h"), "signal \(signal): the cursor is still hidden")
            XCTAssertTrue(terminal.isCooked, "signal \(signal): the terminal was left in raw mode")
        }
    }
}

extension StuckTerminalEndToEndTests {
    /// `$EDITOR` has the terminal: SIGTERM waits for it, as before, rather than pulling the
    /// terminal from under it; chatterm quits once the editor is done.
    func testSIGTERMWhileTheEditorHasTheTerminalWaitsForTheEditor() async throws {
        let server = try await serve(.init(tokensPerSecond: 500))
        let directory = Binary.temporaryDataDirectory(for: self)
        let finished = directory + "-editor-may-finish"
        let script = directory + "-editor.sh"
        try EditorScript.write("printf 'EDITING'\nwhile [ ! -e '\(finished)' ]; do sleep 0.05; done\n", to: script)
        defer {
            unlink(script)
            // Ends the editor whatever happened.
            _ = FileManager.default.createFile(atPath: finished, contents: nil)
        }
        let terminal = try launchChat(
            server, ["--model", "m"], dataDirectory: directory, environment: ["EDITOR": script, "VISUAL": ""])
        try terminal.waitForReady()
        try terminal.type("a draft")
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the editor") { $0.contains { $0.contains("EDITING") } }
        let pid = try XCTUnwrap(try terminal.programPID(), "no chatterm process")
        XCTAssertEqual(kill(pid, SIGTERM), 0)

        // The window in which the watchdog would have acted, not a synchronisation.
        try await Task.sleep(for: .seconds(3))
        XCTAssertEqual(kill(pid, 0), 0, "chatterm did not wait for the editor")
        XCTAssertTrue(try terminal.screen().contains { $0.contains("EDITING") }, "the editor's screen was disturbed")

        XCTAssertTrue(FileManager.default.createFile(atPath: finished, contents: nil))
        XCTAssertEqual(try terminal.waitForExit(), Int(128 + SIGTERM))
        XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "alternate screen left")
    }
}
