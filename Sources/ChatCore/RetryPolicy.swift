/// Which failures are worth another request and how long to wait first. It follows OpenAI's
/// SDKs (retry connection errors, timeouts, 408, 409, 429 and 5xx; honour the server's
/// `retry-after`; otherwise back off exponentially with jitter) and adds streams that answered
/// 200 but said nothing, which self-hosted servers do.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries per reply after the first request (`--retries`).
    public var maxRetries: Int
    /// Empty or broken streams retried before the same request is sent without streaming.
    public var streamRetriesBeforeFallback: Int
    /// The first backoff; each further retry doubles it, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest wait a server's `Retry-After` can impose.
    public var retryAfterCap: Duration
    /// Up to this fraction of a backoff is taken off at random, so clients that failed together
    /// do not come back together.
    public var jitter: Double

    public init(
        maxRetries: Int = 3, streamRetriesBeforeFallback: Int = 2, baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8), retryAfterCap: Duration = .seconds(60), jitter: Double = 0.25
    ) {
        self.maxRetries = maxRetries
        self.streamRetriesBeforeFallback = streamRetriesBeforeFallback
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.jitter = jitter
    }

    /// What a failure before any text calls for.
    public enum Verdict: Sendable, Hashable {
        /// Try the same request again after a wait.
        case retry
        /// The stream came back empty or broken: retry it, and once that is used up, ask again
        /// without streaming.
        case retryStreamOrFallBack
        /// Show the error; another request would fail the same way.
        case giveUp
    }

    /// `headArrived` tells a timeout after a 200 head (streaming is broken) from one before it.
    public static func verdict(for error: ChatError, headArrived: Bool) -> Verdict {
        switch error {
        case .emptyStream, .malformed:
            return .retryStreamOrFallBack
        case .timeout(.firstToken, _):
            return headArrived ? .retryStreamOrFallBack : .retry
        case .timeout(.connect, _), .connection:
            return .retry
        case .http(let status, _, _):
            return [408, 409, 429].contains(status) || (500...599).contains(status) ? .retry : .giveUp
        case .timeout, .inStream, .emptyReply, .endedEarly, .invalidURL, .stopped:
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
