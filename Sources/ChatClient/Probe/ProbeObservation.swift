import ChatCore

/// What one probe request saw: the facts a person needs to tell a working endpoint from one that
/// "sometimes returns nothing", from the status line down to the bytes of the stream.
public struct ProbeObservation: Sendable, Hashable, Encodable {
    /// Whether the request asked for a stream.
    public enum Mode: String, Sendable, Hashable, Encodable {
        case stream
        case nonStream = "non-stream"
    }

    /// Which prompt the request sent.
    public enum Prompt: String, Sendable, Hashable, Encodable {
        /// A one-word answer: what ChatGLM3 streams as an empty body (DESIGN.md §2).
        case short
        /// A few paragraphs.
        case long
        /// The `max_tokens: 1` request sent before the others.
        case warmup = "warm-up"
        /// The short count `probe --watch` streams every round (`ProbeWatch.prompt`).
        case watch
    }

    /// How a request failed.
    public enum ErrorKind: String, Sendable, Hashable, Encodable {
        /// A non-2xx status; `error` is the server's explanation.
        case http
        /// An error object inside a 200 stream.
        case inStream = "in-stream"
        /// The connection could not be made or broke.
        case connection
        /// Bytes that are not a chat completion.
        case malformed
        /// The probe's deadline passed first.
        case timeout
    }

    /// What the request came to, for the table and the verdict.
    public enum Outcome: String, Sendable, Hashable, Encodable {
        /// Reply text (content or reasoning) arrived and nothing went wrong.
        case ok
        /// A success status but no reply text and no error: the "returns nothing" case.
        case empty
        case failed
        case timedOut = "timed-out"
    }

    public var mode: Mode
    public var prompt: Prompt
    /// The response status, or nil when no response head arrived.
    public var status: Int?
    /// Bytes of response body received.
    public var bodyBytes = 0
    /// Server-sent events dispatched (comments are counted in `dialect`).
    public var events = 0
    /// Characters of `content` received.
    public var contentCharacters = 0
    /// Characters of reasoning received.
    public var reasoningCharacters = 0
    /// Milliseconds from sending to the first content or reasoning text of a stream; nil for a
    /// non-streaming request and for a stream that delivered none.
    public var firstTokenMs: Double?
    /// Milliseconds from sending to the last content or reasoning text of a stream.
    public var lastTokenMs: Double?
    /// Pieces of text (content or reasoning) received: a token each on most servers.
    public var textPieces = 0
    /// The server's own count of the reply's tokens (`usage.completion_tokens`), when it sent one.
    public var reportedTokens: Int?
    /// Milliseconds from sending to the end of the body, the failure or the deadline.
    public var totalMs: Double = 0
    /// The `finish_reason` the server gave, if any.
    public var finishReason: String?
    /// Why the request failed, when it did.
    public var errorKind: ErrorKind?
    /// The failure in the server's own words where it gave any (the message of an HTTP error or
    /// an in-stream error), else what the client saw.
    public var error: String?
    /// What the bytes looked like.
    public var dialect = WireDialect()

    public init(mode: Mode, prompt: Prompt) {
        self.mode = mode
        self.prompt = prompt
    }

    public var outcome: Outcome {
        switch errorKind {
        case .timeout: return .timedOut
        case .some: return .failed
        case nil: return contentCharacters > 0 || reasoningCharacters > 0 ? .ok : .empty
        }
    }

    /// Whether a stream ended with `[DONE]`.
    public var sawDone: Bool { dialect.doneMarkers > 0 }

    /// What a request that reached the probe's deadline lacked, with the limit and the flag that
    /// sets it: "no first token within 30 s (--timeout)".
    public static func timeoutMessage(mode: Mode, textArrived: Bool, seconds: Double) -> String {
        let limit = ProbeVerdict.limit(seconds)
        if textArrived { return "the reply did not end within \(limit)" }
        return mode == .stream ? "no first token within \(limit)" : "no reply within \(limit)"
    }

    /// Records a failure, keeping the first one: what follows it is usually its consequence.
    public mutating func fail(_ kind: ErrorKind, _ message: String) {
        guard errorKind == nil else { return }
        errorKind = kind
        error = message
    }

    /// Records a `ChatError` under its kind, with the server's words for HTTP and in-stream errors.
    public mutating func fail(_ chatError: ChatError) {
        switch chatError {
        case .http(let status, let message, _):
            if self.status == nil { self.status = status }
            fail(.http, message)
        case .inStream(let message):
            fail(.inStream, message)
        case .connection(let detail):
            fail(.connection, HTTPChatTransport.plainConnectionDetail(detail))
        case .tls(let detail):
            fail(.connection, detail)
        case .malformed(let detail), .invalidURL(let detail):
            fail(.malformed, detail)
        case .timeout:
            fail(.timeout, chatError.description)
        case .endedEarly, .emptyReply, .stopped:
            fail(.malformed, chatError.description)
        case .emptyStream:
            break
        }
    }

    /// The same observation with every piece of server-provided text passed through `transform`
    /// (for making it safe to print).
    public func mapServerText(_ transform: (String) -> String) -> ProbeObservation {
        var copy = self
        copy.finishReason = finishReason.map(transform)
        copy.error = error.map(transform)
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case mode, prompt, status, bodyBytes, events, contentCharacters, reasoningCharacters, firstTokenMs
        case totalMs, finishReason, errorKind, error, outcome, dialect
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(status, forKey: .status)
        try container.encode(bodyBytes, forKey: .bodyBytes)
        try container.encode(events, forKey: .events)
        try container.encode(contentCharacters, forKey: .contentCharacters)
        try container.encode(reasoningCharacters, forKey: .reasoningCharacters)
        try container.encode(firstTokenMs.map(Self.rounded), forKey: .firstTokenMs)
        try container.encode(Self.rounded(totalMs), forKey: .totalMs)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(errorKind, forKey: .errorKind)
        try container.encode(error, forKey: .error)
        try container.encode(dialect, forKey: .dialect)
    }

    /// Milliseconds to one decimal: finer is noise.
    private static func rounded(_ ms: Double) -> Double { (ms * 10).rounded() / 10 }
}
