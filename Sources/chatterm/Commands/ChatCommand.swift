import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm chat`: the full-screen conversation, also what `chatterm` alone runs.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Open the full-screen chat (what `chatterm` alone does)."
    )

    @OptionGroup var options: ChatOptions

    func run() async throws {
        try await options.runChat()
    }
}

/// The options of the full-screen chat, and running it. The root command and `chat` share them,
/// so `chatterm --help` shows them.
struct ChatOptions: ParsableArguments {
    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var storage: StoreOptions

    @OptionGroup var resumption: ResumeOption

    var resume: String? { resumption.resume }

    @Option(
        help: ArgumentHelp(
            "The colours: a theme's name (`chatterm themes` lists them) or a theme file's path (default: the built-in one).",
            valueName: "name|path"))
    var theme: String?

    @Flag(
        name: .customLong("no-color"),
        help: ArgumentHelp(
            "Draw without colours (also when NO_COLOR is set): attributes only; in code blocks, keywords bold, "
                + "strings underlined, comments dim."))
    var noColor = false

    @Flag(
        name: .customLong("no-clipboard"),
        help: "Never write to the terminal's clipboard: /copy is off (also when CHATTERM_CLIPBOARD=off).")
    var noClipboard = false

    func runChat() async throws {
        try Self.checkTerminal()
        let utf8 = TerminalLocale.adopt()
        let settings = try endpoint.settings(theme: theme, noColor: noColor, noClipboard: noClipboard)
        let connection = try await endpoint.connect(settings)
        let profiles = await ProfileConnections(options: endpoint, theme: theme, noColor: noColor, first: connection)
        do {
            try await runApp(connection, profiles: profiles, asciiOnly: !utf8)
        } catch {
            await profiles.shutdown()
            throw error
        }
        await profiles.shutdown()
    }

    @MainActor
    private func runApp(_ connection: Connection, profiles: ProfileConnections, asciiOnly: Bool) async throws {
        StoreOptions.survivesFileSizeLimits()
        let settings = connection.settings
        let store = ConversationStore(directory: storage.directory)
        var stored: StoredConversation?
        if let resume {
            do {
                stored = try store.load(id: try store.resolve(resume))
            } catch {
                throw CommandFailure("cannot resume '\(resume)': \(error)")
            }
        }
        let choice = connection.modelChoice(resumed: stored?.conversation.endpoint)
        let session = ChatSession(
            connection.session, model: choice.named ?? "", conversation: stored?.conversation ?? Conversation())
        let library = StoreLibrary(store: store, session: session, modelFlag: choice.flag)
        var saveState = TitleLine.SaveState.saved
        library.onSaveState = { saveState = $0 }
        let readOnlyNotice = library.attach(stored)
        defer { library.detach() }
        let environment = ProcessInfo.processInfo.environment
        let themes = ThemeCatalog.forThisProcess()
        let (chosenTheme, themeNotice) = Self.loadTheme(settings.theme.value, from: themes)
        let clipboardOff = !settings.clipboard.value
        let demoNotice: String? =
            connection.isDemo
            ? (endpoint.demo
                ? "demo mode: replies come from the built-in server"
                : "demo mode: no endpoint configured (use --base-url or a profile)") : nil
        let resumeNotice = stored.map { ChatController.continuingNotice($0.conversation) }
        let localeNotice = asciiOnly ? TerminalLocale.asciiNotice() : nil
        let notice = ([localeNotice] + settings.warnings + [themeNotice, readOnlyNotice ?? resumeNotice, demoNotice])
            .compactMap { $0 }.joined(separator: " · ")
        let chat = ChatController(
            session: session,
            options: ChatController.Options(
                endpointLabel: connection.label, profile: settings.profile.value,
                startupNotice: notice.isEmpty ? nil : notice,
                promptHistoryPath: storage.directory.path + "/prompt-history.json", theme: chosenTheme,
                themes: themes, clipboard: clipboardOff ? nil : ClipboardSequence.Route.detect(environment: environment)
            ))
        chat.library = library
        chat.vision = settings.vision.value
        chat.modelLister = { try await connection.transport.listModels() }
        chat.profiles = profiles.switcher
        session.failover = profiles.failover
        library.onNotice = { [weak chat] in chat?.show(notice: $0) }
        chat.saveState = saveState
        library.onSaveState = { [weak chat] in chat?.saveState = $0 }
        if choice.named == nil {
            chat.resolveModel { try await connection.findModel(choice) }
        }
        let app = TerminalApp(
            controller: chat,
            options: TerminalApp.Options(
                useColor: settings.color.value, asciiOnly: asciiOnly, colorTerm: environment["COLORTERM"],
                mouse: settings.mouse.value))
        let status = try await app.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// The theme the settings name (`--theme`, the profile, the file; else `default`) and, when
    /// it cannot be used, why: the chat then starts with the built-in default and shows the
    /// reason in the status bar, since a look is no reason to refuse to run.
    static func loadTheme(_ reference: String, from themes: ThemeCatalog) -> (Theme, String?) {
        do {
            return (try themes.load(reference), nil)
        } catch {
            return (.default, error.description + "; using the default theme")
        }
    }

    /// Refuses to take over something that is not an interactive terminal, pointing to `ask`.
    static func checkTerminal() throws {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            throw CommandFailure(
                "the chat needs an interactive terminal; for scripts use `chatterm ask \"PROMPT\"` or `echo PROMPT | chatterm ask`."
            )
        }
        if term.isEmpty || term == "dumb" {
            throw CommandFailure(
                "TERM is \(term.isEmpty ? "unset" : "dumb"), so the full-screen chat cannot run; use `chatterm ask \"PROMPT\"` instead."
            )
        }
    }
}
