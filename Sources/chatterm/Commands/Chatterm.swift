import ArgumentParser
import ChatClient
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `chatterm` command: a full-screen chat by default, plus script-friendly subcommands.
@main
struct Chatterm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatterm",
        abstract: "A terminal chat client for OpenAI-compatible servers that survives bad streams.",
        discussion: discussion(naming: KeyTable.keyNames),
        subcommands: [
            ChatCommand.self, AskCommand.self, HistoryCommand.self, ShowCommand.self, StatsCommand.self,
            ProbeCommand.self,
            DemoServerCommand.self, ThemesCommand.self, ConfigCommand.self, ProfilesCommand.self,
            HelpTablesCommand.self,
        ]
    )

    @OptionGroup var options: ChatOptions

    func run() async throws {
        try await options.runChat()
    }

    /// ArgumentParser's `main`, except that a failure is printed through `StandardOutput`: its
    /// messages quote arguments, settings, file names and the environment, and ArgumentParser
    /// prints what it is given as it is. Help, versions and completion scripts (status 0) are
    /// chatterm's own text and go to stdout unchanged. The HTTP clients made for proxies and
    /// TLS settings are shut down before the process ends.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await HTTPClients.shared.shutdown()
        } catch {
            await HTTPClients.shared.shutdown()
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { _ = StandardOutput.writeAll(message + "\n", to: STDOUT_FILENO) }
            } else if !message.isEmpty {
                StandardOutput.failure(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
