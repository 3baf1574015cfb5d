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

    func testCtrlZInTheExternalEditorStopsChattermWithItAndFgFinishesTheEdit() throws {
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = directory + "/editor.sh"
        try """
        #!/bin/sh
        printf 'EDITING\\n'
        while [ ! -e '\(directory)/go' ]; do sleep 0.05; done
        printf 'edited draft' > "$1"

        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let terminal = try startTerminal(["bash", "--norc", "--noprofile", "-i"], columns: 90, rows: 24)
        try terminal.type("PS1='$ ' ; VISUAL=\(script) \(TmuxTerminal.quote(Binary.url.path)) --demo")
        try terminal.press("Enter")
        try terminal.waitFor("ready") { $0.contains { $0.contains("● ready") } }
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the editor") { $0.contains { $0.contains("EDITING") } }
        try terminal.press("C-z")
        try terminal.waitFor("the shell, the whole job stopped") { $0.contains { $0.contains("Stopped") } }
        try terminal.type("fg")
        try terminal.press("Enter")
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/go", contents: nil))
        try terminal.waitFor("the edited draft") { $0.contains { $0.hasPrefix("› edited draft") } }
    }
}
