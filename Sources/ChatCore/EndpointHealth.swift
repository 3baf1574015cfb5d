import Synchronization

/// What a run has learnt about its endpoint, shared by every reply: when it last answered (for
/// the warm-up) and whether its streaming is broken (for the non-streaming fallback).
public final class EndpointHealth: Sendable {
    private struct State {
        var lastAnswerAt: ContinuousClock.Instant?
        var fallbackReason: String?
    }

    private let state = Mutex(State())

    public init() {}

    /// Why this endpoint gets non-streaming requests for the rest of the run, if it does.
    public var fallbackReason: String? {
        state.withLock { $0.fallbackReason }
    }

    /// Whether a reply starting now should warm the endpoint up first.
    public func needsWarmUp(_ policy: TurnPolicy, now: ContinuousClock.Instant) -> Bool {
        switch policy.warmup {
        case .never: return false
        case .always: return true
        case .auto:
            return state.withLock { state in
                guard let last = state.lastAnswerAt else { return true }
                return now - last > policy.warmupAfterIdle
            }
        }
    }

    /// The endpoint answered (anything, even an error: it is awake).
    public func answered(at now: ContinuousClock.Instant) {
        state.withLock { $0.lastAnswerAt = now }
    }

    public func rememberFallback(_ reason: String) {
        state.withLock { $0.fallbackReason = reason }
    }
}
