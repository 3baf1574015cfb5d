import ArgumentParser
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
        discussion: """
            With no endpoint configured, chatterm starts in demo mode against a built-in server, \
            so `chatterm` alone shows what it does.

            Point it at a server with --base-url (or CHATTERM_BASE_URL, or OPENAI_BASE_URL):
              chatterm --base-url http://127.0.0.1:8000/v1     ChatGLM3, vLLM
              chatterm --base-url http://127.0.0.1:8080/v1     llama.cpp server
              chatterm --base-url http://127.0.0.1:11434/v1    Ollama
            The API key, if the server needs one, is read from OPENAI_API_KEY (or the variable a \
            profile's api_key_env names) and never written anywhere.

            Or keep your servers as profiles in ~/.config/chatterm/config.toml \
            ($XDG_CONFIG_HOME/chatterm, or --config PATH): `chatterm config --init` writes a \
            commented starter file, --profile NAME (or CHATTERM_PROFILE, or the file's \
            default_profile) picks one, /profile NAME switches while chatting, `chatterm profiles` \
            lists them, and `chatterm config` shows every setting in effect and where it came \
            from. Each setting comes from a flag, else the environment, else the profile, else \
            the file's top level, else chatterm's default.

            Keys in the chat: Enter sends · Alt-Enter starts a new line · Up/Down recall earlier \
            prompts · Ctrl-X Ctrl-E edits in $EDITOR · Esc or Ctrl-C cancels a streaming reply (what arrived \
            is kept) · Ctrl-C twice or Ctrl-D quits · PgUp/PgDn and \
            Shift-Up/Down scroll · End (at the end of the input) \
            returns to the bottom · Ctrl-L redraws · Ctrl-Z suspends. Commands: /retry asks for a new \
            reply, /continue finishes one that stopped early, /model and /profile switch the model \
            or the whole endpoint for the next reply, /copy [N] copies the last reply (or its Nth \
            code block) to the clipboard with OSC 52, /quit quits.

            Bad streams are survived, not shown: a stream that comes back empty or breaks is asked \
            for again at once without streaming (--fallback), and its whole reply replaces a partial \
            one; failed requests (connection, timeouts before any text, 408, 409, 429, 5xx) are \
            retried after a backoff (--retries); every phase has its own time limit \
            (--connect-timeout, --first-token-timeout, --idle-timeout). `chatterm probe` diagnoses \
            an endpoint that misbehaves.

            Every conversation is saved as you go (see --data-dir): Ctrl-O or /history browses and \
            searches them, /open, /title and /export work on them, `chatterm --resume last` \
            continues the latest, and `chatterm history` and `chatterm show` read them from scripts.

            Colours come from a theme: --theme NAME, or /theme NAME in the chat. `chatterm themes` \
            lists the themes with a preview of each and says where they are looked for. NO_COLOR \
            or --no-color draws with attributes only.
            """,
        subcommands: [
            ChatCommand.self, AskCommand.self, HistoryCommand.self, ShowCommand.self, ProbeCommand.self,
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
    /// chatterm's own text and go to stdout unchanged.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
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
