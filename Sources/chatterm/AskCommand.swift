import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm ask`: one turn for scripts. The reply goes to stdout as it streams (or, with
/// `--json`, as one object at the end); each step (warm-up, connecting, retries, fallback) and
/// the final figures go to stderr, one line each; the exit status says how the reply ended.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Send one prompt and stream the reply to stdout.",
        discussion: """
            The prompt is the arguments joined with spaces; with none, or with -, it is read from \
            standard input. Progress, retries and errors go to standard error, one line each, \
            never with escape codes; --quiet leaves only errors. When standard output is closed \
            early (`chatterm ask … | head -c 100`) the reply stops at once, without a word on \
            standard error.

            Examples:
              chatterm ask "Explain SSE in one line"
              git diff | chatterm ask --system "Review this patch" --save
              chatterm ask --resume last "and in French?"
              chatterm ask --json --quiet "What is 2+2?" | jq -r .reply

            --resume sends the conversation's whole history with the prompt and saves the new \
            turn into it (--save is then implied). A conversation open in a chat is refused \
            (status 75) rather than written by two chatterms at once.

            \(AskResult.help)

            \(AskExitCode.help)
            """
    )

    @Argument(help: ArgumentHelp("The prompt; - or nothing reads it from standard input.", valueName: "prompt"))
    var prompt: [String] = []

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var storage: StoreOptions

    @Flag(help: "Save the prompt and the reply as a new conversation (see `chatterm history`).")
    var save = false

    /// Continues a conversation and saves the turn into it.
    @OptionGroup var resumption: ResumeOption

    private var resume: String? { resumption.resume }

    @Flag(help: "Print one JSON object (reply, reasoning, model, figures, error) at the end instead of the reply.")
    var json = false

    @Flag(help: "No progress lines on standard error; errors still get one line.")
    var quiet = false

    /// The conversation `--resume` continues, locked for this run.
    private struct Resumed: Sendable {
        var stored: StoredConversation
        /// Nil when no lock could be made at all (a read-only folder): the save then says why.
        var lock: ConversationLock?
    }

    func run() async throws {
        StandardOutput.ignoreBrokenPipes()
        let report = AskReport(quiet: quiet)
        let result: AskResult
        do {
            let text = try readPrompt()
            var store: ConversationStore?
            var resumed: Resumed?
            if save || resume != nil {
                StoreOptions.survivesFileSizeLimits()
                let opened = ConversationStore(directory: storage.directory)
                store = opened
                resumed = try resume.map { try Self.open($0, in: opened) }
            }
            let connection = try await endpoint.connect()
            // Ctrl-C (or a hang-up, or a kill) ends the reply cleanly: what arrived stays printed.
            let signals = SignalCanceller()
            let received = signals.reader
            let turn = Task { @MainActor [store, resumed] in
                await converse(text, resumed: resumed, store: store, over: connection, signal: received, report: report)
            }
            signals.cancelOnSignal(turn)
            result = await turn.value
            signals.stop()
            await connection.shutdown()
        } catch let failure as AskFailure {
            report.problem(failure.message)
            result = AskResult(failure: failure)
        }
        var status = result.exitStatus
        if json, let error = StandardOutput.writeAll(Sanitizer.jsonText(result.json()), to: STDOUT_FILENO),
            status == 0
        {
            status = error == EPIPE ? AskExitCode.outputClosed.rawValue : AskExitCode.otherFailure.rawValue
            if error != EPIPE { report.problem("cannot write to standard output: \(String(cString: strerror(error)))") }
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func readPrompt() throws -> String {
        let joined = prompt.joined(separator: " ")
        if !joined.isEmpty && joined != "-" { return joined }
        if prompt.isEmpty && isatty(STDIN_FILENO) != 0 {
            throw AskFailure(
                .usage, "no prompt: give it as arguments or on standard input (echo hi | chatterm ask)",
                exitCode: .usage)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw AskFailure(.usage, "the prompt read from standard input is empty", exitCode: .usage) }
        return text
    }

    /// The conversation `reference` names, resolved, then locked, then loaded, so that what is
    /// loaded is what the lock's last holder saved.
    private static func open(_ reference: String, in store: ConversationStore) throws -> Resumed {
        let id: String
        do {
            id = try store.resolve(reference)
        } catch {
            throw AskFailure(.conversation, "cannot resume '\(reference)': \(error)", exitCode: .otherFailure)
        }
        let lock: ConversationLock?
        do {
            guard let held = try store.lock(id: id) else {
                throw AskFailure(
                    .busy, "cannot resume \(id): it is open in another chatterm; try again once that one is closed",
                    exitCode: .busy)
            }
            lock = held
        } catch let failure as AskFailure {
            throw failure
        } catch {
            lock = nil
        }
        do {
            // Held here, so a reply the file still marks streaming was left so by a chatterm that stopped.
            return Resumed(stored: try store.load(id: id, holding: lock), lock: lock)
        } catch {
            throw AskFailure(.conversation, "cannot resume '\(reference)': \(error)", exitCode: .otherFailure)
        }
    }

    @MainActor
    private func converse(
        _ text: String, resumed: Resumed?, store: ConversationStore?, over connection: Connection,
        signal: @Sendable () -> Int32?, report: AskReport
    ) async -> AskResult {
        let model: String
        do {
            model = try await connection.findModel(
                connection.modelChoice(resumed: resumed?.stored.conversation.endpoint))
        } catch {
            let failure = AskFailure(
                AskFailure.category(of: error.error), error.description, exitCode: AskExitCode(.failed(error.error)))
            report.problem("error: " + failure.message)
            return AskResult(failure: failure)
        }
        var conversation = resumed?.stored.conversation ?? Conversation()
        if let system = connection.settings.system.value, !system.isEmpty {
            if conversation.messages.contains(where: { $0.role == .system }) {
                report.progress("--system left out: the conversation has a system prompt of its own")
            } else {
                conversation.messages.insert(Message(role: .system, content: system), at: 0)
            }
        }
        // A new conversation is locked too, so a chat that opens it while the reply streams
        // gets it read-only.
        let lock: ConversationLock?
        if let resumed {
            lock = resumed.lock
        } else {
            lock = try? store?.lock(id: conversation.id)
        }
        let transcript = AskTranscript(
            conversation: conversation, store: store, preserving: resumed?.stored.unknownFields ?? .none, lock: lock,
            onProblem: report.problem)
        defer { transcript.close() }
        // Said before the first save, so that a save that fails is reported after it.
        if let store {
            let doing = resumed == nil ? "saving as" : "continuing"
            report.progress("\(doing) \(conversation.id) in \(store.directory.conversationsPath)")
        }
        transcript.begin(prompt: text, model: model, baseURL: connection.endpoint.baseURL)
        if connection.isDemo { report.progress("demo mode: no endpoint configured (use --base-url)") }
        for warning in connection.settings.warnings { report.progress(warning) }
        let request = connection.request(model: model, messages: transcript.requestMessages)
        let output = ReplyPrinter(sanitize: StandardOutput.isTerminal) {
            report.problem("the reply asked again without streaming differs from what streamed: here it is in full")
        }
        let json = self.json
        // Reasoning sent as `<think>…</think>` in the answer is saved as reasoning, not printed.
        var splitter = ThinkTagSplitter()
        func take(_ pieces: [ThinkTagSplitter.Piece]) {
            for piece in pieces {
                switch piece {
                case .content(let text):
                    transcript.append(content: text)
                    // Nobody reads the rest: stop the reply, and keep what arrived.
                    if !json && output.failure == nil && !output.write(text) {
                        withUnsafeCurrentTask { $0?.cancel() }
                    }
                case .reasoning(let text):
                    transcript.append(reasoning: text)
                }
            }
        }
        for await update in connection.runner().run(request) {
            switch update {
            case .content(let piece, _):
                take(splitter.feed(piece))
            case .reasoning(let piece, _):
                transcript.append(reasoning: piece)
            case .resetText:
                splitter = ThinkTagSplitter()
                transcript.resetReply()
                output.replaceNext()
            case .streamingOff(let notice):
                report.progress(notice)
            case .phase(let phase):
                if case .finished = phase { break }
                report.progress(TurnStatusText(phase: phase).text)
            case .warmedUp(let warmUp):
                report.progress(TurnStatusText.warmUp(warmUp, profile: connection.profile))
            case .finished(let outcome, let stats):
                take(splitter.finish())
                if !json { output.finish() }
                let (kept, ending) = Self.ending(outcome, output: output, signal: signal())
                var status = ending
                transcript.finish(kept, stats: stats)
                var failure = AskFailure(kept, exitStatus: status)
                if store != nil, let unsaved = transcript.saveError, status == AskExitCode.complete.rawValue {
                    // The reply is whole, but a script that asked for it to be kept must know it was not.
                    status = AskExitCode.notSaved.rawValue
                    failure = AskFailure(.unsaved, "the reply was not saved: \(unsaved)", exitCode: .notSaved)
                }
                if let error = output.failure {
                    // A reader who went away chose to: nothing to say about that.
                    if !output.readerWentAway {
                        report.problem("cannot write to standard output: \(String(cString: strerror(error)))")
                    }
                } else {
                    let summary = Self.summary(kept, stats, model: model, label: connection.label)
                    if kept == .complete { report.progress(summary) } else { report.problem(summary) }
                }
                return AskResult(
                    message: transcript.reply, model: model, exitStatus: status,
                    conversationId: transcript.isSaved ? conversation.id : nil, error: failure)
            default:
                break
            }
        }
        return AskResult(failure: AskFailure(.stopped, "cancelled", exitCode: .cancelled), model: model)
    }

    /// How the reply is kept and the status to exit with. A reply stopped because stdout failed
    /// or because of a hang-up or a kill is kept as interrupted, since the user did not cancel
    /// it; only Ctrl-C is a cancel.
    @MainActor
    private static func ending(_ outcome: TurnOutcome, output: ReplyPrinter, signal: Int32?) -> (TurnOutcome, Int32) {
        if let error = output.failure {
            let status = output.readerWentAway ? AskExitCode.outputClosed : .otherFailure
            guard outcome == .cancelled else { return (outcome, status.rawValue) }
            let reason =
                output.readerWentAway
                ? "standard output was closed" : "cannot write to standard output: \(String(cString: strerror(error)))"
            return (.interrupted(.stopped(reason)), status.rawValue)
        }
        if outcome == .cancelled, let signal {
            return (
                signal == SIGINT ? outcome : .interrupted(.stopped(ChatSession.stopReason(signal: signal))),
                128 + signal
            )
        }
        return (outcome, AskExitCode(outcome).rawValue)
    }

    /// The status bar's words for the finished reply, with the model and endpoint.
    static func summary(_ outcome: TurnOutcome, _ stats: TurnStats, model: String, label: String) -> String {
        TurnStatusText(phase: .finished(outcome), lastStats: stats).text + " · \(model) @ \(label)"
    }

    /// One line on stderr, prefixed so it stands apart from the reply.
    static func status(_ line: String) {
        StandardOutput.problem(line)
    }
}
