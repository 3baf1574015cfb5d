/// What a transport reports while one request is under way, in order of arrival.
public enum StreamEvent: Sendable, Hashable {
    /// The connection is made and the request is on the wire.
    case requestSent
    /// The response head arrived with a success status; the body follows.
    case responseHead(status: Int)
    /// A keep-alive (an SSE comment or an `event: ping`): the server is alive but sent no text.
    case keepAlive
    /// A piece of the answer.
    case content(String)
    /// A piece of reasoning text (`delta.reasoning` or `delta.reasoning_content`).
    case reasoning(String)
    /// The whole reply so far, resent in one piece after the stream broke off: it replaces the
    /// text this request delivered. ChatGLM3 does this when a reply mentions `get_`: it stops
    /// streaming, then sends the whole output as one event that is not JSON.
    case wholeReply(String)
    /// The server said why the reply ended (`stop`, `length`, …).
    case finish(reason: String)
    case usage(TokenUsage)
    /// The stream's `[DONE]` marker.
    case done
}

/// Token counts as the server reports them in `usage`.
public struct TokenUsage: Sendable, Hashable {
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var totalTokens: Int?

    public init(promptTokens: Int? = nil, completionTokens: Int? = nil, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }
}
