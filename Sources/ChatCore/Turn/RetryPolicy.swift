/// Which failures are worth another request and how long to wait first. It follows OpenAI's
/// SDKs: retry connection errors, timeouts, 408, 409, 429 and 5xx; honour the server's
/// `retry-after`; otherwise back off exponentially with jitter. A stream that answered 200 but
/// came back empty or broken is not retried: the server answered, only its streaming path
/// failed, so the cure is the same request without streaming, at once (`FallbackMode`).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries per reply after the first request (`--retries`). The non-streaming fallback is
    /// not a retry and does not count.
    public var maxRetries: Int
    /// The first backoff; each further retry doubles it, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest wait a server's `Retry-After` can impose.
    public var retryAfterCap: Duration
    /// Up to this fraction of a backoff is taken off at random, so clients that failed together
    /// do not come back together.
    public var jitter: Double

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        retryAfterCap: Duration = .seconds(60), jitter: Double = 0.25
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.jitter = jitter
    }

    /// What a failure before any text calls for.
    public enum Verdict: Sendable, Hashable {
        /// Try the same request again after a wait (counts against `maxRetries`).
        case retry
        /// The stream came back empty or broken: ask again without streaming, at once.
        case fallBack
        /// Show the error; another request would fail the same way.
        case giveUp
    }

    public static func verdict(for error: ChatError) -> Verdict {
        switch error {
        case .emptyStream, .malformed:
            return .fallBack
        case .timeout(.connect, _), .timeout(.firstToken, _), .timeout(.wholeReply, _), .connection:
            return .retry
        case .http(let status, _, _):
            return [408, 409, 429].contains(status) || (500...599).contains(status) ? .retry : .giveUp
        case .timeout, .inStream, .emptyReply, .endedEarly, .invalidURL, .stopped, .tls:
            return .giveUp
        }
    }

    /// The wait before retry number `retry` (counting from 1): the server's own `retryAfter`
    /// up to the cap, else `min(base·2^(retry-1), max)` less up to `jitter` of it. `random` is
    /// in 0..<1.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, random: Double) -> Duration {
        if let retryAfter { return max(.zero, min(retryAfter, retryAfterCap)) }
        var backoff = baseDelay
        for _ in 1..<max(1, retry) where backoff < maxDelay { backoff *= 2 }
        backoff = min(backoff, maxDelay)
        return backoff * (1 - jitter * random)
    }
}
