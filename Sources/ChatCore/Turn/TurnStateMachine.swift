/// The rules of one reply, with every transition in one place and no I/O, so each can be tested
/// alone: warm-up, the requests and their phases, the time limit of each phase, retries with
/// backoff, and the non-streaming fallback. `TurnRunner` feeds it what the transport and the
/// timers report, carries out the commands it returns (`TurnCommand`) and hands its events
/// (`TurnEvent`) to the consumer. The reply's figures (`TurnStats`) are counted here and nowhere
/// else.
///
/// ```
/// idle ─▶ warmingUp ─▶ connecting ─▶ waitingForHeaders ─▶ waitingForFirstToken ─▶ streaming ─▶ finished
///                          ▲  ▲                                  │        │            │
///                          │  └── waitingToRetry ◀── failed ◀────┘        │            │
///                          └──── without streaming, at once ◀── empty ◀───┘            │
///                                (replacing the text, after text) ◀── broken ◀──────────┘
/// ```
///
/// What fails and what follows:
/// - A request that fails before any text (connection, timeout, 408/409/429/5xx) is retried
///   after a backoff, up to `RetryPolicy.maxRetries`; other HTTP errors end the reply.
/// - A stream that comes back empty (no text and no finish reason) or broken before any text is
///   answered at once by the same request without streaming: the server answered, only its
///   streaming path failed. That is not a retry.
/// - A stream that breaks after text because of what the server sent (an event that is not a
///   JSON chunk, an end without a finish reason) is completed without streaming: the reply is
///   asked for again with `"stream": false` and replaces the partial text (`.resetText`). When
///   the server itself resends the whole reply (`StreamEvent.wholeReply`), that replaces it.
/// - A dropped connection or an idle timeout after text ends the reply `interrupted` with what
///   arrived: asking again would show the same words twice.
///
/// Where the reply is lives in `state`, each case with the data of its step (the request under
/// way carries its attempt, its stage and what it said about its end), so a new step starts
/// from fresh data; what the reply gathers across its requests lives in `reply`.
public struct TurnStateMachine: Sendable {
    /// Something that happened.
    public enum Input: Sendable, Hashable {
        /// Begin the reply; `warmUp` and `streamingOff` come from what the run knows about the
        /// endpoint (`EndpointHealth`): `streamingOff` says why this reply must not stream.
        case start(warmUp: Bool, streamingOff: String?)
        case warmUpFinished(WarmUpReport)
        /// An event of request number `attempt` (events of earlier requests are ignored). `pieces`
        /// is how many of the transport's text events it stands for: the driver joins text pieces
        /// that arrive while the consumer is busy (`TurnInbox`), and each still counts as a token.
        case event(StreamEvent, attempt: Int, pieces: Int = 1)
        /// Request number `attempt` ended without an error.
        case end(attempt: Int)
        case fail(ChatError, attempt: Int)
        /// The time in `deadline` has come.
        case deadlinePassed
        case cancel
    }

    /// What follows from one input: commands for the driver and events for the consumer, each
    /// in order.
    public struct Reaction: Sendable, Hashable {
        public var commands: [TurnCommand]
        public var events: [TurnEvent]

        public init(commands: [TurnCommand] = [], events: [TurnEvent] = []) {
            self.commands = commands
            self.events = events
        }

        /// `first`'s commands and events, then `second`'s.
        static func + (first: Reaction, second: Reaction) -> Reaction {
            Reaction(commands: first.commands + second.commands, events: first.events + second.events)
        }
    }

    private enum State: Sendable, Hashable {
        case idle
        case warmingUp(since: ContinuousClock.Instant)
        case requesting(Request)
        case waitingToRetry(RetryWait)
        case finished(TurnOutcome)
    }

    /// The request under way, how far it got, and what it said about its end.
    private struct Request: Sendable, Hashable {
        enum Stage: Sendable, Hashable {
            case connecting
            case awaitingHead
            case awaitingFirstToken
            /// Text is arriving; the idle limit is next checked at `idleCheckAt` (moved only when
            /// the check comes, not per token).
            case streaming(idleCheckAt: ContinuousClock.Instant)
        }

        let attempt: Attempt
        let startedAt: ContinuousClock.Instant
        var stage = Stage.connecting
        /// False once the transport ended it; until then, leaving it means cancelling it.
        var isOpen = true
        /// Whether this request delivered visible text.
        var deliveredText = false
        /// The server resent the whole reply in one piece; the body's end completes it.
        var deliveredWholeReply = false
        var finishReason: String?
        var sawDone = false
        var reportedTokens: Int?
        var reportedPromptTokens: Int?

        var phase: TurnPhase {
            switch stage {
            case .connecting: return .connecting(attempt)
            case .awaitingHead: return .waitingForHeaders(attempt)
            case .awaitingFirstToken: return .waitingForFirstToken(attempt)
            case .streaming: return .streaming
            }
        }

        func deadline(_ policy: TurnPolicy) -> ContinuousClock.Instant {
            switch stage {
            case .connecting: return startedAt + policy.connectTimeout
            case .awaitingHead, .awaitingFirstToken: return startedAt + policy.firstTokenTimeout
            case .streaming(let idleCheckAt): return idleCheckAt
            }
        }
    }

    /// What one reply gathers across its requests: its figures, its text, and what it learnt
    /// about the endpoint.
    private struct Reply: Sendable, Hashable {
        var startedAt: ContinuousClock.Instant?
        var firstRequestAt: ContinuousClock.Instant?
        /// Attempts, warm-up, fallback and time to first token as they happen; the rest is filled
        /// in when the reply ends (`stats(endingAt:)`).
        var stats = TurnStats(attempts: 0, retries: 0, emptyStreams: 0)
        /// Why the requests of this reply go without streaming from now on, when they do.
        var streamingOff: String?
        var retriesUsed = 0
        var text = ReplyText()
        /// Set once a stream broke after text: the next text replaces what was shown.
        var replacesText = false
        /// Why streaming failed in this reply: for `EndpointHealth`, and, when the stream broke
        /// after text, the outcome if nothing replaces the partial text.
        var streamFailure: ChatError?

        /// Whether the user has seen text of this reply (it may have been replaced since).
        var sawText: Bool { stats.ttftMs != nil }
    }

    /// The reply's text since it was last replaced: its leading blank lines held back, how many
    /// pieces (tokens) were shown, when the first and the last came, and (up to
    /// `shortReplyLength + 1`) how many characters.
    private struct ReplyText: Sendable, Hashable {
        var leading = LeadingBlankLines()
        var pieces = 0
        var firstAt: ContinuousClock.Instant?
        var lastAt: ContinuousClock.Instant?
        var scalars = 0
    }

    /// The longest reply that an empty stream may precede without counting against streaming:
    /// ChatGLM3 sends nothing at all while its output (a line break, then the reply) is 7
    /// characters or fewer (DESIGN.md §2).
    public static let shortReplyLength = 7

    /// Why a reply the server resent whole came without streaming.
    public static let resentWhole = "the stream broke off: the server resent the reply whole"

    public let request: ChatRequest
    public let policy: TurnPolicy
    /// Whether leading blank lines of the reply are dropped (not for a continued reply).
    private let trimsLeadingBlankLines: Bool
    private var random: SplitMix64
    private var state = State.idle
    private var reply = Reply()

    /// - Parameter trimsLeadingBlankLines: false for a reply that continues an earlier one, whose
    ///   first line break may start a paragraph.
    public init(
        request: ChatRequest, policy: TurnPolicy = TurnPolicy(), trimsLeadingBlankLines: Bool = true,
        seed: UInt64 = .random(in: 0...(.max))
    ) {
        self.request = request
        self.policy = policy
        self.trimsLeadingBlankLines = trimsLeadingBlankLines
        self.random = SplitMix64(seed: seed)
    }

    public var phase: TurnPhase {
        switch state {
        case .idle: return .idle
        case .warmingUp: return .warmingUp
        case .requesting(let current): return current.phase
        case .waitingToRetry(let wait): return .waitingToRetry(wait)
        case .finished(let outcome): return .finished(outcome)
        }
    }

    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// The reply's figures so far: attempts, warm-up, fallback and time to first token as they
    /// happen, and all of them once it finished.
    public var stats: TurnStats { reply.stats }

    /// The figures the reply ends with if it ends at `now` (its final figures once it finished):
    /// what a reply stopped from outside keeps.
    public func stats(endingAt now: ContinuousClock.Instant) -> TurnStats {
        var stats = reply.stats
        if isFinished { return stats }
        if case .requesting(let current) = state {
            stats.finishReason = current.finishReason
            // A reply that came in one piece says nothing about its tokens unless the server counted.
            let counted = current.attempt.streams && !current.deliveredWholeReply
            stats.completionTokens = current.reportedTokens ?? (counted ? reply.text.pieces : nil)
            stats.promptTokens = current.reportedPromptTokens
        } else {
            stats.completionTokens = reply.text.pieces
        }
        if let startedAt = reply.startedAt { stats.durationMs = Self.milliseconds(now - startedAt) }
        if let first = reply.text.firstAt, let last = reply.text.lastAt {
            stats.tokensPerSecond = Self.rate(tokens: stats.completionTokens ?? reply.text.pieces, over: last - first)
        }
        return stats
    }

    /// When the reply started; nil before.
    public var startedAt: ContinuousClock.Instant? { reply.startedAt }

    /// The pieces (tokens) of text shown so far, since the text was last replaced.
    public var tokensShown: Int { reply.text.pieces }

    /// Tokens per second from the first token shown to `now`, for a live figure.
    public func tokensPerSecond(at now: ContinuousClock.Instant) -> Double? {
        guard let first = reply.text.firstAt else { return nil }
        return Self.rate(tokens: reply.text.pieces, over: now - first)
    }

    /// When the driver should report `.deadlinePassed`: the limit of the current phase, or the
    /// whole reply's, whichever comes first. It changes only on transitions (not per token), so
    /// the driver re-arms its timer rarely.
    public var deadline: ContinuousClock.Instant? {
        let phaseDeadline: ContinuousClock.Instant
        switch state {
        case .warmingUp(let since): phaseDeadline = since + policy.warmupTimeout
        case .requesting(let current): phaseDeadline = current.deadline(policy)
        case .waitingToRetry(let wait): phaseDeadline = wait.until
        case .idle, .finished: return nil
        }
        guard let startedAt = reply.startedAt, let limit = policy.turnTimeout else { return phaseDeadline }
        return min(phaseDeadline, startedAt + limit)
    }

    /// The one-token request a warm-up sends.
    public var warmUpRequest: ChatRequest {
        WarmUp.request(model: request.model)
    }

    /// Whether the next request asks for a stream.
    private var streams: Bool { request.stream && reply.streamingOff == nil }

    /// Applies one input and returns what follows from it.
    public mutating func handle(_ input: Input, at now: ContinuousClock.Instant) -> Reaction {
        switch (state, input) {
        case (.finished, _):
            return Reaction()
        case (.idle, .start(let warmUp, let streamingOff)):
            reply.startedAt = now
            if streams, let streamingOff { stopStreaming(because: streamingOff) }
            guard warmUp else { return beginRequest(at: now) }
            reply.stats.warmup = true
            return enter(.warmingUp(since: now), commands: [.warmUp(warmUpRequest)])
        case (_, .cancel):
            return finish(.cancelled, at: now)
        case (.idle, _):
            return Reaction()
        case (_, .deadlinePassed):
            return deadlinePassed(at: now)
        case (.warmingUp, .warmUpFinished(let report)):
            var reaction = Reaction(events: [.warmedUp(report)])
            if case .ready = report { reaction.commands.append(.endpointAnswered) }
            return reaction + beginRequest(at: now)
        case (.requesting(var current), .event(let event, let attempt, let pieces))
        where attempt == current.attempt.number:
            let reaction = handle(event, pieces: pieces, of: &current, at: now)
            if case .requesting = state { state = .requesting(current) }
            return reaction
        case (.requesting(var current), .end(let attempt)) where attempt == current.attempt.number:
            current.isOpen = false
            state = .requesting(current)
            return requestEnded(current, at: now)
        case (.requesting(var current), .fail(let error, let attempt)) where attempt == current.attempt.number:
            current.isOpen = false
            state = .requesting(current)
            return requestFailed(current, error, at: now)
        default:
            // A late report from an abandoned warm-up or an earlier request.
            return Reaction()
        }
    }

    private mutating func handle(
        _ event: StreamEvent, pieces: Int, of current: inout Request, at now: ContinuousClock.Instant
    ) -> Reaction {
        switch event {
        case .requestSent:
            guard current.stage == .connecting else { return Reaction() }
            current.stage = .awaitingHead
            return Reaction(events: [.phase(current.phase)])
        case .responseHead:
            guard current.stage == .connecting || current.stage == .awaitingHead else { return Reaction() }
            current.stage = .awaitingFirstToken
            return Reaction(events: [.phase(current.phase)])
        case .keepAlive:
            if case .streaming = current.stage { return Reaction() }
            return Reaction(events: [.serverAlive])
        case .content(let text):
            var reaction = replaceIfDue()
            let visible = trimsLeadingBlankLines ? reply.text.leading.feed(text) : text
            guard !visible.isEmpty else { return reaction }
            if reply.text.scalars <= Self.shortReplyLength {
                reply.text.scalars += visible.unicodeScalars.prefix(Self.shortReplyLength + 1).count
            }
            token(pieces, of: &current, at: now, into: &reaction)
            reaction.events.append(.content(visible, pieces: pieces))
            return reaction
        case .reasoning(let text):
            guard !text.isEmpty else { return Reaction() }
            var reaction = replaceIfDue()
            token(pieces, of: &current, at: now, into: &reaction)
            reaction.events.append(.reasoning(text, pieces: pieces))
            return reaction
        case .wholeReply(let text):
            // Only the text this request delivered is replaced (the transport checked that the
            // whole reply starts with it), so this is one more piece when nothing was shown yet.
            current.deliveredWholeReply = true
            if current.deliveredText {
                reply.replacesText = true
                reply.stats.fallback = true
                reply.stats.fallbackReason = Self.resentWhole
            }
            return handle(.content(text), pieces: 1, of: &current, at: now)
        case .finish(let reason):
            current.finishReason = reason
            return Reaction()
        case .usage(let usage):
            if let tokens = usage.completionTokens { current.reportedTokens = tokens }
            if let tokens = usage.promptTokens { current.reportedPromptTokens = tokens }
            return Reaction()
        case .done:
            current.sawDone = true
            return Reaction()
        }
    }

    /// Starts the replacement of the text shown so far, when a broken stream asked for one.
    private mutating func replaceIfDue() -> Reaction {
        guard reply.replacesText else { return Reaction() }
        reply.replacesText = false
        reply.text = ReplyText()
        return Reaction(events: [.resetText])
    }

    private mutating func token(
        _ pieces: Int, of current: inout Request, at now: ContinuousClock.Instant, into reaction: inout Reaction
    ) {
        reply.text.pieces += pieces
        reply.text.lastAt = now
        if reply.text.firstAt == nil { reply.text.firstAt = now }
        if !reply.sawText {
            reply.stats.ttftMs = Self.milliseconds(now - (reply.firstRequestAt ?? current.startedAt))
        }
        let first = !current.deliveredText
        current.deliveredText = true
        // A non-streaming answer arrives whole: there is no streaming phase to show.
        guard first, current.attempt.streams else { return }
        current.stage = .streaming(idleCheckAt: now + policy.idleTimeout)
        reaction.events.append(.phase(.streaming))
    }

    private mutating func requestEnded(_ current: Request, at now: ContinuousClock.Instant) -> Reaction {
        if current.deliveredWholeReply { return finish(.complete, at: now) }
        if current.deliveredText {
            // A whole non-streaming body is a finished reply even without a finish reason.
            if current.finishReason != nil || !current.attempt.streams { return finish(.complete, at: now) }
            return brokenAfterText(.endedEarly(sawDone: current.sawDone), at: now)
        }
        if reply.sawText { return replacementFailed(.emptyReply, at: now) }
        if current.finishReason != nil { return finish(.complete, at: now) }  // a legitimately empty answer
        if !current.attempt.streams { return finish(.failed(.emptyReply), at: now) }
        return failedBeforeText(.emptyStream, at: now)
    }

    private mutating func requestFailed(_ current: Request, _ error: ChatError, at now: ContinuousClock.Instant)
        -> Reaction
    {
        guard current.deliveredText else {
            return reply.sawText ? replacementFailed(error, at: now) : failedBeforeText(error, at: now)
        }
        // An event that is not a JSON chunk is what the server sent, not a lost connection.
        if case .malformed = error, current.attempt.streams { return brokenAfterText(error, at: now) }
        return finish(.interrupted(error), at: now)
    }

    private mutating func deadlinePassed(at now: ContinuousClock.Instant) -> Reaction {
        if let startedAt = reply.startedAt, let limit = policy.turnTimeout, now >= startedAt + limit {
            let error = ChatError.timeout(.turn, limit: limit)
            return finish(reply.sawText ? .interrupted(error) : .failed(error), at: now)
        }
        switch state {
        case .warmingUp(let since) where now >= since + policy.warmupTimeout:
            let report = WarmUpReport.failed(.timeout(.warmUp, limit: policy.warmupTimeout))
            return Reaction(commands: [.cancelWarmUp], events: [.warmedUp(report)]) + beginRequest(at: now)
        case .requesting(var current):
            switch current.stage {
            case .connecting where now >= current.startedAt + policy.connectTimeout:
                return closeRequest()
                    + requestFailed(current, .timeout(.connect, limit: policy.connectTimeout), at: now)
            case .awaitingHead, .awaitingFirstToken:
                guard now >= current.startedAt + policy.firstTokenTimeout else { return Reaction() }
                let kind: ChatError.TimeoutKind = current.attempt.streams ? .firstToken : .wholeReply
                let error = ChatError.timeout(kind, limit: policy.firstTokenTimeout)
                return closeRequest() + requestFailed(current, error, at: now)
            case .streaming:
                let quietSince = reply.text.lastAt ?? current.startedAt
                guard now >= quietSince + policy.idleTimeout else {
                    current.stage = .streaming(idleCheckAt: quietSince + policy.idleTimeout)
                    state = .requesting(current)
                    return Reaction()
                }
                return finish(.interrupted(.timeout(.idle, limit: policy.idleTimeout)), at: now)
            case .connecting:
                return Reaction()
            }
        case .waitingToRetry(let wait) where now >= wait.until:
            return beginRequest(at: now)
        default:
            return Reaction()
        }
    }

    /// A request failed before any text: retry it, ask again without streaming, or give up.
    private mutating func failedBeforeText(_ error: ChatError, at now: ContinuousClock.Instant) -> Reaction {
        if error == .emptyStream { reply.stats.emptyStreams = (reply.stats.emptyStreams ?? 0) + 1 }
        switch RetryPolicy.verdict(for: error) {
        case .giveUp:
            return finish(.failed(error), at: now)
        case .fallBack:
            guard streams, policy.fallback == .auto else { return finish(.failed(error), at: now) }
            reply.streamFailure = error
            let closing = closeRequest()
            stopStreaming(because: error.description)
            return closing + beginRequest(at: now)
        case .retry:
            guard reply.retriesUsed < policy.retry.maxRetries else { return finish(.failed(error), at: now) }
            return closeRequest() + waitToRetry(after: error, at: now)
        }
    }

    /// A stream broke after text because of what the server sent: ask for the whole reply
    /// without streaming, to replace the partial text.
    private mutating func brokenAfterText(_ error: ChatError, at now: ContinuousClock.Instant) -> Reaction {
        guard policy.fallback == .auto else { return finish(.interrupted(error), at: now) }
        reply.streamFailure = error
        reply.replacesText = true
        let closing = closeRequest()
        stopStreaming(because: error.description)
        return closing + beginRequest(at: now)
    }

    /// The request meant to replace a broken stream's partial text failed: retry it when that
    /// may help, else keep the partial text, interrupted by the broken stream.
    private mutating func replacementFailed(_ error: ChatError, at now: ContinuousClock.Instant) -> Reaction {
        let broken = reply.streamFailure ?? error
        guard RetryPolicy.verdict(for: error) == .retry, reply.retriesUsed < policy.retry.maxRetries else {
            return finish(.interrupted(broken), at: now)
        }
        return closeRequest() + waitToRetry(after: error, at: now)
    }

    private mutating func stopStreaming(because reason: String) {
        reply.streamingOff = reason
        reply.stats.fallback = true
        reply.stats.fallbackReason = reason
    }

    private mutating func waitToRetry(after error: ChatError, at now: ContinuousClock.Instant) -> Reaction {
        reply.retriesUsed += 1
        reply.stats.retries = reply.retriesUsed
        var retryAfter: Duration?
        if case .http(_, _, let wait) = error { retryAfter = wait }
        let delay = policy.retry.delay(
            beforeRetry: reply.retriesUsed, retryAfter: retryAfter, random: random.nextUnit())
        let wait = RetryWait(
            retry: reply.retriesUsed, limit: policy.retry.maxRetries, reason: error.description, until: now + delay)
        return enter(.waitingToRetry(wait))
    }

    private mutating func beginRequest(at now: ContinuousClock.Instant) -> Reaction {
        reply.stats.attempts += 1
        let attempt = Attempt(number: reply.stats.attempts, streams: streams, fallbackReason: reply.streamingOff)
        if reply.firstRequestAt == nil { reply.firstRequestAt = now }
        var outgoing = request
        outgoing.stream = attempt.streams
        return enter(
            .requesting(Request(attempt: attempt, startedAt: now)), commands: [.send(outgoing, attempt: attempt.number)]
        )
    }

    /// Aborts the request under way, if the transport has not ended it already.
    private mutating func closeRequest() -> Reaction {
        switch state {
        case .requesting(var current) where current.isOpen:
            current.isOpen = false
            state = .requesting(current)
            return Reaction(commands: [.cancelRequest])
        case .warmingUp:
            return Reaction(commands: [.cancelWarmUp])
        default:
            return Reaction()
        }
    }

    private mutating func enter(_ next: State, commands: [TurnCommand] = []) -> Reaction {
        state = next
        return Reaction(commands: commands, events: [.phase(phase)])
    }

    private mutating func finish(_ outcome: TurnOutcome, at now: ContinuousClock.Instant) -> Reaction {
        var reaction = closeRequest()
        reply.stats = stats(endingAt: now)
        reply.stats.errorCategory = outcome.error?.category.rawValue
        if let report = streamingReport(outcome) { reaction.commands.append(.report(report)) }
        // Anything but a failure to reach it shows the endpoint is awake; a reply cancelled
        // before it began asked it nothing.
        let category = outcome.error?.category
        if reply.startedAt != nil && category != .connection && category != .timeout {
            reaction.commands.append(.endpointAnswered)
        }
        state = .finished(outcome)
        reaction.events.append(.finished(outcome, reply.stats))
        return reaction
    }

    /// What this reply says about the endpoint's streaming. An empty stream before a short
    /// reply says nothing (ChatGLM3's way with short answers), and neither does a reply that did
    /// not get as far as the server's answer.
    private func streamingReport(_ outcome: TurnOutcome) -> StreamingReport? {
        if let failure = reply.streamFailure {
            if failure == .emptyStream, outcome == .complete, reply.text.scalars <= Self.shortReplyLength {
                return nil
            }
            return .failed(failure.description)
        }
        guard case .requesting(let current) = state, current.attempt.streams, current.deliveredText,
            outcome == .complete
        else { return nil }
        return .worked
    }

    /// Below this span a rate says nothing: a buffered or non-streamed reply arrives at once.
    static let shortestRateSpan = 0.05

    /// Tokens per second from the first token to the last, or nil when they came too close
    /// together to measure a rate.
    public static func rate(tokens: Int, over span: Duration) -> Double? {
        let seconds = Self.seconds(span)
        guard tokens > 1, seconds >= shortestRateSpan else { return nil }
        return Double(tokens - 1) / seconds
    }

    public static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }

    public static func milliseconds(_ duration: Duration) -> Int {
        Int((seconds(duration) * 1000).rounded())
    }
}
