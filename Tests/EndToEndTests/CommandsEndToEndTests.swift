import ChatStore
import DemoServer
import XCTest

/// Slash commands, help and search as the user types them in a real terminal.
final class CommandsEndToEndTests: DemoServerTestCase {
    private func statusLine(_ screen: [String]) -> String {
        screen.last(where: { !$0.isEmpty }) ?? ""
    }

    /// A chat against a fast DemoServer with its own data folder, at the ready status bar.
    private func startChat(columns: Int = 120) async throws -> (TmuxTerminal, DemoServer, String) {
        let server = try await startServer(DemoServerConfiguration(tokensPerSecond: 0))
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try startTerminal(
            [
                Binary.url.path, "--data-dir", directory, "--base-url", server.baseURL, "--model", "first-model",
                "--warmup", "never",
            ], columns: columns)
        try terminal.waitFor("the ready status bar") { self.statusLine($0).contains("ready") }
        return (terminal, server, directory)
    }

    func testF1AndQuestionMarkOpenTheHelpAndEscClosesIt() async throws {
        let (terminal, _, _) = try await startChat()
        try terminal.press("F1")
        try terminal.waitFor("the help") { $0.contains { $0.contains("Keys and commands") } }
        try terminal.press("Escape")
        try terminal.waitFor("the chat again") { self.statusLine($0).contains("ready") }
        try terminal.type("?")
        try terminal.waitFor("the help from ?") { $0.contains { $0.contains("Keys and commands") } }
        try terminal.type("q")
        try terminal.waitFor("the chat again") { self.statusLine($0).contains("ready") }
    }

    func testAMistypedCommandSuggestsTheNearestOne() async throws {
        let (terminal, server, _) = try await startChat()
        try terminal.type("/retyr")
        try terminal.press("Enter")
        try terminal.waitFor("the suggestion") { self.statusLine($0).contains("did you mean /retry?") }
        XCTAssertTrue(server.chatRequests.isEmpty, "a command is never sent as a prompt")
    }

    func testModelSwitchesForTheNextReply() async throws {
        let (terminal, server, _) = try await startChat()
        try terminal.type("/model second-model")
        try terminal.press("Enter")
        try terminal.waitFor("the switch") { self.statusLine($0).contains("second-model") }
        try terminal.type("hello")
        try terminal.press("Enter")
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        XCTAssertEqual(server.chatRequests.last?.json["model"] as? String, "second-model")
    }

    func testNewStartsAnotherConversationAndKeepsTheFirstSaved() async throws {
        let (terminal, _, directory) = try await startChat()
        try terminal.type("first conversation")
        try terminal.press("Enter")
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        try terminal.type("/new")
        try terminal.press("Enter")
        try terminal.waitFor("an empty screen") { screen in
            !screen.contains { $0.contains("first conversation") }
                && self.statusLine(screen).contains("new conversation")
        }
        try terminal.type("second conversation")
        try terminal.press("Enter")
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        let titles = ConversationStore(directory: DataDirectory(path: directory)).list().summaries.map(\.title)
        XCTAssertEqual(Set(titles), ["first conversation", "second conversation"])
    }

    func testFindCountsTheMatchesInTheConversation() async throws {
        let (terminal, _, _) = try await startChat()
        try terminal.type("needle one")
        try terminal.press("Enter")
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        // The demo reply echoes the prompt, so "needle" is in the prompt and in the reply.
        try terminal.type("/find needle")
        try terminal.press("Enter")
        try terminal.waitFor("the match count") { self.statusLine($0).contains("“needle” 2/2") }
        try terminal.press("C-r")
        try terminal.waitFor("the older match") { self.statusLine($0).contains("“needle” 1/2") }
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
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        let sent = try XCTUnwrap(server.chatRequests.last?.json["messages"] as? [[String: Any]])
        XCTAssertEqual(sent.last?["content"] as? String, "first pasted line\nsecond pasted line")
    }

    func testRepliesAreRenderedAsMarkdownAndRawShowsThemAsTheyCame() async throws {
        let server = try await startServer(
            DemoServerConfiguration(
                tokensPerSecond: 0, cannedReply: "# Plan\n\nSome **bold** words.\n\n```swift\nlet x = 1\n```\n"))
        let terminal = try startTerminal(
            [
                Binary.url.path, "--data-dir", Binary.temporaryDataDirectory(for: self), "--base-url", server.baseURL,
                "--model", "m", "--warmup", "never",
            ], columns: 100)
        try terminal.waitFor("the title line and the ready status bar") { screen in
            screen.first?.contains("New conversation") == true && self.statusLine(screen).contains("ready")
        }
        try terminal.type("plan?")
        try terminal.press("Enter")
        let rendered = try terminal.waitFor("the rendered reply") { screen in
            screen.contains { $0.contains("Some bold words.") } && self.statusLine(screen).contains("done")
        }
        XCTAssertFalse(rendered.contains { $0.contains("**bold**") })
        XCTAssertTrue(rendered.contains { $0.contains("swift") && $0.contains("╭") }, rendered.joined(separator: "\n"))
        XCTAssertTrue(rendered.first?.contains("plan?") == true, "the title is the first prompt")
        try terminal.type("/raw")
        try terminal.press("Enter")
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
        try terminal.waitFor("the server's models") { self.statusLine($0).contains("models: demo-model") }
        try terminal.type("de")
        try terminal.press("Tab")
        try terminal.waitFor("the completed model") { $0.contains { $0.hasPrefix("› /model demo-model") } }
    }
}
