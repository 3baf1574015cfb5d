/// The rules of one reply, with every transition in one place and no I/O, so each can be tested
/// alone: warm-up, the requests and their phases, the time limit of each phase, retries with
/// backoff, and the non-streaming fallback. `TurnRunner` feeds it what the transport and the
/// timers report and carries out the commands it returns.
///
/// ```
/// idle ─▶ warmingUp ─▶ connecting ─▶ waitingForHeaders ─▶ waitingForFirstToken ─▶ streaming ─▶ finished
///                          ▲                                                                 │
///                          └──────── waitingToRetry ◀── failure before any text ◀────────────┘
/// ```
///
/// Once any text has arrived a failure never leads to another request: that would show the
/// same words twice. The reply ends `interrupted` with what arrived.
public struct TurnStateMachine: Sendable {
    /// Something that happened.
    public enum Input: Sendable, Hashable {
        /// Begin the reply; `warmUp` and `fallbackReason` come from what the run knows about the
        /// endpoint (`EndpointHealth`).
        case start(warmUp: Bool, fallbackReason: String?)
        case warmUpFinished(WarmUpReport)
        /// An event of request number `attempt` (events of earlier requests are ignored).
        case event(StreamEvent, attempt: Int)
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
        case content(String)
        case reasoning(String)
        /// A keep-alive arrived while waiting: the server is working on it.
        case serverAlive
        case warmedUp(WarmUpReport)
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
        /// Command: remember for the rest of the run that this endpoint needs non-streaming requests.
        case rememberFallback(String)

        /// Whether this is a command for the driver rather than something to show.
        public var isCommand: Bool {
            switch self {
            case .warmUp, .send, .cancelRequest, .cancelWarmUp, .rememberFallback: return true
            case .phase, .content, .reasoning, .serverAlive, .warmedUp, .finished: return false
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

    /// The request under way and how far it got.
    private struct Request: Sendable, Hashable {
        enum Stage: Sendable, Hashable { case connecting, awaitingHead, awaitingFirstToken, streaming }
        var attempt: Attempt
        var startedAt: ContinuousClock.Instant
        var stage = Stage.connecting
        var headArrived = false
        /// False once the transport ended it; until then, leaving it means cancelling it.
        var isOpen = true
    }

    public let request: ChatRequest
    public let policy: TurnPolicy
    public private(set) var phase: TurnPhase = .idle
    public private(set) var stats = TurnStats(attempts: 0)

    private var state = State.idle
    private var startedAt: ContinuousClock.Instant?
    private var streams: Bool
    private var fallbackReason: String?
    private var retriesUsed = 0
    private var streamFailures = 0
    private var random: SplitMix64
    // The reply's text so far (only the last request can have any).
    private var sawText = false
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastTokenAt: ContinuousClock.Instant?
    private var idleCheckAt: ContinuousClock.Instant?
    private var chunks = 0
    // What the last request said about its end.
    private var finishReason: String?
    private var sawDone = false
    private var reportedTokens: Int?

    public init(request: ChatRequest, policy: TurnPolicy = TurnPolicy(), seed: UInt64 = .random(in: 0...(.max))) {
        self.request = request
        self.policy = policy
        self.streams = request.stream
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
        case (.idle, .start(let warmUp, let rememberedFallback)):
            startedAt = now
            if streams, let rememberedFallback {
                streams = false
                fallbackReason = rememberedFallback
                stats.fallback = true
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
        case (.requesting(var current), .event(let event, let attempt)) where attempt == current.attempt.number:
            let outputs = handle(event, of: &current, at: now)
            if case .requesting = state { state = .requesting(current) }
            return outputs
        case (.requesting(var current), .end(let attempt)) where attempt == current.attempt.number:
            current.isOpen = false
            state = .requesting(current)
            return requestEnded(current, at: now)
        case (.requesting(var current), .fail(let error, let attempt)) where attempt == current.attempt.number:
            current.isOpen = false
            state = .requesting(current)
            if sawText { return finish(.interrupted(error), at: now) }
            return failedBeforeText(error, headArrived: current.headArrived, at: now)
        default:
            // A late report from an abandoned warm-up or an earlier request.
            return []
        }
    }

    private mutating func handle(_ event: StreamEvent, of current: inout Request, at now: ContinuousClock.Instant)
        -> [Output]
    {
        switch event {
        case .requestSent:
            guard current.stage == .connecting else { return [] }
            current.stage = .awaitingHead
            return enter(.waitingForHeaders(current.attempt))
        case .responseHead:
            guard current.stage == .connecting || current.stage == .awaitingHead else { return [] }
            current.stage = .awaitingFirstToken
            current.headArrived = true
            return enter(.waitingForFirstToken(current.attempt))
        case .keepAlive:
            return current.stage == .streaming ? [] : [.serverAlive]
        case .content(let text):
            guard !text.isEmpty else { return [] }
            return token(of: &current, at: now) + [.content(text)]
        case .reasoning(let text):
            guard !text.isEmpty else { return [] }
            return token(of: &current, at: now) + [.reasoning(text)]
        case .finish(let reason):
            finishReason = reason
            return []
        case .usage(let usage):
            if let tokens = usage.completionTokens { reportedTokens = tokens }
            return []
        case .done:
            sawDone = true
            return []
        }
    }

    private mutating func token(of current: inout Request, at now: ContinuousClock.Instant) -> [Output] {
        chunks += 1
        lastTokenAt = now
        sawText = true
        guard current.stage != .streaming else { return [] }
        current.stage = .streaming
        current.headArrived = true
        firstTokenAt = now
        idleCheckAt = now + policy.idleTimeout
        stats.ttftMs = Self.milliseconds(now - current.startedAt)
        return enter(.streaming)
    }

    private mutating func requestEnded(_ current: Request, at now: ContinuousClock.Instant) -> [Output] {
        if sawText {
            // A whole non-streaming body is a finished reply even without a finish reason.
            if finishReason != nil || !current.attempt.streams { return finish(.complete, at: now) }
            return finish(.interrupted(.endedEarly(sawDone: sawDone)), at: now)
        }
        if finishReason != nil { return finish(.complete, at: now) }  // a legitimately empty answer
        if !current.attempt.streams { return finish(.failed(.emptyReply), at: now) }
        return failedBeforeText(.emptyStream, headArrived: true, at: now)
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
                    + failedBeforeText(.timeout(.connect, limit: policy.connectTimeout), headArrived: false, at: now)
            case .awaitingHead, .awaitingFirstToken:
                guard now >= current.startedAt + policy.firstTokenTimeout else { return [] }
                let error = ChatError.timeout(.firstToken, limit: policy.firstTokenTimeout)
                return closeRequest() + failedBeforeText(error, headArrived: current.headArrived, at: now)
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

    /// A request failed before any text: retry it, fall back to non-streaming, or give up.
    private mutating func failedBeforeText(_ error: ChatError, headArrived: Bool, at now: ContinuousClock.Instant)
        -> [Output]
    {
        let retry = policy.retry
        switch RetryPolicy.verdict(for: error, headArrived: headArrived) {
        case .giveUp:
            return finish(.failed(error), at: now)
        case .retryStreamOrFallBack where streams:
            streamFailures += 1
            if streamFailures <= retry.streamRetriesBeforeFallback && retriesUsed < retry.maxRetries {
                return waitToRetry(after: error, at: now)
            }
            streams = false
            fallbackReason = error.description
            stats.fallback = true
            return [.rememberFallback(error.description)] + beginRequest(at: now)
        case .retry, .retryStreamOrFallBack:
            guard retriesUsed < retry.maxRetries else { return finish(.failed(error), at: now) }
            return waitToRetry(after: error, at: now)
        }
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
        finishReason = nil
        sawDone = false
        reportedTokens = nil
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
        if let startedAt { stats.durationMs = Self.milliseconds(now - startedAt) }
        let tokens = reportedTokens ?? chunks
        stats.completionTokens = tokens
        stats.finishReason = finishReason
        if let first = firstTokenAt, let last = lastTokenAt {
            stats.tokensPerSecond = Self.rate(tokens: tokens, over: last - first)
        }
        state = .finished
        let finished = TurnPhase.finished(outcome)
        return commands + enter(finished) + [.finished(outcome, stats)]
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
