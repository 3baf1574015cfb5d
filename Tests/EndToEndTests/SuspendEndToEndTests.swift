import TestSupport
import XCTest

/// Job control: Ctrl-Z gives the terminal back to the shell, `fg` brings the screen back whole.
final class SuspendEndToEndTests: XCTestCase {
    private static let bash = ["bash", "--norc", "--noprofile", "-i"]

    func testCtrlZSuspendsAndFgRestoresTheScreenWithTheDraft() throws {
        let terminal = try launchChat(inShell: Self.bash)
        try terminal.type("my draft")
        try terminal.press("C-z")
        try terminal.waitFor("the shell") { $0.contains { $0.contains("Stopped") } }
        try terminal.enter("fg")
        let screen = try terminal.waitFor("the chat screen again") { lines in
            lines.contains { $0.hasPrefix("› my draft") } && lines.isReady
        }
        XCTAssertFalse(screen.contains { $0.contains("Stopped") }, screen.joined(separator: "\n"))
    }

    /// dash reads its commands in the terminal's own line mode and restores nothing itself, so
    /// whatever chatterm leaves behind shows: raw modes, keys that arrived under them (an Enter
    /// that stayed a carriage return), bracketed paste.
    func testCtrlZUnderDashLeavesAShellThatRunsTypedCommands() throws {
        let terminal = try launchChat(inShell: ["dash", "-i"])
        try terminal.startRecording()
        // Keys typed right behind Ctrl-Z reach the terminal before chatterm has given it back.
        try terminal.press("C-z", "echo typed-too-soon", "Enter")
        let stopped = try terminal.waitFor("the shell") { $0.contains { $0.contains("Stopped") } }
        XCTAssertFalse(
            stopped.contains { $0.contains("Stopped (signal)") },
            "stopped by SIGSTOP rather than SIGTSTP:\n" + stopped.joined(separator: "\n"))
        try terminal.enter("echo typed-after-stop")
        try terminal.waitFor("the command's output on a line of its own") { $0.contains("typed-after-stop") }
        XCTAssertTrue(PasteMode.isOff(after: terminal.recordedOutput()), "bracketed paste on while stopped")
        try terminal.enter("fg")
        try terminal.waitFor("the chat again") { lines in
            lines.isReady && !lines.contains { $0.contains("Stopped") }
        }
        try terminal.press("C-c", "C-c")
        try terminal.waitFor("the shell after chatterm quit") { $0.last { !$0.isEmpty } == "$" }
        try terminal.enter("echo exit-status=$?")
        try terminal.waitFor("chatterm's exit status") { $0.contains("exit-status=0") }
    }

    func testCtrlZInTheExternalEditorStopsChattermWithItAndFgFinishesTheEdit() throws {
        let directory = Binary.temporaryDataDirectory(for: self)
        let script = try EditorScript.waitingForGo(in: directory)
        let terminal = try launchChat(inShell: Self.bash, assignments: "VISUAL=\(script)")
        try terminal.press("C-x", "C-e")
        try terminal.waitFor("the editor") { $0.contains { $0.contains("EDITING") } }
        try terminal.press("C-z")
        try terminal.waitFor("the shell, the whole job stopped") { $0.contains { $0.contains("Stopped") } }
        try terminal.enter("fg")
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/go", contents: nil))
        try terminal.waitFor("the edited draft") { $0.contains { $0.hasPrefix("› edited draft") } }
    }
}
