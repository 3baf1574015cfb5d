import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm ask`: one turn for scripts. The reply goes to stdout as it streams; each step
/// (warm-up, connecting, retries, fallback) and the final figures go to stderr, one line each;
/// the exit status says how the reply ended.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Send one prompt and stream the reply to stdout.",
        discussion: """
            The prompt is the arguments joined with spaces; with none, or with -, it is read from \
            standard input. Progress, retries and errors go to standard error, one line each.

            \(AskExitCode.help)
            """
    )

    @Argument(help: ArgumentHelp("The prompt; - or nothing reads it from standard input.", valueName: "prompt"))
    var prompt: [String] = []

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var storage: StoreOptions

    @Flag(help: "Save the prompt and the reply as a new conversation (see `chatterm history`).")
    var save = false

    func run() async throws {
        let text = try readPrompt()
        let connection = try await endpoint.connect()
        // Ctrl-C (or a hang-up, or a kill) ends the reply cleanly: what arrived stays printed.
        let signals = SignalCanceller()
        let received = signals.reader
        let turn = Task { @MainActor in await ask(text, over: connection, signal: received) }
        signals.cancelOnSignal(turn)
        let code = await turn.value
        signals.stop()
        await connection.shutdown()
        // Ctrl-C is the documented 130; a hang-up or a kill says which signal it was.
        if let signal = signals.signal, code == .cancelled { throw ExitCode(128 + signal) }
        if code != .complete { throw ExitCode(code.rawValue) }
    }

    private func readPrompt() throws -> String {
        let joined = prompt.joined(separator: " ")
        if !joined.isEmpty && joined != "-" { return joined }
        if prompt.isEmpty && isatty(STDIN_FILENO) != 0 {
            Self.status("no prompt: give it as arguments or on standard input (echo hi | chatterm ask)")
            throw ExitCode(AskExitCode.usage.rawValue)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            Self.status("the prompt read from standard input is empty")
            throw ExitCode(AskExitCode.usage.rawValue)
        }
        return text
    }

    @MainActor
    private func ask(_ text: String, over connection: Connection, signal: @Sendable () -> Int32?) async
        -> AskExitCode
    {
        let model: String
        do {
            model = try await connection.resolveModel(requested: connection.settings.model.value)
        } catch {
            Self.status("error: could not find a model to use: \(error)")
            return AskExitCode(.failed(error))
        }
        var conversation = Conversation()
        if let system = connection.settings.system.value, !system.isEmpty {
            conversation.messages.append(Message(role: .system, content: system))
        }
        conversation.messages.append(Message(role: .user, content: text))
        conversation.title = ChatSession.title(from: text)
        let request = connection.request(model: model, messages: conversation.requestMessages)
        if save { StoreOptions.survivesFileSizeLimits() }
        let store = save ? ConversationStore(directory: storage.directory) : nil
        let transcript = AskTranscript(conversation: conversation, store: store)
        transcript.begin(model: model, baseURL: connection.endpoint.baseURL)
        if let store { Self.status("saving as \(conversation.id) in \(store.directory.conversationsPath)") }
        let output = ReplyPrinter(sanitize: isatty(STDOUT_FILENO) != 0)
        if connection.isDemo { Self.status("demo mode: no endpoint configured (use --base-url)") }
        for warning in connection.settings.warnings { Self.status(warning) }
        // Reasoning sent as `<think>…</think>` in the answer is saved as reasoning, not printed.
        var splitter = ThinkTagSplitter()
        func take(_ pieces: [ThinkTagSplitter.Piece]) {
            for piece in pieces {
                switch piece {
                case .content(let text):
                    output.write(text)
                    transcript.append(content: text)
                case .reasoning(let text):
                    transcript.append(reasoning: text)
                }
            }
        }
        for await update in connection.runner().run(request) {
            switch update {
            case .content(let piece):
                take(splitter.feed(piece))
            case .reasoning(let piece):
                transcript.append(reasoning: piece)
            case .phase(let phase):
                if case .finished = phase { break }
                Self.status(StatusLine.leftText(StatusModel(phase: phase)))
            case .warmedUp(let report):
                Self.status(StatusLine.warmUpText(report, profile: connection.profile))
            case .finished(let outcome, let stats):
                take(splitter.finish())
                output.finish()
                // A hang-up or a kill is not the user cancelling: the reply is kept as interrupted.
                var kept = outcome
                if outcome == .cancelled, let signal = signal(), signal != SIGINT {
                    kept = .interrupted(.stopped(TerminalApp.stopReason(signal: signal)))
                }
                transcript.finish(kept, stats: stats)
                Self.status(Self.summary(kept, stats, model: model, label: connection.label))
                return AskExitCode(outcome)
            default:
                break
            }
        }
        return .cancelled
    }

    /// The status bar's words for the finished reply, with the model and endpoint.
    static func summary(_ outcome: TurnOutcome, _ stats: TurnStats, model: String, label: String) -> String {
        StatusLine.leftText(StatusModel(phase: .finished(outcome), lastStats: stats)) + " · \(model) @ \(label)"
    }

    /// One line on stderr, prefixed so it stands apart from the reply.
    static func status(_ line: String) {
        FileHandle.standardError.write(Data(("chatterm: " + Sanitizer.singleLineText(line) + "\n").utf8))
    }
}

/// Writes reply text to stdout as it arrives, unbuffered, replacing control characters when
/// stdout is a terminal so model output can never drive it.
struct ReplyPrinter {
    let sanitize: Bool

    func write(_ text: String) {
        let safe = sanitize ? Sanitizer.displayText(text) : text
        FileHandle.standardOutput.write(Data(safe.utf8))
    }

    func finish() {
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
