/// The steps one reply goes through, as the status bar shows them.
public enum TurnPhase: Sendable, Hashable {
    case idle
    /// Asking `GET /models` and a one-token completion before the reply.
    case warmingUp
    /// Connecting and sending the request.
    case connecting(Attempt)
    /// The request is sent; no response head yet.
    case waitingForHeaders(Attempt)
    /// The server answered 2xx; no token yet (for a non-streaming request: no answer yet).
    case waitingForFirstToken(Attempt)
    /// Tokens are arriving.
    case streaming
    /// A request failed before any text; the next one goes out at `until`.
    case waitingToRetry(RetryWait)
    case finished(TurnOutcome)

    /// Whether a reply is under way.
    public var isActive: Bool {
        switch self {
        case .idle, .finished: return false
        default: return true
        }
    }

    /// The request under way, if one is.
    public var attempt: Attempt? {
        switch self {
        case .connecting(let attempt), .waitingForHeaders(let attempt), .waitingForFirstToken(let attempt):
            return attempt
        default:
            return nil
        }
    }
}

/// One request of a reply.
public struct Attempt: Sendable, Hashable {
    /// Counting from 1.
    public var number: Int
    /// Whether it asks for a streamed reply.
    public var streams: Bool
    /// Why it does not stream although streaming was asked for: the non-streaming fallback.
    public var fallbackReason: String?

    public init(number: Int, streams: Bool = true, fallbackReason: String? = nil) {
        self.number = number
        self.streams = streams
        self.fallbackReason = fallbackReason
    }
}

/// A wait before the next request.
public struct RetryWait: Sendable, Hashable {
    /// Which retry comes next, counting from 1, out of `limit`.
    public var retry: Int
    public var limit: Int
    /// What went wrong, in words for the status bar.
    public var reason: String
    public var until: ContinuousClock.Instant

    public init(retry: Int, limit: Int, reason: String, until: ContinuousClock.Instant) {
        self.retry = retry
        self.limit = limit
        self.reason = reason
        self.until = until
    }
}

/// How a reply ended.
public enum TurnOutcome: Sendable, Hashable {
    /// The reply finished normally.
    case complete
    /// The reply stopped early on its own (connection dropped, error after content); text so far is kept.
    case interrupted(ChatError)
    /// The user cancelled; text so far is kept.
    case cancelled
    /// No reply: the error says why.
    case failed(ChatError)

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
    public var errorMessage: String? { error?.description }

    public var error: ChatError? {
        switch self {
        case .complete, .cancelled: return nil
        case .interrupted(let error), .failed(let error): return error
        }
    }
}
