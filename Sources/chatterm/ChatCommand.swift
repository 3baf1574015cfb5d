import ArgumentParser
import ChatCore
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

    @Flag(name: .customLong("no-color"), help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    func runChat() async throws {
        try Self.checkTerminal()
        setlocale(LC_ALL, "")
        let connection = try await endpoint.connect()
        do {
            try await runApp(connection)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }

    @MainActor
    private func runApp(_ connection: Connection) async throws {
        let requested = endpoint.model ?? (connection.isDemo ? DemoServerConfiguration().model : nil)
        let session = ChatSession(
            runner: connection.runner(endpoint.policy), model: requested ?? "", system: endpoint.system)
        session.temperature = endpoint.temperature
        session.maxTokens = endpoint.maxTokens
        session.stream = !endpoint.noStream
        let useColor = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let notice: String? =
            connection.isDemo
            ? (endpoint.demo
                ? "demo mode: replies come from the built-in server"
                : "demo mode: no endpoint configured (use --base-url)") : nil
        let app = TerminalApp(
            session: session,
            options: TerminalApp.Options(useColor: useColor, endpointLabel: connection.label, startupNotice: notice))
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
