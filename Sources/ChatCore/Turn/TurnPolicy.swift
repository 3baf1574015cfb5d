/// When to warm an endpoint up before a reply.
public enum WarmupMode: String, Sendable, Hashable, CaseIterable {
    /// Before the first reply of a run, and again after the endpoint sat idle a while.
    case auto
    case always
    case never
}

/// Everything that bounds one reply: retries, the non-streaming fallback, warm-up and the time
/// limit of each phase.
/// chatterm enforces every limit itself; the HTTP library's own timeout covers only the head.
public struct TurnPolicy: Sendable, Hashable {
    public var retry: RetryPolicy
    /// Whether an empty or broken stream is answered by the same request without streaming.
    public var fallback: FallbackMode
    public var warmup: WarmupMode
    /// With `.auto`, an endpoint idle for longer than this is warmed up again.
    public var warmupAfterIdle: Duration
    /// The longest a warm-up may take before the reply goes ahead without it.
    public var warmupTimeout: Duration
    /// Making the connection and sending the request.
    public var connectTimeout: Duration
    /// From sending the request to the first visible text; long prompts take a long prefill.
    /// For a non-streaming request it bounds the whole answer.
    public var firstTokenTimeout: Duration
    /// The longest gap between two pieces of text; keep-alives do not count.
    public var idleTimeout: Duration
    /// The whole reply, retries and waits included; nil for none.
    public var turnTimeout: Duration?

    public init(
        retry: RetryPolicy = RetryPolicy(), fallback: FallbackMode = .auto, warmup: WarmupMode = .auto,
        warmupAfterIdle: Duration = .seconds(600),
        warmupTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10),
        firstTokenTimeout: Duration = .seconds(120), idleTimeout: Duration = .seconds(60),
        turnTimeout: Duration? = nil
    ) {
        self.retry = retry
        self.fallback = fallback
        self.warmup = warmup
        self.warmupAfterIdle = warmupAfterIdle
        self.warmupTimeout = warmupTimeout
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.idleTimeout = idleTimeout
        self.turnTimeout = turnTimeout
    }
}
