/// Figures about one assistant reply, as saved with the message and shown in the status bar.
///
/// Fields added later are optional, so older files read as they are: nil there means "not
/// recorded", and `chatterm stats` reads what it can from the older fields instead.
public struct TurnStats: Codable, Sendable, Hashable {
    /// Requests sent for this reply (1 when the first one worked), the non-streaming fallback's
    /// included.
    public var attempts: Int
    /// Retries after a failed request (`--retries`), which the fallback is not.
    public var retries: Int?
    /// Streams that answered 200 with nothing in them (`ChatError.emptyStream`).
    public var emptyStreams: Int?
    public var warmup: Bool
    /// Whether the reply came from a non-streaming request after streaming failed (or was off
    /// for the endpoint), or from a whole reply the server resent after its stream broke.
    public var fallback: Bool
    /// Why it came without streaming ("empty stream"), when it did.
    public var fallbackReason: String?
    /// Time from the reply's first request (after any warm-up) to the first visible text,
    /// whichever request delivered it.
    public var ttftMs: Int?
    /// Time from the start of the reply (warm-up included) to its end.
    public var durationMs: Int?
    /// The server's count when it sent `usage`, else the number of content chunks received.
    public var completionTokens: Int?
    /// The server's count of the request's tokens (`usage.prompt_tokens`), when it sent one: with
    /// `completionTokens`, how full the context is after this reply (`ContextUse`).
    public var promptTokens: Int?
    /// Tokens per second from the first token to the last.
    public var tokensPerSecond: Double?
    public var finishReason: String?
    /// The `ChatError.Category` of the failure that ended the reply (failed or interrupted).
    public var errorCategory: String?
    /// The server that answered ("10.0.0.5:8000", "demo"), when the session knows it.
    public var endpoint: String?
    /// The configuration profile that answered, when one was in use.
    public var profile: String?
    /// The model that answered (a turn that failed over asks the fallback profile's).
    public var model: String?
    /// Why the turn left the server it was sent to first, when it failed over to `profile`:
    /// "10.0.0.5:8000 failed (connection refused)".
    public var failedOver: String?

    public init(
        attempts: Int = 1, retries: Int? = nil, emptyStreams: Int? = nil, warmup: Bool = false,
        fallback: Bool = false, fallbackReason: String? = nil, ttftMs: Int? = nil,
        durationMs: Int? = nil, completionTokens: Int? = nil, tokensPerSecond: Double? = nil,
        finishReason: String? = nil, errorCategory: String? = nil, endpoint: String? = nil, profile: String? = nil,
        model: String? = nil, failedOver: String? = nil, promptTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.attempts = attempts
        self.retries = retries
        self.emptyStreams = emptyStreams
        self.warmup = warmup
        self.fallback = fallback
        self.fallbackReason = fallbackReason
        self.ttftMs = ttftMs
        self.durationMs = durationMs
        self.completionTokens = completionTokens
        self.tokensPerSecond = tokensPerSecond
        self.finishReason = finishReason
        self.errorCategory = errorCategory
        self.endpoint = endpoint
        self.profile = profile
        self.model = model
        self.failedOver = failedOver
    }
}
