import ArgumentParser
import ChatCore
import ChatStore
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
              chatterm ask --attach nginx.conf "Why does this return 502?"
              chatterm ask --attach 'src/*.swift' --attach ~/shot.png "What is wrong here?"
              chatterm ask --resume last --fit-context "and the next chapter?"

            --attach sends a text file (up to 1 MiB) as a fenced block headed by its name, and \
            an image (PNG, JPEG, WebP or GIF, up to 10 MiB; only with vision = true in the \
            profile) as a data URL; ~ and globs are expanded. Attached files alone make a \
            prompt. A file that cannot be attached stops the run before any request (status 66).

            When the profile names fallback_profiles and its server is down, overloaded or \
            answers empty, the turn goes to the next of them; standard error says so \
            ("server 10.0.0.5:8000 failed (connection refused): trying profile laptop").

            A prompt that would not fit the model's context (its size from context_window, or \
            from the server: llama.cpp's /props, vLLM's max_model_len, Ollama's /api/show) is \
            refused with status 8 before anything is sent; --fit-context sends it without the \
            oldest messages instead (the system prompt stays; a saved conversation keeps them).

            --resume sends the conversation's whole history with the prompt and saves the new \
            turn into it (--save is then implied). A conversation open in a chat is refused \
            (status 75) rather than written by two chatterms at once.

            \(AskResult.help)

            \(AskExitCode.help)
            """
    )

    @Argument(help: ArgumentHelp("The prompt; - or nothing reads it from standard input.", valueName: "prompt"))
    var prompt: [String] = []

    @Option(
        name: .customLong("attach"),
        help: ArgumentHelp(
            "A file to send with the prompt (repeatable; ~ and globs work): text, or an image with vision = true.",
            valueName: "path"))
    var attachments: [String] = []

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

    @Flag(
        help: ArgumentHelp(
            "Leave the oldest messages out of the request when the prompt would not fit the model's context.",
            discussion:
                "Without it, such a prompt is refused (status 8) and nothing is sent. With it, a request the server refuses as too long is sent once more without them."
        ))
    var fitContext = false

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
            let settings = try endpoint.settings()
            let attached = try Self.attach(attachments, vision: settings.vision.value)
            var store: ConversationStore?
            var resumed: Resumed?
            if save || resume != nil {
                StoreOptions.survivesFileSizeLimits()
                let opened = ConversationStore(directory: storage.directory)
                store = opened
                resumed = try resume.map { try Self.open($0, in: opened) }
            }
            let connection = try await endpoint.connect(settings)
            // Where the turn goes when this server fails (`fallback_profiles`).
            let profiles = await ProfileConnections(options: endpoint, theme: nil, noColor: false, first: connection)
            // Ctrl-C (or a hang-up, or a kill) ends the reply cleanly: what arrived stays printed.
            let signals = SignalCanceller()
            result = await converse(
                text, attached: attached, resumed: resumed, store: store, over: connection, profiles: profiles,
                signals: signals.receiver, report: report)
            signals.stop()
            await profiles.shutdown()
        } catch let failure as AskFailure {
            report.problem(failure.message)
            result = AskResult(failure: failure)
        }
        var status = result.exitStatus
        if json, let error = StandardOutput.writeJSON(result.json()), status == 0 {
            status = error == EPIPE ? AskExitCode.outputClosed.rawValue : AskExitCode.otherFailure.rawValue
            if error != EPIPE { report.problem("cannot write to standard output: \(String(cString: strerror(error)))") }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The files `--attach` names, read before anything is sent.
    private static func attach(_ names: [String], vision: Bool) throws -> [Attachment] {
        switch AttachmentReader.read(names, vision: vision) {
        case .success(let attachments): return attachments
        case .failure(let failure):
            throw AskFailure(.attachment, "cannot attach: \(failure)", exitCode: .noInput)
        }
    }

    private func readPrompt() throws -> String {
        let joined = prompt.joined(separator: " ")
        if !joined.isEmpty && joined != "-" {
            guard !joined.allSatisfy(\.isWhitespace) else {
                throw AskFailure(.usage, "the prompt is blank", exitCode: .usage)
            }
            return joined
        }
        if prompt.isEmpty && isatty(STDIN_FILENO) != 0 {
            // Attached files alone make a prompt.
            if !attachments.isEmpty { return "" }
            throw AskFailure(
                .usage, "no prompt: give it as arguments or on standard input (echo hi | chatterm ask)",
                exitCode: .usage)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && attachments.isEmpty {
            throw AskFailure(.usage, "the prompt read from standard input is empty", exitCode: .usage)
        }
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

    /// The turn, through a `ChatSession` like the chat's: the model as `ModelChoice` decides it,
    /// the reply's text to stdout as it grows, each phase to stderr, the figures at the end.
    @MainActor
    private func converse(
        _ text: String, attached: [Attachment], resumed: Resumed?, store: ConversationStore?,
        over connection: Connection,
        profiles: ProfileConnections, signals: SignalCanceller.Receiver, report: AskReport
    ) async -> AskResult {
        let choice = connection.modelChoice(resumed: resumed?.stored.conversation.endpoint)
        let search = Task { () async -> Result<String, ModelChoice.Failure> in
            do throws(ModelChoice.Failure) {
                return .success(try await connection.findModel(choice))
            } catch {
                return .failure(error)
            }
        }
        // Until the reply starts, a signal ends the search for a model.
        signals.onSignal { _ in search.cancel() }
        let model: String
        switch await search.value {
        case .success(let found):
            model = found
        case .failure(let error):
            let failure = AskFailure(
                AskFailure.category(of: error.error), error.description, exitCode: AskExitCode(.failed(error.error)))
            report.problem("error: " + failure.message)
            return AskResult(failure: failure)
        }
        let conversation = resumed?.stored.conversation ?? Conversation()
        if let system = connection.settings.system.value, !system.isEmpty,
            conversation.messages.contains(where: { $0.role == .system })
        {
            report.progress("--system left out: the conversation has a system prompt of its own")
        }
        let session = ChatSession(connection.session, model: model, conversation: conversation)
        session.failover = profiles.failover
        // A new conversation is locked too, so a chat that opens it while the reply streams
        // gets it read-only.
        let saving = store.map { store in
            AskAutosave(
                session: session, store: store, preserving: resumed?.stored.unknownFields ?? .none,
                lock: resumed == nil ? (try? store.lock(id: conversation.id)) : resumed?.lock, onProblem: report.problem
            )
        }
        defer { saving?.close() }
        // Said before the first save, so that a save that fails is reported after it.
        if let store {
            let doing = resumed == nil ? "saving as" : "continuing"
            report.progress("\(doing) \(conversation.id) in \(store.directory.conversationsPath)")
        }
        // Leaving messages out helps only a conversation with some: a lone prompt is not worth
        // the server's questions before it (the server says it overflowed well enough).
        if resumed != nil || fitContext { await session.askContextWindow() }
        var leavingOut = 0
        if let shortfall = session.contextShortfall(for: text) {
            guard fitContext, let count = shortfall.leaveOut else {
                let why =
                    shortfall.leaveOut == nil
                    ? shortfall.summary + ": it does not fit even alone"
                    : shortfall.summary + ": --fit-context sends it without \(shortfall.leftOutPhrase)"
                let failure = AskFailure(.context, why, exitCode: .doesNotFit)
                report.problem("error: " + failure.message)
                return AskResult(failure: failure, model: model)
            }
            report.progress("\(shortfall.summary): sent without \(shortfall.leftOutPhrase)")
            leavingOut = count
        }
        guard let changes = session.changes(sending: text, attachments: attached, leavingOut: leavingOut) else {
            let refusal = session.sendRefusal?.description ?? "the prompt is blank"
            return AskResult(failure: AskFailure(.usage, refusal, exitCode: .usage), model: model)
        }
        // The reply's request goes out once this returns to the main actor: the prompt is on disk first.
        saving?.flush()
        if connection.isDemo { report.progress("demo mode: no endpoint configured (use --base-url)") }
        for warning in connection.settings.warnings { report.progress(warning) }
        signals.onSignal { signal in Task { @MainActor in Self.stop(session, signal: signal) } }
        let reply = session.conversation.messages.count - 1
        let output = ReplyPrinter(sanitize: StandardOutput.isTerminal) {
            report.problem("the reply asked again without streaming differs from what streamed: here it is in full")
        }
        await follow(changes, of: session, reply: reply, into: output, report: report)
        if fitContext, case .finished(.failed) = session.phase, let overflow = session.overflowShortfall,
            let count = overflow.leaveOut, let again = session.changes(retryingLeavingOut: count)
        {
            report.progress(
                "the server's context (\(ContextUse.short(overflow.limit)) tokens) is full: "
                    + "asking again without \(overflow.leftOutPhrase)")
            await follow(again, of: session, reply: reply, into: output, report: report)
        }
        saving?.flush()
        if !json { output.finish() }
        let message = session.conversation.messages[reply]
        let outcome: TurnOutcome = if case .finished(let outcome) = session.phase { outcome } else { .cancelled }
        var status = Self.exitStatus(outcome, output: output, signal: signals.signal)
        var failure = AskFailure(outcome, exitStatus: status)
        if let saving, let unsaved = saving.saveError, status == AskExitCode.complete.rawValue {
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
            // The status bar's words for the finished reply, with the model and endpoint that
            // answered (another profile's, after a failover).
            let summary =
                TurnStatusText(phase: .finished(outcome), lastStats: message.stats).text
                + " · \(session.model) @ \(session.endpointLabel ?? connection.label)"
            if outcome == .complete { report.progress(summary) } else { report.problem(summary) }
        }
        return AskResult(
            message: message, model: session.model, exitStatus: status,
            conversationId: saving?.isSaved == true ? conversation.id : nil, error: failure)
    }

    /// Prints what changes as the reply streams: its text to stdout (unless `--json`), each
    /// phase, the warm-up and a switch away from streaming to stderr.
    @MainActor
    private func follow(
        _ changes: AsyncStream<ChatSession.Change>, of session: ChatSession, reply: Int, into output: ReplyPrinter,
        report: AskReport
    ) async {
        var shown: (warmUp: WarmUpReport?, streamingOff: String?, failover: String?) = (nil, nil, nil)
        for await change in changes {
            switch change {
            case .contentAppended(reply, let piece):
                // Nobody reads the rest: stop the reply, and keep what arrived.
                if !json && output.failure == nil && !output.write(piece) {
                    session.interrupt(because: Self.writeFailure(output))
                }
            case .replyRestarted(reply):
                output.replaceNext()
            case .phase(let phase) where phase.isActive:
                report.progress(TurnStatusText(phase: phase).text)
            case .status:
                if let warmUp = session.warmUpReport, warmUp != shown.warmUp {
                    shown.warmUp = warmUp
                    report.progress(TurnStatusText.warmUp(warmUp, profile: session.profile ?? ""))
                }
                if let notice = session.streamingOffNotice, notice != shown.streamingOff {
                    shown.streamingOff = notice
                    report.progress(notice)
                }
                if let notice = session.failoverNotice, notice != shown.failover {
                    shown.failover = notice
                    report.progress(notice)
                }
            default:
                break
            }
        }
    }

    /// Ends the reply under way for `signal`: Ctrl-C cancels it, as the user asked; a hang-up or
    /// a kill interrupts it, since the user did not.
    @MainActor
    private static func stop(_ session: ChatSession, signal: Int32) {
        if signal == SIGINT { session.cancel() } else { session.interrupt(bySignal: signal) }
    }

    /// Why the reply stopped when stdout failed, as saved with it.
    private static func writeFailure(_ output: ReplyPrinter) -> String {
        guard let error = output.failure, !output.readerWentAway else { return "standard output was closed" }
        return "cannot write to standard output: \(String(cString: strerror(error)))"
    }

    /// The status to exit with: stdout's failure, else the signal that stopped the reply, else
    /// the reply's own.
    private static func exitStatus(_ outcome: TurnOutcome, output: ReplyPrinter, signal: Int32?) -> Int32 {
        if output.failure != nil { return (output.readerWentAway ? AskExitCode.outputClosed : .otherFailure).rawValue }
        switch outcome {
        case .cancelled, .interrupted(.stopped): if let signal { return 128 + signal }
        default: break
        }
        return AskExitCode(outcome).rawValue
    }
}
