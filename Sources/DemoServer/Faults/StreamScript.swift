/// What one streamed response will contain: the content tokens, how the stream ends, and how its bytes go out.
struct StreamScript {
    /// How a stream ends once its content tokens are written.
    enum Ending {
        /// A chunk with `finish_reason`, then the usage chunk when `usage` is set, then `data: [DONE]` when
        /// `done` is true; then the end of the body.
        case finish(reason: String, usage: CompletionUsage?, done: Bool)
        /// An error event, then the end of the body (no `finish_reason`, no `[DONE]`).
        case error(APIErrorResponse)
        /// The connection is closed without ending the chunked body.
        case dropConnection
        /// Nothing more: the connection stays open (pings aside) until the client closes it or the server
        /// shuts down.
        case hang
        /// One event whose data is `text` itself, not JSON, then the end of the body (no `finish_reason`, no
        /// `[DONE]`): ChatGLM3's function-call path. The text is written as sse-starlette writes data with line
        /// breaks, one `data:` line per line.
        case plainTextEvent(String)
        /// Bytes that never end (see ``Endless``), written as fast as the client reads until it closes the
        /// connection or the server shuts down.
        case endless(Endless)
    }

    /// What a hostile server sends for ever.
    enum Endless {
        /// One `data:` line, the start of a content chunk, that never ends.
        case line
        /// `data:` lines, never the blank line that ends their event.
        case dataLines
        /// Well-formed content events of 1 MiB of text each, never a `finish_reason`.
        case contentEvents
    }

    /// How the events are written.
    enum Dialect: Equatable {
        /// The server's configured SSE format and OpenAI's chunks.
        case configured
        /// ChatGLM3's api_server: sse-starlette's CRLF framing without pings, and the chunks `generator` writes,
        /// naming `model`.
        case chatGLM3(model: String, generator: ChatGLM3Wire.Generator)
    }

    /// The content tokens, one event each.
    var tokens: [String]
    /// What follows the tokens.
    var ending: Ending
    /// Seconds between `: ping` comments while the stream is open; `nil` (or a value that is not a positive
    /// finite number) sends none.
    var pingInterval: Double?
    /// When set, a data event whose payload is truncated JSON is written before content token number
    /// `malformedEventBeforeToken` (counting from 0), or before the ending when the reply is shorter.
    var malformedEventBeforeToken: Int?
    /// How the bytes are cut into writes.
    var delivery: StreamDelivery = .asRendered
    /// How the events are written.
    var dialect: Dialect = .configured
    /// Token times that pass with nothing written between the last content token and the ending: a server that
    /// goes on generating without sending (ChatGLM3 once its output contains `get_`).
    var silentTokensBeforeEnding = 0
    /// Whether the tokens go out as fast as possible whatever the configured pace (`event-flood`).
    var isFullSpeed = false
    /// When set, a content event whose text is ``giantEventBytes`` bytes of `x` is written before content token
    /// number `giantEventBeforeToken` (counting from 0), or before the ending when the reply is shorter
    /// (`giant-event`).
    var giantEventBeforeToken: Int?
    /// The size of the giant event's text.
    var giantEventBytes = 0
}
