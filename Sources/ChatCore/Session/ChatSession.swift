import Foundation

/// The conversation on screen and the reply under way. It lives on the main actor with the UI,
/// applies what the `TurnRunner` reports, and tells its owner what changed so the owner can
/// redraw only when needed.
@MainActor
public final class ChatSession {
    /// What changed, so a UI can mark just that part dirty and a script can print just the delta.
    public enum Change: Sendable, Hashable {
        /// A message was added at this index.
        case messageAdded(Int)
        /// Text was appended to the message at this index.
        case contentAppended(Int, String)
        case reasoningAppended(Int, String)
        /// The message at this index changed status or stats.
        case messageUpdated(Int)
        /// The message at this index was removed (`/retry` replaces a failed or empty reply).
        case messageRemoved(Int)
        /// The branch in view changed from this index on (`/edit`, `/retry`, switching to an
        /// alternative): the messages there are others, and there may be fewer or more.
        case branchShown(Int)
        /// The reply at this index went back to how it was before this turn: the whole reply,
        /// asked for again without streaming, replaces what a broken stream had sent.
        case replyRestarted(Int)
        case phase(TurnPhase)
        /// Something only the status bar shows changed (warm-up result, server keep-alive,
        /// streaming switched off).
        case status
        /// Another conversation was opened in place of this one.
        case conversationReplaced
    }

    public private(set) var conversation: Conversation
    public private(set) var phase: TurnPhase = .idle
    /// The model the next request asks for.
    public var model: String
    public var temperature: Double?
    public var maxTokens: Int?
    /// Whether requests ask for a streamed reply.
    public var stream = true
    public var onChange: ((Change) -> Void)?
    /// How the last warm-up went, for the status bar.
    public private(set) var warmUpReport: WarmUpReport?
    /// When the warm-up started ahead of any reply began (`warmUpAhead`), while it runs.
    public private(set) var warmingUpAheadSince: ContinuousClock.Instant?
    /// When the server last sent a keep-alive while the reply under way waited.
    public private(set) var serverAliveAt: ContinuousClock.Instant?
    /// Set when a reply switched streaming off for the endpoint a while, for the status bar.
    public private(set) var streamingOffNotice: String?
    /// Told of every change, so the conversation is saved as it grows.
    public var autosave: (any ConversationAutosave)?
    /// A conversation open in another chatterm can be read and scrolled but not continued here.
    public var isReadOnly = false
    /// The endpoint's base URL, recorded with the conversation (never a key).
    public var baseURL = ""
    /// The configuration profile the requests go to, if any (`SessionEndpoint.profile`): recorded
    /// with the conversation and each reply.
    public internal(set) var profile: String?
    /// "demo" or the server's host:port (`SessionEndpoint.label`).
    public internal(set) var endpointLabel: String?
    /// Where a turn goes when the server in use fails in a way another may cure; nil: nowhere.
    public var failover: Failover?
    /// What the last failover said ("server … failed (…): trying profile laptop"), for the
    /// status bar and `ask`'s stderr; cleared when the next turn starts.
    public private(set) var failoverNotice: String?
    /// The profile a turn failed over to and stayed on, until `use` switches to another.
    public internal(set) var failedOver: FailoverTarget?
    /// The profiles the turn under way (or the last one) was sent to.
    public private(set) var failoverRoute = FailoverRoute(from: nil)

    /// The model's context window when known: the endpoint's `context_window`, else what the
    /// server said (`learnContextWindow`) or what an overflow error named.
    public internal(set) var contextWindow: ContextWindow?
    /// The endpoint and model the server was last asked about, so that each is asked once.
    var contextAskedAbout: String?
    /// How many of the oldest messages after the system prompt the requests leave out, since the
    /// user agreed (`send(_:leavingOut:)`). Later prompts leave them out too (else each would
    /// overflow again) until another conversation is opened; the conversation keeps them all.
    public internal(set) var leftOutOfRequests = 0

    /// Runs the replies: the endpoint and its policy. Replaced between replies when the user
    /// switches profiles (`/profile`); a reply under way keeps the runner it started with.
    public var runner: TurnRunner
    private var turnTask: Task<Void, Never>?
    /// The reply under way, or the last one: its machine counts the figures the status bar shows.
    private var reply: TurnDriver?
    private var replyIndex: Int?
    /// The reply's message as it was before this turn added to it (empty, or the text that
    /// `/continue` goes on from): what a replaced reply goes back to.
    private var replyBase: (content: String, reasoning: String?) = ("", nil)
    private let clock = ContinuousClock()
    /// Takes `<think>…</think>` out of the streamed answer into the reasoning.
    private var thinkSplitter = ThinkTagSplitter()

    /// The words sent (but not shown) to ask the model to go on from a reply that stopped early.
    public static let continuePrompt =
        "Continue exactly where your previous reply stopped. Do not repeat anything you already wrote."

    public init(runner: TurnRunner, model: String, conversation: Conversation = Conversation(), system: String? = nil) {
        self.runner = runner
        self.model = model
        self.conversation = conversation
        if let system, !system.isEmpty, !conversation.messages.contains(where: { $0.role == .system }) {
            self.conversation.messages.insert(Message(role: .system, content: system), at: 0)
        }
    }

    /// Whether a reply is under way; a new prompt waits until it ends or is cancelled.
    public var isBusy: Bool { turnTask != nil }

    /// Warms the endpoint up now, ahead of the next reply, when the policy says the next reply
    /// would (`EndpointHealth.needsWarmUp`: not answered yet, or idle too long) and none runs: the
    /// chat calls this as it opens and when the user starts typing, so the prompt waits only for
    /// what is left of the warm-up. The status bar follows it (`warmingUpAheadSince`, then
    /// `warmUpReport`). Not while a reply is under way, nor without a model.
    public func warmUpAhead() {
        guard !isBusy, !model.isEmpty, warmingUpAheadSince == nil else { return }
        let now = clock.now
        guard runner.health.needsWarmUp(runner.policy, now: now) else { return }
        let (warmUp, started) = runner.health.warmUp(
            WarmUp.request(model: model), through: runner.transport, policy: runner.policy, now: now)
        guard started else { return }
        warmingUpAheadSince = now
        onChange?(.status)
        Task { [weak self] in
            let report = await warmUp.value
            guard let self else { return }
            self.warmingUpAheadSince = nil
            // A reply that began meanwhile waited for this warm-up and reports it itself.
            if !self.isBusy { self.warmUpReport = report }
            self.onChange?(.status)
        }
    }

    /// How long the warm-up started ahead of any reply has run, in seconds, while it runs.
    public var warmingUpAheadSeconds: Double? {
        warmingUpAheadSince.map { TurnStateMachine.seconds(clock.now - $0) }
    }

    /// Sends a prompt, with the files attached to it, and starts streaming the reply. Returns
    /// false (and does nothing) when `sendRefusal` says why not, or when the prompt is blank and
    /// nothing is attached: attachments alone make a prompt.
    @discardableResult
    public func send(_ prompt: String, attachments: [Attachment] = []) -> Bool {
        guard sendRefusal == nil,
            !attachments.isEmpty || !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            return false
        }
        append(Message(role: .user, content: prompt, attachments: attachments))
        if conversation.title.isEmpty {
            let blank = prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            conversation.title = Self.title(from: blank ? attachments.map(\.name).joined(separator: ", ") : prompt)
        }
        let messages = requestMessages
        append(Message(role: .assistant, content: "", status: .streaming))
        startReply(into: conversation.messages.count - 1, messages: messages)
        return true
    }

    /// Why a prompt cannot be sent now, or nil when it can (a blank one aside).
    public var sendRefusal: Refusal? {
        if isBusy { return .busy }
        if isReadOnly { return .readOnly }
        if model.isEmpty { return .noModel }
        return nil
    }

    /// Why the session will not do what it is asked now: send a prompt, `/retry`, `/continue`,
    /// set the system prompt, open another conversation.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case busy
        case noReply
        case replyFinished
        case readOnly
        /// No model to ask for: none was named and the server listed none (`ModelChoice`).
        case noModel
        /// `/edit` was pointed at something that is not a prompt, or given an empty one.
        case noPrompt

        public var description: String {
            switch self {
            case .busy: return "a reply is under way: Esc cancels it"
            case .readOnly: return "this conversation is open in another chatterm: read-only here"
            case .noModel: return "no model to ask for: /model NAME names one"
            case .noReply: return "there is no reply to do that with yet"
            case .replyFinished: return "the last reply is complete: /retry asks for a new one"
            case .noPrompt: return "there is no prompt to edit there"
            }
        }
    }

    /// Asks for a new reply in place of the last one (`/retry`). A reply with text is kept as an
    /// alternative (`‹ 1/2 ›`); a failed or empty one is replaced, having nothing to keep.
    public func retry() throws(Refusal) {
        if let refusal = sendRefusal { throw refusal }
        guard let last = conversation.messages.indices.last, conversation.messages[last].role == .assistant else {
            throw .noReply
        }
        let reply = Message(role: .assistant, content: "", status: .streaming)
        let messages: [ChatRequest.Message]
        if conversation.messages[last].content.isEmpty && (conversation.messages[last].reasoning ?? "").isEmpty {
            conversation.messages.remove(at: last)
            conversation.updatedAt = Date()
            changed(.messageRemoved(last), urgent: false)
            messages = requestMessages
            append(reply)
            // The reply replaced may have been an alternative: its successor takes an id, so that it
            // is one too (`‹ 2/2 ›`) and not a message without siblings until the next numbering.
            if conversation.isBranched { conversation.numberMessages() }
        } else {
            // The new reply is empty until it streams, so the request leaves it out.
            conversation.branch(at: last, with: reply)
            messages = requestMessages
            conversation.updatedAt = Date()
            changed(.branchShown(last), urgent: true)
        }
        startReply(into: conversation.messages.count - 1, messages: messages)
    }

    /// Sends `prompt` in place of the user's message at `index` (`/edit`): a new branch starts
    /// there, and the old prompt with everything after it stays as its alternative.
    public func edit(at index: Int, to prompt: String, attachments: [Attachment] = []) throws(Refusal) {
        if let refusal = sendRefusal { throw refusal }
        guard conversation.messages.indices.contains(index), conversation.messages[index].role == .user else {
            throw .noPrompt
        }
        guard !attachments.isEmpty || !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .noPrompt
        }
        conversation.branch(at: index, with: Message(role: .user, content: prompt, attachments: attachments))
        conversation.updatedAt = Date()
        changed(.branchShown(index), urgent: true)
        let messages = requestMessages
        append(Message(role: .assistant, content: "", status: .streaming))
        startReply(into: conversation.messages.count - 1, messages: messages)
    }

    /// Shows the alternative `step` places after (negative: before) the message at `index`, with
    /// the newest messages below it; false when there is none that way. Not while a reply is
    /// under way: it would stream into a branch out of view.
    @discardableResult
    public func showAlternative(at index: Int, step: Int) throws(Refusal) -> Bool {
        guard !isBusy else { throw .busy }
        guard let current = conversation.alternatives(at: index) else { return false }
        return try showAlternative(at: index, number: current.position + step)
    }

    /// Shows the `number`th (1-based) alternative of the message at `index` (`/branch N`), with
    /// the newest messages below it; false when it has no such alternative or shows it already.
    /// Not while a reply is under way, nor in a conversation open read-only (switching is saved).
    @discardableResult
    public func showAlternative(at index: Int, number: Int) throws(Refusal) -> Bool {
        guard !isBusy else { throw .busy }
        guard !isReadOnly else { throw .readOnly }
        guard conversation.showAlternative(at: index, number: number) else { return false }
        changed(.branchShown(index), urgent: true)
        return true
    }

    /// Asks the model to go on from a reply that stopped early, appending to the same message
    /// (`/continue`). The request carries the partial reply and a short instruction that is
    /// not shown; resending the original request instead would repeat the text.
    public func continueReply() throws(Refusal) {
        if let refusal = sendRefusal { throw refusal }
        guard let last = conversation.messages.indices.last, conversation.messages[last].role == .assistant,
            !conversation.messages[last].content.isEmpty
        else { throw .noReply }
        let reply = conversation.messages[last]
        guard reply.status != .complete || reply.stats?.finishReason == "length" else { throw .replyFinished }
        let messages = requestMessages + [ChatRequest.Message(role: .user, content: Self.continuePrompt)]
        conversation.messages[last].status = .streaming
        conversation.messages[last].error = nil
        changed(.messageUpdated(last), urgent: true)
        startReply(into: last, messages: messages, continuing: true)
    }

    private func startReply(into index: Int, messages: [ChatRequest.Message], continuing: Bool = false) {
        replyBase = (conversation.messages[index].content, conversation.messages[index].reasoning)
        failoverRoute = FailoverRoute(from: profile)
        failoverNotice = nil
        beginReply(into: index, messages: messages, continuing: continuing)
    }

    /// Sends the request for the reply at `index` to the endpoint in use: the turn's first, or
    /// the one it failed over to.
    private func beginReply(into index: Int, messages: [ChatRequest.Message], continuing: Bool) {
        conversation.endpoint = EndpointInfo(baseURL: baseURL, model: model)
        conversation.profile = profile
        let request = ChatRequest(
            model: model, messages: messages, stream: stream, temperature: temperature, maxTokens: maxTokens)
        replyIndex = index
        thinkSplitter = ThinkTagSplitter()
        serverAliveAt = nil
        warmUpReport = nil
        streamingOffNotice = nil
        let reply = runner.driver(for: request, continuing: continuing)
        self.reply = reply
        turnTask = Task { [weak self] in
            while let event = await reply.next(isolation: #isolation) {
                guard let self, self.replyIndex == index else { return }
                if case .finished(.failed(let error), _) = event,
                    await self.failOver(after: error, index: index, messages: messages, continuing: continuing)
                {
                    return
                }
                self.apply(event, to: index)
            }
        }
    }

    /// Sends the failed turn to the next profile of the failover chain, and stays there; false
    /// when there is none to send it to (the error is not one another server may cure, no
    /// chain, every profile tried), and the failure stands. A profile that cannot be connected
    /// to is passed over. Cancelling meanwhile ends the turn as cancelled.
    private func failOver(
        after error: ChatError, index: Int, messages: [ChatRequest.Message], continuing: Bool
    ) async -> Bool {
        guard let failover, let origin = failoverRoute.origin else { return false }
        let chain = failover.chain(origin)
        let server = endpointLabel ?? baseURL
        var next = failoverRoute.next(after: error, of: server, in: chain)
        var because = "server \(server) failed (\(error.failoverReason))"
        while let name = next {
            failoverNotice = "\(because): trying profile \(name)"
            onChange?(.status)
            do {
                let target = try await failover.connect(name)
                guard replyIndex == index, !Task.isCancelled else { return true }
                use(target.endpoint)
                model = target.model
                failedOver = target
                conversation.messages[index].content = replyBase.content
                conversation.messages[index].reasoning = replyBase.reasoning
                beginReply(into: index, messages: messages, continuing: continuing)
                return true
            } catch {
                guard replyIndex == index, !Task.isCancelled else { return true }
                because = "profile \(name) unusable (\(error))"
                next = failoverRoute.skip(in: chain)
            }
        }
        if failoverRoute.tried.isEmpty { return false }
        failoverNotice = "\(because): no other profile to try"
        onChange?(.status)
        return false
    }

    /// Stops the reply under way and keeps what arrived, marked as cancelled.
    public func cancel() {
        stop(.cancelled)
    }

    /// Stops the reply under way because chatterm itself is going away (the terminal hung up,
    /// a signal): what arrived is kept, marked interrupted with `reason`.
    public func interrupt(because reason: String) {
        stop(.interrupted(.stopped(reason)))
    }

    /// Sets the system prompt that leads the conversation (`/system`): the first message when it
    /// is a system message, else a new first message. An empty text removes it.
    public func setSystemPrompt(_ text: String) throws(Refusal) {
        guard !isBusy else { throw .busy }
        guard !isReadOnly else { throw .readOnly }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if conversation.messages.first?.role == .system {
            if trimmed.isEmpty {
                conversation.messages.removeFirst()
                // Every message moved: a change of the whole conversation for the layout.
                changed(.conversationReplaced, urgent: true)
                return
            }
            conversation.messages[0].content = trimmed
            changed(.messageUpdated(0), urgent: true)
        } else if !trimmed.isEmpty {
            conversation.messages.insert(Message(role: .system, content: trimmed), at: 0)
            changed(.conversationReplaced, urgent: true)
        }
    }

    /// Renames the conversation (`/title`).
    public func rename(_ title: String) {
        conversation.title = title
        conversation.updatedAt = Date()
        changed(.status, urgent: true)
    }

    /// Shows another conversation in place of this one (`/open`, `--resume`); refused while a
    /// reply is under way.
    public func replace(with conversation: Conversation, readOnly: Bool) throws(Refusal) {
        guard !isBusy else { throw .busy }
        self.conversation = conversation
        isReadOnly = readOnly
        leftOutOfRequests = 0
        phase = .idle
        warmUpReport = nil
        onChange?(.conversationReplaced)
    }

    private func stop(_ outcome: TurnOutcome) {
        guard let index = replyIndex, let task = turnTask, let reply else { return }
        task.cancel()
        // The machine's figures as they stand: the task ends the machine once it sees the cancel,
        // but that end is no longer shown.
        finish(index, outcome: outcome, stats: reply.machine.stats(endingAt: clock.now))
    }

    /// Tokens per second so far in the reply under way, for the status bar.
    public var liveTokensPerSecond: Double? {
        guard phase == .streaming else { return nil }
        return reply?.machine.tokensPerSecond(at: clock.now)
    }

    /// Tokens received so far in the reply under way (or the last one).
    public var liveTokenCount: Int { reply?.machine.tokensShown ?? 0 }

    /// Seconds since the reply under way was requested.
    public var liveElapsedSeconds: Double? {
        guard phase.isActive, let start = reply?.machine.startedAt else { return nil }
        return TurnStateMachine.seconds(clock.now - start)
    }

    /// Whether the server sent a keep-alive in the last `window` while the reply waits.
    public func serverAlive(within window: Duration = .seconds(30)) -> Bool {
        guard let at = serverAliveAt else { return false }
        return clock.now - at <= window
    }

    private func apply(_ event: TurnEvent, to index: Int) {
        switch event {
        case .phase(let next):
            setPhase(next)
        case .content(let text, _):
            append(thinkSplitter.feed(text), to: index)
        case .reasoning(let text, _):
            append([.reasoning(text)], to: index)
        case .resetText:
            conversation.messages[index].content = replyBase.content
            conversation.messages[index].reasoning = replyBase.reasoning
            thinkSplitter = ThinkTagSplitter()
            changed(.replyRestarted(index), urgent: false)
        case .streamingOff(let notice):
            streamingOffNotice = notice
            onChange?(.status)
        case .serverAlive:
            serverAliveAt = clock.now
            onChange?(.status)
        case .warmedUp(let report):
            warmUpReport = report
            onChange?(.status)
        case .finished(let outcome, let stats):
            append(thinkSplitter.finish(), to: index)
            finish(index, outcome: outcome, stats: stats)
        }
    }

    private func append(_ pieces: [ThinkTagSplitter.Piece], to index: Int) {
        for piece in pieces {
            switch piece {
            case .content(let text):
                conversation.messages[index].content += text
                changed(.contentAppended(index, text), urgent: false)
            case .reasoning(let text):
                conversation.messages[index].reasoning = (conversation.messages[index].reasoning ?? "") + text
                changed(.reasoningAppended(index, text), urgent: false)
            }
        }
    }

    private func finish(_ index: Int, outcome: TurnOutcome, stats: TurnStats) {
        turnTask = nil
        replyIndex = nil
        var stats = stats
        stats.endpoint = endpointLabel
        stats.profile = profile
        stats.model = model
        // Said only when another profile answered, or failed in its turn.
        stats.failedOver = profile != failoverRoute.origin ? failoverRoute.reason : nil
        conversation.messages[index].status = outcome.messageStatus
        conversation.messages[index].error = outcome.errorMessage
        learnContextWindow(fromError: outcome.errorMessage)
        // A reply stopped from outside (`cancel`, `interrupt`) ends without the machine's finish.
        stats.errorCategory = outcome.error?.category.rawValue
        conversation.messages[index].stats = stats
        conversation.updatedAt = Date()
        changed(.messageUpdated(index), urgent: true)
        setPhase(.finished(outcome))
    }

    private func append(_ message: Message) {
        conversation.messages.append(message)
        conversation.updatedAt = Date()
        changed(.messageAdded(conversation.messages.count - 1), urgent: true)
    }

    /// Tells the owner and the autosave. Streamed text is not urgent: the autosave coalesces it.
    private func changed(_ change: Change, urgent: Bool) {
        onChange?(change)
        autosave?.conversationChanged(conversation, urgent: urgent)
    }

    private func setPhase(_ next: TurnPhase) {
        phase = next
        onChange?(.phase(next))
    }

    /// The first line of a prompt, shortened, as a conversation title.
    public static func title(from prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? prompt
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 60 ? String(trimmed.prefix(59)) + "…" : trimmed
    }
}
