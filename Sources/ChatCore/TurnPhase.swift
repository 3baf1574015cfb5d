/// The steps one reply goes through, as the status bar shows them.
public enum TurnPhase: Sendable, Hashable {
    case idle
    /// The request is on its way; no response head yet.
    case connecting
    /// The server answered 2xx; no token yet.
    case waitingForFirstToken
    /// Tokens are arriving.
    case streaming
    case finished(TurnOutcome)

    /// Whether a request is under way.
    public var isActive: Bool {
        switch self {
        case .connecting, .waitingForFirstToken, .streaming: return true
        case .idle, .finished: return false
        }
    }
}

/// How a reply ended.
public enum TurnOutcome: Sendable, Hashable {
    /// The reply finished normally.
    case complete
    /// The reply stopped early on its own (connection dropped, error after content); text so far is kept.
    case interrupted(String)
    /// The user cancelled; text so far is kept.
    case cancelled
    /// No reply: the message says why.
    case failed(String)

    /// The message status this outcome is saved as.
    public var messageStatus: MessageStatus {
        switch self {
        case .complete: return .complete
        case .interrupted: return .interrupted
        case .cancelled: return .cancelled
        case .failed: return .failed
        }
    }

    /// The explanation saved with the message, if any.
    public var errorMessage: String? {
        switch self {
        case .complete, .cancelled: return nil
        case .interrupted(let message), .failed(let message): return message
        }
    }
}
