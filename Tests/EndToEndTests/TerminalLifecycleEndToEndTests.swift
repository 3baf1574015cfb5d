import Foundation
import TestSupport
import XCTest

/// The terminal is handed back intact however chatterm ends, and it refuses terminals it cannot use.
final class TerminalLifecycleEndToEndTests: XCTestCase {

    func testSIGTERMAndSIGHUPRestoreTheTerminalAndExitWithTheSignalStatus() throws {
        for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            let terminal = try launchChat(["--demo"])
            try terminal.waitForReady()
            let pid = try XCTUnwrap(try terminal.programPID(), "no chatterm process")
            XCTAssertEqual(kill(pid, signal), 0)
            XCTAssertEqual(try terminal.waitForExit(), Int(128 + signal), name)
            XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "\(name): alternate screen left")
            XCTAssertEqual(try terminal.waitForValue("cursor_flag", toBe: "1"), "1", "\(name): cursor visible")
        }
    }

    func testDumbTerminalGetsAClearMessagePointingToAsk() throws {
        let terminal = try launchChat(["--demo"], environment: ["TERM": "dumb"])
        XCTAssertEqual(try terminal.waitForExit(), 1)
        let screen = try terminal.screen().joined(separator: "\n")
        XCTAssertTrue(screen.contains("TERM is dumb"), screen)
        XCTAssertTrue(screen.contains("chatterm ask"), screen)
    }

    /// A terminal that disappears without a SIGHUP (it was not chatterm's controlling terminal)
    /// must not leave chatterm running forever.
    func testLostTerminalWithoutSIGHUPEndsTheProgram() throws {
        let terminal = try launchChatInPseudoTerminal(["--demo"], rows: 24, columns: 80, controlling: false)
        try terminal.waitForReady()
        terminal.closeTerminal()
        XCTAssertEqual(try terminal.waitForExit(timeout: 10), 128 + SIGHUP)
    }
}
