/// The rules of one reply, with every transition in one place and no I/O, so each can be tested
/// alone: warm-up, the requests and their phases, the time limit of each phase, retries with
/// backoff, and the non-streaming fallback. `TurnRunner` feeds it what the transport and the
/// timers report and carries out the commands it returns.
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

    /// What follows from an input: things to show, and commands for the driver.
    public enum Output: Sendable, Hashable {
        case phase(TurnPhase)
        /// Text to show, and how many of the server's pieces (tokens) it joins.
        case content(String, pieces: Int = 1)
        case reasoning(String, pieces: Int = 1)
        /// The text and reasoning this reply has shown so far are void: what follows replaces
        /// them (a whole reply recovered after the stream broke).
        case resetText
        /// A keep-alive arrived while waiting: the server is working on it.
        case serverAlive
        case warmedUp(WarmUpReport)
        /// The run stopped asking this endpoint for streams, for the reason given.
        case streamingOff(String)
        /// The reply is over; nothing follows.
        case finished(TurnOutcome, TurnStats)
        /// Command: warm the endpoint up with this one-token request.
        case warmUp(ChatRequest)
        /// Command: send request number `attempt`.
        case send(ChatRequest, attempt: Int)
        /// Command: abort the request under way.
        case cancelRequest
        /// Command: abandon the warm-up.
        case cancelWarmUp
        /// Command: tell the run how streaming fared in this reply.
        case report(StreamingReport)

        /// Whether this is a command for the driver rather than something to show.
        public var isCommand: Bool {
            switch self {
            case .warmUp, .send, .cancelRequest, .cancelWarmUp, .report: return true
            case .phase, .content, .reasoning, .resetText, .serverAlive, .warmedUp, .streamingOff, .finished:
                return false
            }
        }
    }

    private enum State: Sendable, Hashable {
        case idle
        case warmingUp(since: ContinuousClock.Instant)
        case requesting(Request)
        case waitingToRetry(until: ContinuousClock.Instant)
        case finished
    }

    /// The request under way, how far it got, and what it said about its end.
    private struct Request: Sendable, Hashable {
        enum Stage: Sendable, Hashable { case connecting, awaitingHead, awaitingFirstToken, streaming }
        var attempt: Attempt
        var startedAt: ContinuousClock.Instant
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
    }

    /// The longest reply that an empty stream may precede without counting against streaming:
    /// ChatGLM3 sends nothing at all while its output (a line break, then the reply) is 7
    /// characters or fewer (DESIGN.md §2).
    public static let shortReplyLength = 7

    /// Why a reply the server resent whole came without streaming.
    public static let resentWhole = "the stream broke off: the server resent the reply whole"

    public let request: ChatRequest
    public let policy: TurnPolicy
    public private(set) var phase: TurnPhase = .idle
    public private(set) var stats = TurnStats(attempts: 0)

    private var state = State.idle
    private var startedAt: ContinuousClock.Instant?
    private var firstRequestAt: ContinuousClock.Instant?
    /// Whether the next request asks for a stream, and if not, why not.
    private var streams: Bool
    private var fallbackReason: String?
    private var retriesUsed = 0
    /// Whether leading blank lines of the reply are dropped (not for a continued reply).
    private let trimsLeadingBlankLines: Bool
    private var leading = LeadingBlankLines()
    private var random: SplitMix64
    /// Whether the user has seen text of this reply (it may have been replaced since).
    private var sawText = false
    /// The text since the last reset: pieces, when the first and last arrived, and (up to
    /// `shortReplyLength + 1`) how many characters.
    private var chunks = 0
    private var rateFrom: ContinuousClock.Instant?
    private var lastTokenAt: ContinuousClock.Instant?
    private var shownScalars = 0
    private var idleCheckAt: ContinuousClock.Instant?
    /// Set once a stream broke after text: the next text replaces what was shown.
    private var replacingText = false
    /// Why the stream broke after text, for the outcome if nothing replaces the partial text.
    private var brokenStream: ChatError?
    /// How streaming fared, for `EndpointHealth`.
    private var streamFailure: ChatError?
    private var streamDelivered = false

    /// - Parameter trimsLeadingBlankLines: false for a reply that continues an earlier one, whose
    ///   first line break may start a paragraph.
    public init(
        request: ChatRequest, policy: TurnPolicy = TurnPolicy(), trimsLeadingBlankLines: Bool = true,
        seed: UInt64 = .random(in: 0...(.max))
    ) {
        self.request = request
        self.policy = policy
        self.streams = request.stream
        self.trimsLeadingBlankLines = trimsLeadingBlankLines
        self.random = SplitMix64(seed: seed)
    }

    /// When the driver should report `.deadlinePassed`: the limit of the current phase, or the
    /// whole reply's, whichever comes first. It changes only on transitions (not per token), so
    /// the driver re-arms its timer rarely.
    public var deadline: ContinuousClock.Instant? {
        var phaseDeadline: ContinuousClock.Instant?
        switch state {
        case .warmingUp(let since):
            phaseDeadline = since + policy.warmupTimeout
        case .requesting(let request):
            switch request.stage {
            case .connecting: phaseDeadline = request.startedAt + policy.connectTimeout
            case .awaitingHead, .awaitingFirstToken: phaseDeadline = request.startedAt + policy.firstTokenTimeout
            case .streaming: phaseDeadline = idleCheckAt
            }
        case .waitingToRetry(let until):
            phaseDeadline = until
        case .idle, .finished:
            return nil
        }
        guard let startedAt, let limit = policy.turnTimeout else { return phaseDeadline }
        return min(phaseDeadline ?? startedAt + limit, startedAt + limit)
    }

    /// The one-token request a warm-up sends.
    public var warmUpRequest: ChatRequest {
        ChatRequest(
            model: request.model, messages: [ChatRequest.Message(role: .user, content: "Hi")], stream: false,
            maxTokens: 1)
    }

    /// Applies one input and returns what follows from it, in order.
    public mutating func handle(_ input: Input, at now: ContinuousClock.Instant) -> [Output] {
        switch (state, input) {
        case (.finished, _):
            return []
        case (.idle, .start(let warmUp, let streamingOff)):
            startedAt = now
            if streams, let streamingOff {
                streams = false
                fallbackReason = streamingOff
                stats.fallback = true
                stats.fallbackReason = streamingOff
            }
            guard warmUp else { return beginRequest(at: now) }
            stats.warmup = true
            state = .warmingUp(since: now)
            return enter(.warmingUp) + [.warmUp(warmUpRequest)]
        case (.idle, .cancel):
            return finish(.cancelled, at: now)
        case (.idle, _):
            return []
        case (_, .cancel):
            return finish(.cancelled, at: now)
        case (_, .deadlinePassed):
            return deadlinePassed(at: now)
        case (.warmingUp, .warmUpFinished(let report)):
            return [.warmedUp(report)] + beginRequest(at: now)
        case (.requesting(var current), .event(let event, let attempt, let pieces))
        where attempt == current.attempt.number:
            let outputs = handle(event, pieces: pieces, of: &current, at: now)
            if case .requesting = state { state = .requesting(current) }
            return outputs
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
            return []
        }
    }

    private mutating func handle(
        _ event: StreamEvent, pieces: Int, of current: inout Request, at now: ContinuousClock.Instant
    ) -> [Output] {
        switch event {
        case .requestSent:
            guard current.stage == .connecting else { return [] }
            current.stage = .awaitingHead
            return enter(.waitingForHeaders(current.attempt))
        case .responseHead:
            guard current.stage == .connecting || current.stage == .awaitingHead else { return [] }
            current.stage = .awaitingFirstToken
            return enter(.waitingForFirstToken(current.attempt))
        case .keepAlive:
            return current.stage == .streaming ? [] : [.serverAlive]
        case .content(let text):
            var outputs = replaceIfDue()
            let visible = trimsLeadingBlankLines ? leading.feed(text) : text
            guard !visible.isEmpty else { return outputs }
            if shownScalars <= Self.shortReplyLength {
                shownScalars += visible.unicodeScalars.prefix(Self.shortReplyLength + 1).count
            }
            outputs += token(pieces, of: &current, at: now)
            return outputs + [.content(visible, pieces: pieces)]
        case .reasoning(let text):
            guard !text.isEmpty else { return [] }
            return replaceIfDue() + token(pieces, of: &current, at: now) + [.reasoning(text, pieces: pieces)]
        case .wholeReply(let text):
            // Only the text this request delivered is replaced (the transport checked that the
            // whole reply starts with it), so this is one more piece when nothing was shown yet.
            current.deliveredWholeReply = true
            if current.deliveredText {
                replacingText = true
                stats.fallback = true
                stats.fallbackReason = Self.resentWhole
            }
            return handle(.content(text), pieces: 1, of: &current, at: now)
        case .finish(let reason):
            current.finishReason = reason
            return []
        case .usage(let usage):
            if let tokens = usage.completionTokens { current.reportedTokens = tokens }
            return []
        case .done:
            current.sawDone = true
            return []
        }
    }

    /// Starts the replacement of the text shown so far, when a broken stream asked for one.
    private mutating func replaceIfDue() -> [Output] {
        guard replacingText else { return [] }
        replacingText = false
        leading = LeadingBlankLines()
        chunks = 0
        rateFrom = nil
        shownScalars = 0
        return [.resetText]
    }

    private mutating func token(_ pieces: Int, of current: inout Request, at now: ContinuousClock.Instant)
        -> [Output]
    {
        chunks += pieces
        lastTokenAt = now
        if rateFrom == nil { rateFrom = now }
        if !sawText {
            sawText = true
            stats.ttftMs = Self.milliseconds(now - (firstRequestAt ?? current.startedAt))
        }
        let first = !current.deliveredText
        current.deliveredText = true
        // A non-streaming answer arrives whole: there is no streaming phase to show.
        guard first, current.attempt.streams else { return [] }
        current.stage = .streaming
        idleCheckAt = now + policy.idleTimeout
        return enter(.streaming)
    }

    private mutating func requestEnded(_ current: Request, at now: ContinuousClock.Instant) -> [Output] {
        if current.deliveredWholeReply { return finish(.complete, at: now) }
        if current.deliveredText {
            // A whole non-streaming body is a finished reply even without a finish reason.
            if current.finishReason != nil || !current.attempt.streams { return finish(.complete, at: now) }
            return brokenAfterText(.endedEarly(sawDone: current.sawDone), at: now)
        }
        if sawText { return replacementFailed(.emptyReply, at: now) }
        if current.finishReason != nil { return finish(.complete, at: now) }  // a legitimately empty answer
        if !current.attempt.streams { return finish(.failed(.emptyReply), at: now) }
        return failedBeforeText(.emptyStream, at: now)
    }

    private mutating func requestFailed(_ current: Request, _ error: ChatError, at now: ContinuousClock.Instant)
        -> [Output]
    {
        guard current.deliveredText else {
            return sawText ? replacementFailed(error, at: now) : failedBeforeText(error, at: now)
        }
        // An event that is not a JSON chunk is what the server sent, not a lost connection.
        if case .malformed = error, current.attempt.streams { return brokenAfterText(error, at: now) }
        return finish(.interrupted(error), at: now)
    }

    private mutating func deadlinePassed(at now: ContinuousClock.Instant) -> [Output] {
        if let startedAt, let limit = policy.turnTimeout, now >= startedAt + limit {
            let error = ChatError.timeout(.turn, limit: limit)
            return finish(sawText ? .interrupted(error) : .failed(error), at: now)
        }
        switch state {
        case .warmingUp(let since) where now >= since + policy.warmupTimeout:
            let report = WarmUpReport.failed(.timeout(.warmUp, limit: policy.warmupTimeout))
            return [.cancelWarmUp, .warmedUp(report)] + beginRequest(at: now)
        case .requesting(let current):
            switch current.stage {
            case .connecting where now >= current.startedAt + policy.connectTimeout:
                return closeRequest()
                    + requestFailed(current, .timeout(.connect, limit: policy.connectTimeout), at: now)
            case .awaitingHead, .awaitingFirstToken:
                guard now >= current.startedAt + policy.firstTokenTimeout else { return [] }
                let kind: ChatError.TimeoutKind = current.attempt.streams ? .firstToken : .wholeReply
                let error = ChatError.timeout(kind, limit: policy.firstTokenTimeout)
                return closeRequest() + requestFailed(current, error, at: now)
            case .streaming:
                let quietSince = lastTokenAt ?? current.startedAt
                guard now >= quietSince + policy.idleTimeout else {
                    idleCheckAt = quietSince + policy.idleTimeout
                    return []
                }
                return finish(.interrupted(.timeout(.idle, limit: policy.idleTimeout)), at: now)
            case .connecting:
                return []
            }
        case .waitingToRetry(let until) where now >= until:
            return beginRequest(at: now)
        default:
            return []
        }
    }

    /// A request failed before any text: retry it, ask again without streaming, or give up.
    private mutating func failedBeforeText(_ error: ChatError, at now: ContinuousClock.Instant) -> [Output] {
        switch RetryPolicy.verdict(for: error) {
        case .giveUp:
            return finish(.failed(error), at: now)
        case .fallBack:
            guard streams, policy.fallback == .auto else { return finish(.failed(error), at: now) }
            streamFailure = error
            return closeRequest() + stopStreaming(because: error) + beginRequest(at: now)
        case .retry:
            guard retriesUsed < policy.retry.maxRetries else { return finish(.failed(error), at: now) }
            return closeRequest() + waitToRetry(after: error, at: now)
        }
    }

    /// A stream broke after text because of what the server sent: ask for the whole reply
    /// without streaming, to replace the partial text.
    private mutating func brokenAfterText(_ error: ChatError, at now: ContinuousClock.Instant) -> [Output] {
        guard policy.fallback == .auto else { return finish(.interrupted(error), at: now) }
        streamFailure = error
        brokenStream = error
        replacingText = true
        return closeRequest() + stopStreaming(because: error) + beginRequest(at: now)
    }

    /// The request meant to replace a broken stream's partial text failed: retry it when that
    /// may help, else keep the partial text, interrupted by the broken stream.
    private mutating func replacementFailed(_ error: ChatError, at now: ContinuousClock.Instant) -> [Output] {
        let broken = brokenStream ?? error
        guard RetryPolicy.verdict(for: error) == .retry, retriesUsed < policy.retry.maxRetries else {
            return finish(.interrupted(broken), at: now)
        }
        return closeRequest() + waitToRetry(after: error, at: now)
    }

    private mutating func stopStreaming(because error: ChatError) -> [Output] {
        streams = false
        fallbackReason = error.description
        stats.fallback = true
        stats.fallbackReason = error.description
        return []
    }

    private mutating func waitToRetry(after error: ChatError, at now: ContinuousClock.Instant) -> [Output] {
        retriesUsed += 1
        var retryAfter: Duration?
        if case .http(_, _, let wait) = error { retryAfter = wait }
        let delay = policy.retry.delay(beforeRetry: retriesUsed, retryAfter: retryAfter, random: random.nextUnit())
        let until = now + delay
        state = .waitingToRetry(until: until)
        let wait = RetryWait(
            retry: retriesUsed, limit: policy.retry.maxRetries, reason: error.description, until: until)
        return enter(.waitingToRetry(wait))
    }

    private mutating func beginRequest(at now: ContinuousClock.Instant) -> [Output] {
        let attempt = Attempt(number: stats.attempts + 1, streams: streams, fallbackReason: fallbackReason)
        stats.attempts = attempt.number
        if firstRequestAt == nil { firstRequestAt = now }
        state = .requesting(Request(attempt: attempt, startedAt: now))
        var outgoing = request
        outgoing.stream = streams
        return enter(.connecting(attempt)) + [.send(outgoing, attempt: attempt.number)]
    }

    /// Aborts the request under way, if the transport has not ended it already.
    private mutating func closeRequest() -> [Output] {
        switch state {
        case .requesting(var current) where current.isOpen:
            current.isOpen = false
            state = .requesting(current)
            return [.cancelRequest]
        case .warmingUp:
            return [.cancelWarmUp]
        default:
            return []
        }
    }

    private mutating func enter(_ next: TurnPhase) -> [Output] {
        phase = next
        return [.phase(next)]
    }

    private mutating func finish(_ outcome: TurnOutcome, at now: ContinuousClock.Instant) -> [Output] {
        let commands = closeRequest()
        if case .requesting(let current) = state {
            if current.attempt.streams && current.deliveredText && outcome == .complete { streamDelivered = true }
            stats.finishReason = current.finishReason
            // A reply that came in one piece says nothing about its tokens unless the server counted.
            let counted = current.attempt.streams && !current.deliveredWholeReply
            stats.completionTokens = current.reportedTokens ?? (counted ? chunks : nil)
        } else {
            stats.completionTokens = chunks
        }
        if let startedAt { stats.durationMs = Self.milliseconds(now - startedAt) }
        if let first = rateFrom, let last = lastTokenAt {
            stats.tokensPerSecond = Self.rate(tokens: stats.completionTokens ?? chunks, over: last - first)
        }
        let report = streamingReport(outcome).map { [Output.report($0)] } ?? []
        state = .finished
        return commands + enter(.finished(outcome)) + report + [.finished(outcome, stats)]
    }

    /// What this reply says about the endpoint's streaming. An empty stream before a short
    /// reply says nothing (ChatGLM3's way with short answers), and neither does a reply that did
    /// not get as far as the server's answer.
    private func streamingReport(_ outcome: TurnOutcome) -> StreamingReport? {
        if let failure = streamFailure {
            if failure == .emptyStream, outcome == .complete, shownScalars <= Self.shortReplyLength { return nil }
            return .failed(failure.description)
        }
        return streamDelivered ? .worked : nil
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
