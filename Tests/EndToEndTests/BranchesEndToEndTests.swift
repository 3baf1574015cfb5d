import DemoServer
import Foundation
import TestSupport
import XCTest

/// The conversation tree through the real binary in tmux: `/retry` keeps both replies and
/// Alt-Left / Alt-Right switch between them (as tmux sends them, as xterm does and as ESC then
/// the arrow); `/edit` sends an edited prompt as a new branch, and the saved file holds both.
final class BranchesEndToEndTests: DemoServerTestCase {
    /// A server that answers a conversation asked again differently (`Answer 2: …`), as a model
    /// that samples does.
    private func varyingServer() async throws -> DemoServer {
        var configuration = DemoServerConfiguration.fast
        configuration.variesRepeatedAnswers = true
        return try await serve(configuration)
    }

    /// Waits until the screen shows an assistant label with `alternatives` and no reply streams.
    @discardableResult
    private func waitForReply(
        _ alternatives: String, in terminal: TmuxTerminal, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String] {
        try terminal.waitFor("“Assistant \(alternatives)” with the reply finished", file: file, line: line) {
            screen in
            screen.contains { $0.hasPrefix("Assistant \(alternatives)") && !$0.contains("streaming") }
                && !screen.statusLine.contains("streaming")
        }
    }

    func testRetryKeepsBothRepliesAndAltLeftRightSwitchesBetweenThem() async throws {
        let server = try await varyingServer()
        let terminal = try launchChat(server, ["--model", "m"], columns: 160)
        try terminal.waitForReady()
        try terminal.enter("hello tree")
        try terminal.waitForStatus("done")
        try terminal.enter("/retry")
        var screen = try waitForReply("‹ 2/2 ›", in: terminal)
        XCTAssertTrue(screen.contains { $0.contains("Answer 2: You said") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.statusLine.contains("the earlier reply is kept: Alt-Left shows it"), screen.statusLine)

        try terminal.press("M-Left")
        screen = try waitForReply("‹ 1/2 ›", in: terminal)
        XCTAssertFalse(screen.contains { $0.contains("Answer 2:") }, "the first reply shows")
        XCTAssertTrue(screen.contains { $0.contains("You said: “hello tree”") }, screen.joined(separator: "\n"))

        try terminal.press("M-Right")
        screen = try waitForReply("‹ 2/2 ›", in: terminal)
        XCTAssertTrue(screen.contains { $0.contains("Answer 2: You said") }, screen.joined(separator: "\n"))

        // ESC then Left (in the cursor-key mode the chat sets, ESC O D), as tmux without
        // xterm-keys and terminals whose Option key sends ESC send Alt-Left.
        try terminal.send(bytes: [0x1B, 0x1B, 0x4F, 0x44])
        try waitForReply("‹ 1/2 ›", in: terminal)
        XCTAssertEqual(server.chatRequests.count, 2, "switching asks the server nothing")
    }

    func testAltLeftAndAltRightDecodeUnderXtermsTerminfo() async throws {
        let server = try await varyingServer()
        let terminal = try launchChat(server, ["--model", "m"], columns: 160, environment: ["TERM": "xterm-256color"])
        try terminal.waitForReady()
        try terminal.enter("hello tree")
        try terminal.waitForStatus("done")
        try terminal.enter("/retry")
        try waitForReply("‹ 2/2 ›", in: terminal)
        // xterm's Alt-Left and Alt-Right, kLFT3 and kRIT3 in its terminfo.
        try terminal.send(bytes: Array("\u{1B}[1;3D".utf8))
        try waitForReply("‹ 1/2 ›", in: terminal)
        try terminal.send(bytes: Array("\u{1B}[1;3C".utf8))
        try waitForReply("‹ 2/2 ›", in: terminal)
    }

    func testAnEditedPromptStartsABranchAndTheSavedFileHoldsBoth() async throws {
        let server = try await varyingServer()
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try launchChat(server, ["--model", "m"], dataDirectory: directory, columns: 160)
        try terminal.waitForReady()
        try terminal.enter("the first prompt")
        try terminal.waitForStatus("done")
        try terminal.press("M-e")
        try terminal.waitFor("the prompt in the editor") {
            $0.contains { $0.hasPrefix("› the first prompt") } && $0.statusLine.contains("editing the latest prompt")
        }
        try terminal.press("C-u")
        try terminal.enter("the edited prompt")
        let screen = try terminal.waitFor("the edited prompt's reply") { screen in
            screen.contains { $0.contains("You said: “the edited prompt”") } && screen.statusLine.contains("done")
        }
        XCTAssertTrue(screen.contains { $0.hasPrefix("You ‹ 2/2 ›") }, screen.joined(separator: "\n"))
        XCTAssertFalse(screen.contains { $0.contains("“the first prompt”") }, "the old branch is out of view")
        try terminal.enter("/export all")
        try terminal.waitForStatus("exported to")
        try terminal.enter("/quit")
        XCTAssertEqual(try terminal.waitForExit(), 0)

        let folder = directory + "/conversations"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + files[0]))
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let inView = try XCTUnwrap(document["messages"] as? [[String: Any]])
        XCTAssertEqual(inView.compactMap { $0["content"] as? String }.first, "the edited prompt")
        XCTAssertEqual(document["version"] as? Int, 2, "a branched conversation is saved in format version 2")
        let others = try XCTUnwrap(document["otherBranches"] as? [[String: Any]], "the other branch is saved")
        let oldPrompt = try XCTUnwrap(others.first { $0["content"] as? String == "the first prompt" })
        XCTAssertNil(oldPrompt["parent"], "the old prompt starts the conversation")
        let oldReply = try XCTUnwrap(
            others.first { ($0["content"] as? String)?.contains("“the first prompt”") == true })
        XCTAssertEqual(oldReply["parent"] as? Int, oldPrompt["id"] as? Int, "the old reply follows the old prompt")

        let id = files[0].replacingOccurrences(of: ".json", with: "")
        let shown = try Binary.run(["show", id, "--data-dir", directory])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("the edited prompt"), shown.stdout)
        // The title is still the first prompt's; its reply is out of view.
        XCTAssertFalse(shown.stdout.contains("“the first prompt”"), "show prints the branch in view")
        let everyBranch = try String(contentsOfFile: folder + "/" + id + ".md", encoding: .utf8)
        XCTAssertTrue(everyBranch.contains("the edited prompt"), everyBranch)
        XCTAssertTrue(everyBranch.contains("“the first prompt”"), "/export all writes every branch")
    }
}
