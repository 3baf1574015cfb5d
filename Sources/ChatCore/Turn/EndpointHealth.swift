import Synchronization

/// What a run has learnt about its endpoint, shared by every reply: when it last answered (for
/// the warm-up) and whether its streaming works (for turning streaming off a while).
///
/// The non-streaming fallback is decided per reply (`TurnStateMachine`); only when streaming
/// failed on `failedRepliesBeforeStreamingOff` replies in a row does the run stop asking for
/// streams, for the next `repliesWithoutStreaming` replies, and then try streaming again. One
/// failure after that switches it off again at once; one reply that streams resets the count.
///
/// Why these numbers: ChatGLM3 answers every reply of 6 characters or fewer with an empty stream
/// (those are not counted, see `StreamingReport`) and a reply that mentions `get_` with a broken
/// one, so one or two failures say little about the endpoint; three replies in a row that each
/// cost a wasted request say its streaming path is broken. Ten replies later the server may have
/// been restarted or a proxy fixed, and one more try costs one request.
public final class EndpointHealth: Sendable {
    /// Replies in a row whose stream failed before streaming is switched off.
    public static let failedRepliesBeforeStreamingOff = 3
    /// Replies sent without streaming once it is off, before streaming is tried again.
    public static let repliesWithoutStreaming = 10

    private struct State {
        var lastAnswerAt: ContinuousClock.Instant?
        var failedRepliesInARow = 0
        var lastFailure = ""
        var repliesLeftWithoutStreaming = 0
        /// The warm-up under way and when it started.
        var warmUp: (task: Task<WarmUpReport, Never>, startedAt: ContinuousClock.Instant)?
    }

    private let state = Mutex(State())

    public init() {}

    /// Why replies go without streaming now, or nil while they stream.
    public var streamingOffReason: String? {
        state.withLock { state in
            state.repliesLeftWithoutStreaming > 0 ? Self.offReason(state) : nil
        }
    }

    /// A reply starts: why it must not stream, if streaming is off (the reply counts towards the
    /// ones sent without streaming), else nil.
    public func beginReply() -> String? {
        state.withLock { state in
            guard state.repliesLeftWithoutStreaming > 0 else { return nil }
            let reason = Self.offReason(state)
            state.repliesLeftWithoutStreaming -= 1
            return reason
        }
    }

    /// How streaming fared in a reply. Returns what to tell the user when this switched
    /// streaming off, else nil.
    @discardableResult
    public func record(_ report: StreamingReport) -> String? {
        state.withLock { state in
            switch report {
            case .worked:
                state.failedRepliesInARow = 0
                return nil
            case .failed(let reason):
                state.failedRepliesInARow += 1
                state.lastFailure = reason
                guard state.failedRepliesInARow >= Self.failedRepliesBeforeStreamingOff else { return nil }
                state.repliesLeftWithoutStreaming = Self.repliesWithoutStreaming
                return "streaming off for the next \(Self.repliesWithoutStreaming) replies: "
                    + "\(state.failedRepliesInARow) streams in a row failed (\(reason))"
            }
        }
    }

    private static func offReason(_ state: State) -> String {
        offReasonPrefix + " \(state.failedRepliesInARow) streams in a row failed (\(state.lastFailure))"
    }

    /// How the reason of a reply sent without streaming from its start begins, as saved in its
    /// `TurnStats.fallbackReason`: such a reply sent no extra request.
    public static let offReasonPrefix = "streaming off:"

    /// Whether a reply starting now should warm the endpoint up first: with `.auto`, when it has
    /// not answered yet, has been idle longer than `warmupAfterIdle`, or is being warmed up.
    public func needsWarmUp(_ policy: TurnPolicy, now: ContinuousClock.Instant) -> Bool {
        switch policy.warmup {
        case .never: return false
        case .always: return true
        case .auto:
            return state.withLock { state in
                if Self.liveWarmUp(state, policy, now) != nil { return true }
                guard let last = state.lastAnswerAt else { return true }
                return now - last > policy.warmupAfterIdle
            }
        }
    }

    /// The warm-up under way, or a new one sending `request` through `transport`; `started`
    /// says which. A warm-up older than `policy.warmupTimeout` is given up (cancelled) and a new
    /// one started, so a server that swallowed one does not make every later reply wait for it.
    /// Once it answers, the endpoint counts as answered.
    public func warmUp(
        _ request: ChatRequest, through transport: any ChatTransport, policy: TurnPolicy,
        now: ContinuousClock.Instant
    ) -> (report: Task<WarmUpReport, Never>, started: Bool) {
        state.withLock { state in
            if let running = Self.liveWarmUp(state, policy, now) { return (running, false) }
            state.warmUp?.task.cancel()
            let task = Task { [self] in
                let report = await WarmUp.run(request, through: transport)
                let finishedAt = ContinuousClock.now
                self.state.withLock { state in
                    if state.warmUp?.startedAt == now { state.warmUp = nil }
                    if case .ready = report { state.lastAnswerAt = finishedAt }
                }
                return report
            }
            state.warmUp = (task, now)
            return (task, true)
        }
    }

    private static func liveWarmUp(_ state: State, _ policy: TurnPolicy, _ now: ContinuousClock.Instant)
        -> Task<WarmUpReport, Never>?
    {
        guard let warmUp = state.warmUp, now - warmUp.startedAt < policy.warmupTimeout else { return nil }
        return warmUp.task
    }

    /// The endpoint answered (anything, even an error: it is awake).
    public func answered(at now: ContinuousClock.Instant) {
        state.withLock { $0.lastAnswerAt = now }
    }
}

/// How streaming fared in one reply, for `EndpointHealth`. Replies that say nothing about it
/// (streaming was not asked for, or the request failed before the server answered) report none.
public enum StreamingReport: Sendable, Hashable {
    /// A stream delivered the reply.
    case worked
    /// A stream came back empty or broke because of what the server sent.
    case failed(String)
}
