import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import DemoServer
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
            "The colours: a theme's name (`chatterm themes` lists them) or a theme file's path.",
            valueName: "name|path"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(
        name: .customLong("no-clipboard"),
        help: "Never write to the terminal's clipboard: /copy is off (also when CHATTERM_CLIPBOARD=off).")
    var noClipboard = false

    func runChat() async throws {
        try Self.checkTerminal()
        let utf8 = TerminalLocale.adopt()
        let connection = try await endpoint.connect()
        do {
            try await runApp(connection, asciiOnly: !utf8)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }

    @MainActor
    private func runApp(_ connection: Connection, asciiOnly: Bool) async throws {
        StoreOptions.survivesFileSizeLimits()
        let store = ConversationStore(directory: storage.directory)
        var stored: StoredConversation?
        if let resume {
            do {
                stored = try store.load(id: try store.resolve(resume))
            } catch {
                throw CommandFailure("cannot resume '\(resume)': \(error)")
            }
        }
        let requested =
            endpoint.model ?? stored?.conversation.endpoint?.model
            ?? (connection.isDemo ? DemoServerConfiguration().model : nil)
        let session = ChatSession(
            runner: connection.runner(endpoint.policy), model: requested ?? "",
            conversation: stored?.conversation ?? Conversation(), system: endpoint.system)
        session.baseURL = connection.endpoint.baseURL
        let library = StoreLibrary(store: store, session: session)
        var saveState = TitleLine.SaveState.saved
        library.onSaveState = { saveState = $0 }
        let readOnlyNotice = library.attach(stored)
        defer { library.detach() }
        session.temperature = endpoint.temperature
        session.maxTokens = endpoint.maxTokens
        session.stream = !endpoint.noStream
        let environment = ProcessInfo.processInfo.environment
        let useColor = !noColor && environment["NO_COLOR"] == nil
        let themes = ThemeCatalog.forThisProcess()
        let (chosenTheme, themeNotice) = Self.loadTheme(theme, from: themes)
        let clipboardOff =
            noClipboard || ["off", "0", "no", "false"].contains(environment["CHATTERM_CLIPBOARD"]?.lowercased() ?? "")
        let demoNotice: String? =
            connection.isDemo
            ? (endpoint.demo
                ? "demo mode: replies come from the built-in server"
                : "demo mode: no endpoint configured (use --base-url)") : nil
        let resumeNotice = stored.map { "continuing “\($0.conversation.title)”" }
        let localeNotice = asciiOnly ? TerminalLocale.asciiNotice() : nil
        let notice = [localeNotice, themeNotice, readOnlyNotice ?? resumeNotice, demoNotice].compactMap { $0 }
            .joined(separator: " · ")
        let app = TerminalApp(
            session: session,
            options: TerminalApp.Options(
                useColor: useColor, endpointLabel: connection.label, startupNotice: notice.isEmpty ? nil : notice,
                promptHistoryPath: storage.directory.path + "/prompt-history.json", theme: chosenTheme,
                themes: themes, colorTerm: environment["COLORTERM"], asciiOnly: asciiOnly,
                clipboard: clipboardOff ? nil : ClipboardSequence.Route.detect(environment: environment)))
        app.library = library
        app.modelLister = { try await connection.transport.listModels() }
        library.onNotice = { [weak app] in app?.show(notice: $0) }
        app.saveState = saveState
        library.onSaveState = { [weak app] in app?.saveState = $0 }
        if requested == nil {
            app.modelPending = true
            Task { @MainActor in
                do {
                    let model = try await connection.resolveModel(requested: nil)
                    app.modelResolved(model, notice: nil)
                } catch {
                    app.modelResolved(
                        "default", notice: "could not list models (\(error)); using 'default', set --model")
                }
            }
        }
        let status = try await app.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// The theme `--theme` names (`default` without it) and, when it cannot be used, why: the
    /// chat then starts with the built-in default and shows the reason in the status bar, since
    /// a look is no reason to refuse to run.
    static func loadTheme(_ reference: String?, from themes: ThemeCatalog) -> (Theme, String?) {
        do {
            return (try themes.load(reference ?? Theme.default.name), nil)
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
