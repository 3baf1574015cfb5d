/// A failure the demo server injects into chat-completion responses, modelled on what real self-hosted
/// OpenAI-compatible servers do.
///
/// The configured fault applies to every `POST /v1/chat/completions` request; a request header
/// `X-Demo-Fault: <raw value>` overrides it for that request. `GET /v1/models` is never affected.
/// Faults that describe a broken stream (`emptyBody`, `errorInStream`, `dropMidStream`) affect only streaming
/// requests: the same request with `"stream": false` is answered normally, as the real servers do.
public enum DemoFault: String, Sendable, CaseIterable, Equatable {
    /// No fault: a well-formed reply.
    case none

    /// A streaming request gets HTTP 200 with `text/event-stream` headers and a zero-byte body (ChatGLM3's
    /// behaviour for short answers). Non-streaming requests are answered normally.
    case emptyBody = "empty-body"

    /// HTTP 500 with the JSON body
    /// `{"error":{"message":"demo server fault: internal error","type":"server_error","code":"internal_error"}}`,
    /// for streaming and non-streaming requests alike.
    case httpError = "http-error"

    /// An HTTP 200 stream with ``contentTokensBeforeFailure`` content tokens, then
    /// `data: {"error":{"message":"demo server fault: error inside the stream","type":"server_error"}}`, then the
    /// end of the body: no `finish_reason`, no `[DONE]` (vLLM, LiteLLM and TGI report errors this way).
    case errorInStream = "error-in-stream"

    /// An HTTP 200 stream with ``contentTokensBeforeFailure`` content tokens, after which the connection is
    /// closed without finishing the chunked body: no `finish_reason`, no `[DONE]`.
    case dropMidStream = "drop-mid-stream"

    /// How many content tokens a stream delivers before `errorInStream` or `dropMidStream` strikes
    /// (fewer when the reply itself is shorter).
    public static let contentTokensBeforeFailure = 5

    /// The name of the request header that overrides the configured fault for one request.
    public static let headerName = "X-Demo-Fault"
}
