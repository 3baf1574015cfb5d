/// The rules of one reply, with every transition in one place and no I/O, so each can be tested
/// alone. `TurnRunner` feeds it what the transport reports and forwards what it returns.
public struct TurnStateMachine: Sendable {
    /// Something that happened to the request.
    public enum Input: Sendable, Hashable {
        case start
        case event(StreamEvent)
        /// The body ended without an error.
        case end
        case fail(ChatError)
        case cancel
    }

    /// What the owner should do or show.
    public enum Output: Sendable, Hashable {
        case phase(TurnPhase)
        case content(String)
        case reasoning(String)
        /// The reply is over; nothing follows.
        case finished(TurnOutcome, TurnStats)
    }

    public private(set) var phase: TurnPhase = .idle
    public private(set) var stats = TurnStats()
    private var startedAt: ContinuousClock.Instant?
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastTokenAt: ContinuousClock.Instant?
    private var chunks = 0
    private var reportedTokens: Int?
    private var sawContent = false
    private var sawDone = false

    public init() {}

    /// Applies one input and returns what follows from it, in order.
    public mutating func handle(_ input: Input, at now: ContinuousClock.Instant) -> [Output] {
        if case .finished = phase { return [] }
        switch input {
        case .start:
            guard phase == .idle else { return [] }
            startedAt = now
            return enter(.connecting)
        case .event(let event):
            return handle(event, at: now)
        case .end:
            if !sawContent && stats.finishReason == nil {
                return finish(.failed(ChatError.emptyStream.description), at: now)
            }
            if sawContent && stats.finishReason == nil && !sawDone {
                return finish(.interrupted("the stream ended before the reply finished"), at: now)
            }
            return finish(.complete, at: now)
        case .fail(let error):
            return finish(sawContent ? .interrupted(error.description) : .failed(error.description), at: now)
        case .cancel:
            return finish(.cancelled, at: now)
        }
    }

    private mutating func handle(_ event: StreamEvent, at now: ContinuousClock.Instant) -> [Output] {
        switch event {
        case .responseHead:
            return phase == .connecting ? enter(.waitingForFirstToken) : []
        case .content(let text):
            guard !text.isEmpty else { return [] }
            sawContent = true
            return token(at: now) + [.content(text)]
        case .reasoning(let text):
            guard !text.isEmpty else { return [] }
            return token(at: now) + [.reasoning(text)]
        case .finish(let reason):
            stats.finishReason = reason
            return []
        case .usage(let usage):
            if let tokens = usage.completionTokens { reportedTokens = tokens }
            return []
        case .done:
            sawDone = true
            return []
        }
    }

    private mutating func token(at now: ContinuousClock.Instant) -> [Output] {
        chunks += 1
        lastTokenAt = now
        guard phase != .streaming else { return [] }
        firstTokenAt = now
        if let startedAt { stats.ttftMs = Self.milliseconds(now - startedAt) }
        return enter(.streaming)
    }

    private mutating func enter(_ next: TurnPhase) -> [Output] {
        phase = next
        return [.phase(next)]
    }

    private mutating func finish(_ outcome: TurnOutcome, at now: ContinuousClock.Instant) -> [Output] {
        if let startedAt { stats.durationMs = Self.milliseconds(now - startedAt) }
        let tokens = reportedTokens ?? chunks
        stats.completionTokens = tokens
        if let first = firstTokenAt, let last = lastTokenAt, tokens > 1 {
            stats.tokensPerSecond = Self.rate(tokens: tokens, over: last - first)
        }
        let finished = TurnPhase.finished(outcome)
        phase = finished
        return [.phase(finished), .finished(outcome, stats)]
    }

    /// Below this span a rate says nothing: a buffered or non-streamed reply arrives at once.
    static let shortestRateSpan = 0.05

    /// Tokens per second from the first token to the last, or nil when they came too close
    /// together to measure a rate.
    static func rate(tokens: Int, over span: Duration) -> Double? {
        let seconds = Self.seconds(span)
        guard tokens > 1, seconds >= shortestRateSpan else { return nil }
        return Double(tokens - 1) / seconds
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int((seconds(duration) * 1000).rounded())
    }
}
