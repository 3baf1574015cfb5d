/// How a ``DemoServer`` shapes its replies: pacing, SSE dialect, reply length and injected faults.
///
/// The defaults describe a well-behaved OpenAI-style server streaming at a human-readable pace.
public struct DemoServerConfiguration: Sendable, Equatable {
    /// How server-sent events are terminated on the wire.
    public enum Framing: String, Sendable, CaseIterable {
        /// Lines end in `\n`, events in `\n\n` (OpenAI, llama.cpp, Ollama, vLLM).
        case lf
        /// Lines end in `\r\n`, events in `\r\n\r\n` (sse-starlette, as used by ChatGLM3's api_server).
        case crlf
    }

    /// Pace of streamed tokens in tokens per second; `0` writes the whole stream as fast as possible.
    public var tokensPerSecond: Double
    /// The event terminator used on the wire.
    public var framing: Framing
    /// Seconds between `: ping - <ISO 8601 time>` comment events while a stream is open; `nil` sends none. Also
    /// the interval of the `hang-after-headers-pings` fault (1 s when `nil`).
    public var pingInterval: Double?
    /// Whether data lines read `data: {...}` (`true`) or `data:{...}` (`false`, TGI style).
    public var spaceAfterColon: Bool
    /// Whether every delta carries `"role":"assistant"` (ChatGLM3 style) instead of only the first one.
    public var repeatRoleInEveryDelta: Bool
    /// Whether the stream ends with an OpenAI/Ollama-style usage chunk (`"choices": []` plus `"usage"`)
    /// before `[DONE]`.
    public var sendUsageChunk: Bool
    /// When set, every reply has exactly this many tokens (the prompt echo, then the demo passage repeated);
    /// `nil` gives the natural reply of roughly 60–120 tokens.
    public var replyTokens: Int?
    /// The fixed passage that follows the prompt echo in the demo reply (``DemoPassage/english`` by default).
    public var passage: DemoPassage
    /// When set, every reply is this text instead of the demo reply, streamed in the same token pieces:
    /// for testing how clients show hostile or unusual model output (escape sequences, huge lines).
    public var cannedReply: String?
    /// The model id listed by `GET /v1/models` and reported in every completion.
    public var model: String
    /// The fault injected into chat-completion responses (`.none` by default); see ``DemoFault``. A request's
    /// `X-Demo-Fault` header overrides it.
    public var fault: DemoFault
    /// How the server says its model's context window (`unsaid` by default).
    public var contextWindow: DemoContextWindow
    /// Whether a conversation asked again (a client's retry) gets another answer, as from a model
    /// that samples: the second begins `Answer 2:`, and so on. Off by default: every answer to a
    /// prompt is then the same.
    public var variesRepeatedAnswers = false

    /// Creates a configuration; every parameter defaults to a well-behaved server.
    public init(
        tokensPerSecond: Double = 40,
        framing: Framing = .lf,
        pingInterval: Double? = nil,
        spaceAfterColon: Bool = true,
        repeatRoleInEveryDelta: Bool = false,
        sendUsageChunk: Bool = true,
        replyTokens: Int? = nil,
        passage: DemoPassage = .english,
        cannedReply: String? = nil,
        model: String = "demo-model",
        fault: DemoFault = .none,
        contextWindow: DemoContextWindow = .unsaid
    ) {
        self.contextWindow = contextWindow
        self.tokensPerSecond = tokensPerSecond
        self.framing = framing
        self.pingInterval = pingInterval
        self.spaceAfterColon = spaceAfterColon
        self.repeatRoleInEveryDelta = repeatRoleInEveryDelta
        self.sendUsageChunk = sendUsageChunk
        self.replyTokens = replyTokens
        self.passage = passage
        self.cannedReply = cannedReply
        self.model = model
        self.fault = fault
    }
}

extension DemoServerConfiguration {
    /// The seconds between two streamed tokens, `1 / tokensPerSecond`; `nil` when streaming as fast as possible.
    var tokenInterval: Double? {
        tokensPerSecond > 0 && tokensPerSecond.isFinite ? 1 / tokensPerSecond : nil
    }

    /// ``pingInterval`` when it is a positive, finite number of seconds; `nil` otherwise.
    var validPingInterval: Double? {
        pingInterval.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }
}
