/// One line per phase, for logs, tests and `ask`'s plain output: "connecting #2",
/// "waiting for first token #4 without streaming", "retry 1/3: empty stream".
extension TurnPhase: CustomStringConvertible {
    public var description: String {
        switch self {
        case .idle: return "idle"
        case .warmingUp: return "warming up"
        case .connecting(let attempt): return "connecting" + attempt.suffix
        case .waitingForHeaders(let attempt): return "waiting for headers" + attempt.suffix
        case .waitingForFirstToken(let attempt): return "waiting for first token" + attempt.suffix
        case .streaming: return "streaming"
        case .waitingToRetry(let wait): return "retry \(wait.retry)/\(wait.limit): \(wait.reason)"
        case .finished(let outcome): return "finished: \(outcome)"
        }
    }
}

extension TurnOutcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .complete: return "complete"
        case .cancelled: return "cancelled"
        case .interrupted(let error): return "interrupted: \(error)"
        case .failed(let error): return "failed: \(error)"
        }
    }
}

extension Attempt {
    fileprivate var suffix: String { " #\(number)" + (streams ? "" : " without streaming") }
}
