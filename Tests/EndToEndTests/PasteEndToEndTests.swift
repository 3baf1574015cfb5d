import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Bracketed paste through a pseudo-terminal: the mode is on while chatterm has the terminal and
/// off whenever it gives it back, and a paste (multi-line, split over many reads, 1 MB) lands
/// in the draft whole without being sent.
final class PasteEndToEndTests: DemoServerTestCase {
    /// A chat against `server` in a pseudo-terminal, at the ready status bar.
    private func start(_ server: DemoServer, _ environment: [String: String] = [:]) throws -> PseudoTerminal {
        let terminal = try launchChatInPseudoTerminal(
            server, ["--model", "m", "--warmup", "never"], environment: environment)
        try terminal.waitForReady()
        return terminal
    }

    private static func bracketed(_ text: String) -> String {
        "\u{1B}[200~" + text + "\u{1B}[201~"
    }

    /// Polls `condition` until it holds, failing after `timeout`.
    private func waitUntil(
        _ description: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line,
        _ condition: () -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline {
                XCTFail("timed out waiting for \(description)", file: file, line: line)
                throw PseudoTerminal.Failure(description: "timed out waiting for \(description)")
            }
            usleep(10_000)
        }
    }

    /// The process's state letter from /proc ("T" when stopped).
    private func processState(_ pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].first(where: { $0 != " " })
    }

    func testAMultiLinePasteLandsInTheDraftAndEnterSendsItWhole() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try start(server)
        XCTAssertTrue(terminal.text().contains(PasteMode.on), "bracketed paste was not turned on")
        let start = try terminal.waitUntilQuiet()
        try terminal.send(Self.bracketed("first line\rsecond, 第二\r\nthird line"))
        try terminal.waitFor(text: "third line", since: start)
        try terminal.waitUntilQuiet()
        XCTAssertEqual(server.chatRequests.count, 0, "the paste was sent")
        XCTAssertFalse(terminal.text(since: start).contains("connecting"), "the paste was sent")

        try terminal.send("\r")
        try waitUntil("the prompt to reach the server") { !server.chatRequests.isEmpty }
        try terminal.waitFor(text: "done", since: start)
        XCTAssertEqual(server.chatRequests.count, 1)
        XCTAssertEqual(server.lastPrompt, "first line\nsecond, 第二\nthird line")

        try terminal.send("\u{03}\u{03}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
        XCTAssertTrue(PasteMode.isOff(after: terminal.text()), "bracketed paste left on at exit")
    }

    /// A megabyte of numbered lines (CR-separated, as a terminal pastes them) with CJK and emoji,
    /// ending in a marker.
    static func oneMegabyteOfLines() -> String {
        var pasted = ""
        var number = 0
        while pasted.utf8.count < 1_048_576 {
            number += 1
            pasted += "line \(number): the quick brown fox 你好 🙂 jumps over the lazy dog\r"
        }
        return pasted + "END-OF-PASTE"
    }

    func testAOneMegabytePasteInChunksArrivesWhole() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try start(server)
        let pasted = Self.oneMegabyteOfLines()
        let bytes = Array(Self.bracketed(pasted).utf8)
        let start = try terminal.waitUntilQuiet()
        for offset in stride(from: 0, to: bytes.count, by: 65536) {
            try terminal.send(bytes: Array(bytes[offset..<min(bytes.count, offset + 65536)]))
        }
        try terminal.waitFor(text: "END-OF-PASTE", since: start, timeout: 120)
        XCTAssertEqual(server.chatRequests.count, 0, "part of the paste was sent")

        try terminal.send("\r")
        try waitUntil("the pasted prompt to reach the server", timeout: 120) { !server.chatRequests.isEmpty }
        XCTAssertEqual(server.chatRequests.count, 1)
        let received = server.lastPrompt
        XCTAssertEqual(received?.utf8.count, pasted.utf8.count)
        XCTAssertTrue(received == pasted.replacingOccurrences(of: "\r", with: "\n"), "the prompt differs")
    }

    func testATmuxBracketedPasteIsNotSentByItsLineBreaks() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"])
        try terminal.waitForReady()
        try terminal.paste("pasted one\npasted two\n", bracketed: true)
        try terminal.waitFor("the pasted lines in the draft") { screen in
            screen.contains { $0.hasPrefix("› pasted one") } && screen.contains { $0.hasPrefix("  pasted two") }
        }
        XCTAssertEqual(server.chatRequests.count, 0, "the paste was sent")
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.lastPrompt, "pasted one\npasted two\n")
    }

    func testEveryWayOutTurnsBracketedPasteOff() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let ways: [(String, (PseudoTerminal) throws -> Void)] = [
            ("/quit", { try $0.send("/quit\r") }),
            ("Ctrl-C twice", { try $0.send("\u{03}\u{03}") }),
            ("Ctrl-D", { try $0.send("\u{04}") }),
            ("SIGTERM", { kill($0.pid, SIGTERM) }),
            ("SIGHUP", { kill($0.pid, SIGHUP) }),
            ("SIGINT", { kill($0.pid, SIGINT) }),
        ]
        for (name, leave) in ways {
            let terminal = try start(server)
            try leave(terminal)
            _ = try terminal.waitForExit()
            XCTAssertTrue(PasteMode.isOff(after: terminal.text()), "\(name) left bracketed paste on")
        }
    }

    /// In this terminal chatterm leads an orphaned process group: no shell could continue it (the
    /// kernel would discard the SIGTSTP), so Ctrl-Z keeps the terminal, paste mode on, and says
    /// why. (Under a shell, `SuspendEndToEndTests` checks that the mode is off while stopped.)
    func testCtrlZWhereNoShellCouldContinueChattermKeepsTheTerminalAndSaysWhy() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try start(server)
        let before = try terminal.waitUntilQuiet()
        try terminal.send("\u{1A}")
        let output = try terminal.waitFor(text: "cannot suspend", since: before)
        XCTAssertFalse(output.contains(PasteMode.off), "gave the terminal back")
        XCTAssertNotEqual(processState(terminal.pid), "T", "stopped where nothing could continue it")
        try terminal.send("\u{03}\u{03}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    /// In this terminal chatterm leads an orphaned process group, where SIGTSTP cannot stop it:
    /// ncurses' handler gives the terminal back and takes it again at once, so the mode goes off
    /// and on again around it.
    func testSIGTSTPTurnsBracketedPasteOffAroundCursesOwnSuspend() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try start(server)
        let before = try terminal.waitUntilQuiet()
        kill(terminal.pid, SIGTSTP)
        let output = try terminal.waitFor("the mode off, then on again", since: before) { text in
            guard let off = text.range(of: PasteMode.off) else { return false }
            return text[off.upperBound...].contains(PasteMode.on)
        }
        XCTAssertFalse(terminal.hasExited, output.debugDescription)
        try terminal.send("\u{03}\u{03}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    func testTheExternalEditorRunsWithBracketedPasteOff() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = directory + "/editor.sh"
        try EditorScript.write("printf 'EDITOR-RAN'\nprintf 'edited draft' > \"$1\"\n", to: script)
        let terminal = try start(server, ["VISUAL": script])
        try terminal.send("\u{18}\u{05}")
        let output = try terminal.waitFor(text: "edited draft")
        guard let ran = output.range(of: "EDITOR-RAN") else { return XCTFail("the editor did not run") }
        XCTAssertTrue(PasteMode.isOff(after: output[..<ran.lowerBound]), "paste mode on in the editor")
        XCTAssertTrue(output[ran.upperBound...].contains(PasteMode.on), "paste mode not back on after the editor")
    }
}
