import ChatStore
import DemoServer
import TestSupport
import XCTest

/// Slash commands, help and search as the user types them in a real terminal.
final class CommandsEndToEndTests: DemoServerTestCase {
    /// A chat against a fast DemoServer with its own data folder, at the ready status bar.
    private func startChat() async throws -> (TmuxTerminal, DemoServer, String) {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try launchChat(
            server, ["--model", "first-model", "--warmup", "never"], dataDirectory: directory, columns: 120)
        try terminal.waitForReady()
        return (terminal, server, directory)
    }

    func testF1AndQuestionMarkOpenTheHelpAndEscClosesIt() async throws {
        let (terminal, _, _) = try await startChat()
        try terminal.press("F1")
        try terminal.waitFor("the help") { $0.contains { $0.contains("Keys and commands") } }
        try terminal.press("Escape")
        try terminal.waitForReady()
        try terminal.type("?")
        try terminal.waitFor("the help from ?") { $0.contains { $0.contains("Keys and commands") } }
        try terminal.type("q")
        try terminal.waitForReady()
    }

    func testAMistypedCommandSuggestsTheNearestOne() async throws {
        let (terminal, server, _) = try await startChat()
        try terminal.enter("/retyr")
        try terminal.waitForStatus("did you mean /retry?")
        XCTAssertTrue(server.chatRequests.isEmpty, "a command is never sent as a prompt")
    }

    func testModelSwitchesForTheNextReply() async throws {
        let (terminal, server, _) = try await startChat()
        try terminal.enter("/model second-model")
        try terminal.waitForStatus("second-model")
        try terminal.enter("hello")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.chatRequests.last?.json["model"] as? String, "second-model")
    }

    func testNewStartsAnotherConversationAndKeepsTheFirstSaved() async throws {
        let (terminal, _, directory) = try await startChat()
        try terminal.enter("first conversation")
        try terminal.waitForStatus("done")
        try terminal.enter("/new")
        try terminal.waitFor("an empty screen") { screen in
            !screen.contains { $0.contains("first conversation") }
                && screen.statusLine.contains("new conversation")
        }
        try terminal.enter("second conversation")
        try terminal.waitForStatus("done")
        let titles = ConversationStore(directory: DataDirectory(path: directory)).list().summaries.map(\.title)
        XCTAssertEqual(Set(titles), ["first conversation", "second conversation"])
    }

    func testFindCountsTheMatchesInTheConversation() async throws {
        let (terminal, _, _) = try await startChat()
        try terminal.enter("needle one")
        try terminal.waitForStatus("done")
        // The demo reply echoes the prompt, so "needle" is in the prompt and in the reply.
        try terminal.enter("/find needle")
        try terminal.waitForStatus("“needle” 2/2")
        try terminal.press("C-r")
        try terminal.waitForStatus("“needle” 1/2")
    }

    func testAPastedMultiLineTextLandsInTheDraftWithoutSending() async throws {
        let (terminal, server, _) = try await startChat()
        try terminal.paste("first pasted line\nsecond pasted line")
        try terminal.waitFor("both lines in the draft") { screen in
            screen.contains { $0.contains("first pasted line") }
                && screen.contains { $0.contains("second pasted line") }
        }
        XCTAssertTrue(server.chatRequests.isEmpty, "a paste never sends")
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.lastPrompt, "first pasted line\nsecond pasted line")
    }

    func testRepliesAreRenderedAsMarkdownAndRawShowsThemAsTheyCame() async throws {
        let server = try await serve(
            .fast(cannedReply: "# Plan\n\nSome **bold** words.\n\n```swift\nlet x = 1\n```\n"))
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"])
        try terminal.waitFor("the title line and the ready status bar") { screen in
            screen.first?.contains("New conversation") == true && screen.isReady
        }
        try terminal.enter("plan?")
        let rendered = try terminal.waitFor("the rendered reply") { screen in
            screen.contains { $0.contains("Some bold words.") } && screen.statusLine.contains("done")
        }
        XCTAssertFalse(rendered.contains { $0.contains("**bold**") })
        XCTAssertTrue(rendered.contains { $0.contains("swift") && $0.contains("╭") }, rendered.joined(separator: "\n"))
        XCTAssertTrue(rendered.first?.contains("plan?") == true, "the title is the first prompt")
        try terminal.enter("/raw")
        try terminal.waitFor("the raw reply") { $0.contains { $0.contains("Some **bold** words.") } }
    }

    func testTabCompletesCommandNamesAndArguments() async throws {
        let (terminal, _, _) = try await startChat()
        try terminal.type("/hi")
        try terminal.press("Tab")
        try terminal.waitFor("the completed name") { $0.contains { $0.hasPrefix("› /history") } }
        try terminal.press("C-u")
        try terminal.type("/open la")
        try terminal.press("Tab")
        try terminal.waitFor("the completed argument") { $0.contains { $0.hasPrefix("› /open last") } }
        try terminal.press("C-u")
        try terminal.type("/model ")
        try terminal.press("Tab")
        try terminal.waitForStatus("models: demo-model")
        try terminal.type("de")
        try terminal.press("Tab")
        try terminal.waitFor("the completed model") { $0.contains { $0.hasPrefix("› /model demo-model") } }
    }
}
