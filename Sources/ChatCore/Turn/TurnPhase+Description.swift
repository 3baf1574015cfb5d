/// A phase in words, written once. `TurnStatusText` puts a symbol and the figures around them
/// for the status bar and `chatterm ask`; `description` adds the request's number, for logs and
/// tests: "connecting #2", "waiting for the whole reply #2 without streaming", "retry 1/3:
/// empty stream".
extension TurnPhase: CustomStringConvertible {
    /// What the reply is doing, without figures: "connecting", "waiting for the server",
    /// "retry 1/3", "done", "error: HTTP 500: …".
    public var words: String {
        switch self {
        case .idle: return "ready"
        case .warmingUp: return "warming up"
        case .connecting: return "connecting"
        case .waitingForHeaders: return "waiting for the server"
        case .waitingForFirstToken(let attempt):
            return attempt.streams ? "waiting for first token" : "waiting for the whole reply"
        case .streaming: return "streaming"
        case .waitingToRetry(let wait): return "retry \(wait.retry)/\(wait.limit)"
        case .finished(.complete): return "done"
        case .finished(.cancelled): return "cancelled"
        case .finished(.interrupted(let error)): return "interrupted: \(error)"
        case .finished(.failed(let error)): return "error: \(error)"
        }
    }

    public var description: String {
        switch self {
        case .connecting(let attempt), .waitingForHeaders(let attempt), .waitingForFirstToken(let attempt):
            return words + " #\(attempt.number)" + (attempt.streams ? "" : " without streaming")
        case .waitingToRetry(let wait): return words + ": \(wait.reason)"
        case .finished(let outcome): return "finished: \(outcome)"
        case .idle, .warmingUp, .streaming: return words
        }
    }
}

/// The outcome's name, as a saved message's status says it: "complete", "interrupted: …".
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
