import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `mouse = true` through the real binary in tmux, which says which mouse reports a program
/// asked for: the wheel scrolls the conversation three lines a step; reporting is asked for
/// only with the setting, and is off whenever chatterm lets go of the terminal (quit, Ctrl-Z,
/// `$EDITOR`, a crash).
final class MouseWheelEndToEndTests: DemoServerTestCase {
    private static let bash = ["bash", "--norc", "--noprofile", "-i"]

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

    func testReportingIsOffWhileSuspendedAndInTheEditorAndOnAgainAfter() throws {
        let config = try Binary.temporaryConfigDirectory(for: self, config: "mouse = true\n")
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = try EditorScript.waitingForGo(in: directory)
        let terminal = try launchChat(inShell: Self.bash, assignments: "XDG_CONFIG_HOME=\(config) VISUAL=\(script)")
        XCTAssertEqual(try terminal.waitForValue("mouse_any_flag", toBe: "1"), "1", "asked for at start")
        try terminal.press("C-z")
        try terminal.waitFor("the shell") { $0.contains { $0.contains("Stopped") } }
        XCTAssertEqual(try terminal.waitForValue("mouse_any_flag", toBe: "0"), "0", "on in the shell")
        try terminal.enter("fg")
        try terminal.waitForReady()
        XCTAssertEqual(try terminal.waitForValue("mouse_any_flag", toBe: "1"), "1", "off after fg")
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the editor") { $0.contains { $0.contains("EDITING") } }
        XCTAssertEqual(try terminal.waitForValue("mouse_any_flag", toBe: "0"), "0", "on in the editor")
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/go", contents: nil))
        try terminal.waitFor("the edited draft") { $0.contains { $0.hasPrefix("› edited draft") } }
        XCTAssertEqual(try terminal.waitForValue("mouse_any_flag", toBe: "1"), "1", "off after the editor")
    }

    func testACrashTurnsReportingOff() throws {
        var noCores = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCores)
        let config = try Binary.temporaryConfigDirectory(for: self, config: "mouse = true\n")
        let terminal = try launchChatInPseudoTerminal(
            ["--demo"], environment: ["SWIFT_BACKTRACE": "enable=no", "XDG_CONFIG_HOME": config])
        try terminal.waitForReady()
        try terminal.waitUntilQuiet()
        XCTAssertTrue(terminal.text().contains("1000h"), "reporting was never asked for")
        let before = terminal.byteCount
        kill(terminal.pid, SIGSEGV)
        XCTAssertEqual(try terminal.waitForExit(), 128 + SIGSEGV)
        let after = terminal.text(since: before)
        XCTAssertTrue(after.contains("\u{1B}[?1000l"), "mouse reporting is still on: \(after.debugDescription)")
        XCTAssertTrue(after.contains("\u{1B}[?1006l"), "SGR reports are still on: \(after.debugDescription)")
    }
}
