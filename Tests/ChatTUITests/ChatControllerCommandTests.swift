import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI

/// The slash commands, Tab completion and the overlays, headless: the real controller and
/// session against a DemoServer, drawn on a grid.
@MainActor
final class ChatControllerCommandTests: HeadlessChatTestCase {
    private var themes: ThemeCatalog {
        ThemeCatalog(folders: [.init(path: Checkout.root.appendingPathComponent("themes").path, kind: "checkout")])
    }

    /// A chat whose library holds one saved conversation, “About gardens”.
    private func startWithASavedConversation() async throws {
        chat = try await HeadlessChat.start()
        let library = MemoryLibrary(session: chat.session)
        library.saved = [
            Conversation(title: "About gardens", messages: [Message(role: .user, content: "roses and tulips")])
        ]
        chat.controller.library = library
    }

    // MARK: Tab

    func testTabCompletesACommandsNameWhenOnlyOneFits() async throws {
        chat = try await HeadlessChat.start()
        chat.type("/his")
        chat.press(.tab)
        XCTAssertEqual(chat.draft, "/history ")
    }

    func testTabCompletesWhatSeveralNamesShareAndListsThem() async throws {
        chat = try await HeadlessChat.start()
        chat.type("/co")
        chat.press(.tab)
        XCTAssertEqual(chat.promptLine, "› /co")
        XCTAssertTrue(chat.statusLine.contains("/continue"), chat.statusLine)
        XCTAssertTrue(chat.statusLine.contains("/copy"), chat.statusLine)
    }

    func testTabOnANameNoCommandHasSaysSo() async throws {
        chat = try await HeadlessChat.start()
        chat.type("/zz")
        chat.press(.tab)
        XCTAssertTrue(chat.statusLine.contains("no command starts with /zz"), chat.statusLine)
    }

    func testTabCompletesAThemesName() async throws {
        chat = try await HeadlessChat.start(options: ChatController.Options(endpointLabel: "demo", themes: themes))
        chat.type("/theme gru")
        chat.press(.tab)
        XCTAssertEqual(chat.promptLine, "› /theme gruvbox")
    }

    func testTabCompletesTheNumberOfACodeBlockOfTheLastReply() async throws {
        let reply = "One:\n```python\nprint(1)\n```\nTwo:\n```\nls\n```\n"
        chat = try await HeadlessChat.start(.fast(cannedReply: reply))
        try await chat.send("code please")
        chat.type("/copy ")
        chat.press(.tab)
        XCTAssertTrue(chat.statusLine.contains("1  2"), chat.statusLine)
        chat.type("2")
        chat.press(.tab)
        XCTAssertEqual(chat.promptLine, "› /copy 2")
    }

    func testTabInAPromptIsNotACompletion() async throws {
        chat = try await HeadlessChat.start()
        chat.type("not /a command")
        chat.press(.tab)
        XCTAssertFalse(chat.statusLine.contains("no command"), chat.statusLine)
    }

    // MARK: Commands

    func testAnUnknownCommandSuggestsTheNearestOne() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/hisotry")
        XCTAssertTrue(chat.statusLine.contains("unknown command /hisotry; did you mean /history?"), chat.statusLine)
    }

    func testTwoSlashesSendTheRestAsAPrompt() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("//help")
        XCTAssertEqual(chat.session.conversation.messages.first?.content, "/help")
    }

    func testFindHighlightsTheNewestMatchAndCtrlRAndCtrlSMoveBetweenMatches() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("alpha")
        try await chat.send("beta")
        chat.enter("/find said")
        XCTAssertTrue(chat.statusLine.contains("“said” 2/2"), chat.statusLine)
        chat.press(.ctrl("r"))
        XCTAssertTrue(chat.statusLine.contains("“said” 1/2"), chat.statusLine)
        chat.press(.ctrl("s"))
        XCTAssertTrue(chat.statusLine.contains("“said” 2/2"), chat.statusLine)
        chat.enter("/find")
        XCTAssertNil(chat.controller.search)
    }

    func testFindOfTextThatIsNotThereSaysSo() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("alpha")
        chat.enter("/find zebra")
        XCTAssertEqual(chat.notice, "“zebra” is not in this conversation")
    }

    func testCtrlROnAnEmptyPromptStartsAFind() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("r"))
        XCTAssertEqual(chat.draft, "/find ")
    }

    func testCopyWritesTheLastReplyAsOSC52AfterTheFrame() async throws {
        chat = try await HeadlessChat.start(.fast(cannedReply: "copy me"))
        try await chat.send("hi")
        chat.enter("/copy")
        XCTAssertEqual(String(decoding: chat.host.written, as: UTF8.self), "\u{1B}]52;c;Y29weSBtZQ==\u{07}")
        XCTAssertTrue(chat.notice.hasPrefix("copied the last reply (7 characters)"), chat.notice)
    }

    func testCopyWithTheClipboardOffSaysHowToTurnItOn() async throws {
        chat = try await HeadlessChat.start(
            .fast(cannedReply: "copy me"), options: ChatController.Options(endpointLabel: "demo", clipboard: nil))
        try await chat.send("hi")
        chat.enter("/copy")
        XCTAssertTrue(chat.host.written.isEmpty)
        XCTAssertTrue(chat.notice.hasPrefix("copying to the clipboard is off"), chat.notice)
    }

    func testRawShowsRepliesAsTheyCameAndAgainRendered() async throws {
        chat = try await HeadlessChat.start(.fast(cannedReply: "some **bold** text"))
        try await chat.send("hi")
        XCTAssertFalse(chat.screenText.contains("**bold**"))
        chat.enter("/raw")
        XCTAssertTrue(chat.screenText.contains("**bold**"))
        chat.enter("/raw")
        XCTAssertFalse(chat.screenText.contains("**bold**"))
    }

    func testThemeSwitchesThePaletteThroughTheHost() async throws {
        chat = try await HeadlessChat.start(options: ChatController.Options(endpointLabel: "demo", themes: themes))
        chat.enter("/theme gruvbox")
        XCTAssertEqual(chat.host.requests.last, .apply(theme: "gruvbox"))
        XCTAssertTrue(chat.statusLine.contains("theme: gruvbox"), chat.statusLine)
    }

    func testAThemeThatCannotBeLoadedLeavesTheColoursAndSaysWhy() async throws {
        chat = try await HeadlessChat.start(options: ChatController.Options(endpointLabel: "demo", themes: themes))
        chat.enter("/theme no-such-theme")
        XCTAssertFalse(chat.host.requests.contains { if case .apply = $0 { true } else { false } })
        XCTAssertTrue(chat.statusLine.contains("no-such-theme"), chat.statusLine)
    }

    func testModelNameSwitchesTheModelFromTheNextReply() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/model other-model")
        XCTAssertEqual(chat.session.model, "other-model")
        XCTAssertTrue(chat.statusLine.contains("model: other-model from the next reply"), chat.statusLine)
        XCTAssertTrue(chat.lines[0].contains("other-model"), chat.lines[0])
    }

    func testModelAloneListsTheServersModels() async throws {
        chat = try await HeadlessChat.start()
        chat.controller.modelLister = { ["alpha", "beta"] }
        chat.enter("/model")
        try await chat.waitUntil("the models are listed") { $0.statusLine.contains("models: alpha, beta") }
    }

    func testTitleRenamesTheConversation() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/title My chat")
        XCTAssertEqual(chat.session.conversation.title, "My chat")
        XCTAssertTrue(chat.lines[0].hasPrefix(" My chat"), chat.lines[0])
    }

    func testHistoryWithoutSavedConversationsSaysSo() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.ctrl("o"))
        XCTAssertTrue(chat.statusLine.contains("conversations are not saved in this run"), chat.statusLine)
    }

    func testCtrlOListsTheSavedConversationsEnterViewsOneAndEscapeGoesBack() async throws {
        try await startWithASavedConversation()
        chat.press(.ctrl("o"))
        XCTAssertTrue(chat.screenText.contains("About gardens"), chat.screenText)
        chat.press(.enter)
        XCTAssertTrue(chat.screenText.contains("roses and tulips"), chat.screenText)
        chat.press(.text("q"))
        XCTAssertTrue(chat.screenText.contains("About gardens"), "back in the list")
        chat.press(.ctrl("c"))
        XCTAssertFalse(chat.screenText.contains("About gardens"))
        XCTAssertTrue(chat.promptLine.hasPrefix("›"), chat.promptLine)
    }

    func testEnterInTheViewerContinuesTheConversation() async throws {
        try await startWithASavedConversation()
        chat.press(.ctrl("o"), .enter, .text("c"))
        XCTAssertEqual(chat.session.conversation.title, "About gardens")
        XCTAssertTrue(chat.statusLine.contains("continuing “About gardens”"), chat.statusLine)
        XCTAssertTrue(chat.screenText.contains("roses and tulips"))
    }

    func testNewIsRefusedWhileAReplyStreams() async throws {
        chat = try await HeadlessChat.start(DemoServerConfiguration(tokensPerSecond: 50))
        chat.controller.library = MemoryLibrary(session: chat.session)
        chat.enter("Tell me")
        chat.enter("/new")
        XCTAssertTrue(chat.statusLine.contains(ChatSession.Refusal.busy.description), chat.statusLine)
        chat.press(.escape)
        try await chat.waitUntil("the reply ends") { !$0.session.isBusy }
    }
}

/// Saved conversations kept in memory, for the overlay flows; the files behind the real library
/// are `chatterm`'s and tested end to end.
@MainActor
final class MemoryLibrary: ConversationLibrary {
    let session: ChatSession
    var saved: [Conversation] = []

    init(session: ChatSession) { self.session = session }

    func entries() -> (entries: [HistoryEntry], unreadable: Int) {
        (saved.map { HistoryEntry(id: $0.id, title: $0.title, updatedAt: $0.createdAt) }, 0)
    }

    func search(_ query: String) -> [HistoryEntry] {
        entries().entries.filter { $0.title.localizedCaseInsensitiveContains(query) }
    }

    func load(_ reference: String) throws -> Conversation {
        guard let conversation = saved.first(where: { $0.id == reference }) else { throw CocoaError(.fileNoSuchFile) }
        return conversation
    }

    func continueConversation(_ reference: String) throws -> String? {
        try session.replace(with: try load(reference), readOnly: false)
        return nil
    }

    func export(_ conversation: Conversation, allBranches: Bool) throws -> String {
        allBranches ? "/tmp/export-all.md" : "/tmp/export.md"
    }

    func startNewConversation() throws {
        try session.replace(with: Conversation(), readOnly: false)
    }
}
