import XCTest

/// Job control: Ctrl-Z gives the terminal back to the shell, `fg` brings the screen back whole.
final class SuspendEndToEndTests: XCTestCase {
    func testCtrlZSuspendsAndFgRestoresTheScreenWithTheDraft() throws {
        let terminal = try startTerminal(["bash", "--norc", "--noprofile", "-i"], columns: 90, rows: 24)
        try terminal.type("PS1='$ ' ; \(TmuxTerminal.quote(Binary.url.path)) --demo")
        try terminal.press("Enter")
        try terminal.waitFor("ready") { $0.contains { $0.contains("● ready") } }
        try terminal.type("my draft")
        try terminal.press("C-z")
        try terminal.waitFor("the shell") { $0.contains { $0.contains("Stopped") } }
        try terminal.type("fg")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("the chat screen again") { lines in
            lines.contains { $0.hasPrefix("› my draft") } && lines.contains { $0.contains("● ready") }
        }
        XCTAssertFalse(screen.contains { $0.contains("Stopped") }, screen.joined(separator: "\n"))
    }
}
