extension DemoFault {
    /// What goes wrong, with its argument where the kind takes one.
    ///
    /// Each case's text name (``name``) is what `--fault` and the `X-Demo-Fault` header accept; ``argument`` is
    /// the number written after the colon. The server turns a kind into behaviour in exactly one place, the
    /// switch that plans a response.
    ///
    /// Kinds that break the shape of a stream (`emptyBody`, `chatglmShort`, `chatglmNewline`,
    /// `chatglmFunctionCall`, the two `hangAfterHeaders` kinds, `hangMidStream`, `dropMidStream`, `errorInStream`,
    /// `badJSON`, `noDone`, `trickle`, `splitUTF8`, and the hostile `endlessLine`, `endlessEvent`, `giantEvent`,
    /// `endlessReply`, `eventFlood`) affect only streaming requests; the others (`status`, `html502`, `rateLimit`,
    /// `hangBeforeHeaders`, `chatglm3`, `llamaOverflow`, `vllmOverflow`, `echoHeaders401`, `redirect`, `redirectLoop`,
    /// `hugeHead`)
    /// affect streaming and non-streaming requests alike.
    public enum Kind: Sendable, Hashable {
        /// `none`: no fault, a well-formed reply.
        case none
        /// `empty-body`: HTTP 200, `text/event-stream` headers and a zero-byte body.
        case emptyBody
        /// `chatglm-short`: ChatGLM3's empty stream for a short reply. Its streamed output is `"\n"` and the reply,
        /// and nothing goes out until that is longer than 7 characters (Unicode scalars, as Python counts): a reply
        /// of 6 characters or fewer is answered like `emptyBody`; longer replies stream normally (without the
        /// newline: `chatglm3` has that too). Ask for `one word` to get one.
        case chatglmShort
        /// `chatglm-newline`: ChatGLM3's leading newline. The first content chunk of a stream carries `"\n"`
        /// before its text; the rest of the stream is normal. Non-streaming replies are unchanged (ChatGLM3 strips
        /// the newline there).
        case chatglmNewline
        /// `chatglm-function-call`: ChatGLM3's `predict_stream`, which takes any output containing `get_` for a
        /// function call, in the server's configured SSE dialect.
        ///
        /// The output is `"\n"` followed by the reply, growing token by token (the newline is a token of its own).
        /// Nothing is sent while it is 7 characters (Unicode scalars) or fewer. At the first token that makes it
        /// longer:
        /// - if it contains `get_`, nothing is sent until the reply is complete; then one chunk with the role and
        ///   the whole output, a chunk with `finish_reason` `"stop"` and `[DONE]` (ChatGLM3's `parse_output_text`);
        /// - otherwise the first chunk carries the whole output so far (8 characters or more at once) and later
        ///   chunks one token each. As soon as a token makes the output contain `get_`, no more chunks are sent;
        ///   when the reply is complete, one event that is not JSON carries the whole output as sse-starlette
        ///   writes text with line breaks (one `data:` line per line, the first one empty), and the body ends: no
        ///   `finish_reason`, no `[DONE]`;
        /// - a reply that never contains `get_` ends normally, with its `finish_reason` (and the usage chunk when
        ///   configured) and `[DONE]`.
        ///
        /// An output that never grows past 7 characters gets a zero-byte body, as with `chatglmShort`. The
        /// response (head included) is held back for as many tokens as ChatGLM3 generates before its first
        /// `yield`, at the configured pace. Non-streaming requests get the normal completion.
        case chatglmFunctionCall
        /// `chatglm3`: ChatGLM3's `openai_api_demo/api_server.py` on its sse-starlette stack, every quirk at once.
        ///
        /// Streams: CRLF framing, no pings, ChatGLM3's chunks byte for byte (`"id":""`, the request's model,
        /// `"role":"assistant"` and `"function_call":null` in every delta, key order as pydantic writes them, a
        /// final chunk with empty content and `finish_reason` `"stop"`, no usage chunk), and the content of
        /// `chatglmFunctionCall`: the leading newline, nothing until the output is longer than 7 characters (a
        /// shorter one is HTTP 200 with a zero-byte body), and the `get_` function-call paths. Non-streaming
        /// requests get ChatGLM3's `chat.completion` (`"id":""`, `"name":null`, `"function_call":null`,
        /// `finish_reason` always `"stop"`, its usage key order) with the reply stripped of the newline and of
        /// surrounding white space.
        ///
        /// ChatGLM3 never shows the last token it generated (normally the end-of-text token), so when
        /// `max_tokens` (1024 when absent) stops the reply, the output holds `max_tokens - 1` tokens, the newline
        /// counted: `max_tokens: 1` gets empty content, streamed (a zero-byte body) or not.
        case chatglm3
        /// `llama-overflow:N`: llama-cpp-python's server with a context of `contextTokens` tokens, answering a
        /// prompt that does not fit: one whose prompt tokens (the demo server's count over every message) are
        /// `contextTokens` or more, the test llama-cpp-python makes (it then shortens `max_tokens` to fit rather
        /// than refusing, so `max_tokens` only shows in the message). Prompts that fit are answered normally.
        ///
        /// Without streaming: HTTP 400 with llama-cpp-python's JSON error, byte for byte: `"This model's maximum
        /// context length is N tokens. However, you requested …"`, `"type":"invalid_request_error"`,
        /// `"param":"messages"`, `"code":"context_length_exceeded"`.
        ///
        /// Streaming: HTTP 200 with event-stream headers and an empty, properly terminated chunked body (the
        /// error strikes inside the stream's task, after the head is out); the server then answers nothing more
        /// on that keep-alive connection: when the next request arrives on it, the connection is closed without a
        /// response. The real server closes the connection right after that response, so a client that puts it
        /// back in its pool and reuses it wins or loses a race against the close: it sees "connection closed"
        /// whenever its next request is on the way before the close arrives. Closing only when that request
        /// arrives makes the client lose every time, so that tests of the recovery never depend on timing. The
        /// refused request is recorded (``DemoServer/requests``, with its connection's number) but not counted
        /// for `@N`: the real server never reads it.
        case llamaOverflow(contextTokens: Int)
        /// `vllm-overflow:N`: vLLM's OpenAI server (v0.18 and later) with `max_model_len` `contextTokens`,
        /// answering a request whose prompt tokens (the demo server's count over every message) plus its
        /// `max_tokens` (`max_completion_tokens`; none counts as 0) exceed it: HTTP 400 with vLLM's JSON error
        /// byte for byte, streamed or not (vLLM checks the request before any stream starts): `"This model's
        /// maximum context length is N tokens. However, you requested M output tokens and your prompt contains
        /// T input tokens, for a total of T+M tokens. …"`, `"type":"BadRequestError"`,
        /// `"param":"input_tokens"`, `"code":400`. Requests that fit are answered normally, and the
        /// connection stays usable.
        case vllmOverflow(contextTokens: Int)
        /// `hang-before-headers`: the request is read and never answered, until the client closes the
        /// connection or the server shuts down. Affects non-streaming requests too.
        case hangBeforeHeaders
        /// `model-load:MS`: the answer, normal in every other way, comes `milliseconds` after the request, as
        /// Ollama and llama.cpp's server hold a request while they load the model it names (on its first use,
        /// or after Ollama's keep-alive unloaded it). `model-load:2000@1`: only the first request waits.
        /// Affects non-streaming requests too: a warm-up's one-token request is what pays the load.
        case modelLoad(milliseconds: Int)
        /// `hang-after-headers`: HTTP 200 and event-stream headers, then silence with the connection open.
        case hangAfterHeaders
        /// `hang-after-headers-pings`: like `hangAfterHeaders`, but writing `: ping - <ISO 8601 time>` comment
        /// events every `pingInterval` seconds of the configuration (1 s when that is `nil`).
        case hangAfterHeadersPings
        /// `hang-mid-stream:K`: `tokens` content tokens, then silence with the connection open.
        case hangMidStream(tokens: Int)
        /// `drop-mid-stream:K`: `tokens` content tokens, then the connection is closed without finishing the
        /// chunked body.
        case dropMidStream(tokens: Int)
        /// `status:NNN`: HTTP `code` (400–599) with a JSON error body. `http-error` is `status:500`.
        case status(code: Int)
        /// `html-502`: HTTP 502 with nginx's HTML error page, as a proxy in front of a dead server answers.
        case html502
        /// `rate-limit:S`: HTTP 429 with `Retry-After: S` (`seconds`) and a JSON `rate_limit_error`.
        case rateLimit(retryAfter: Int)
        /// `error-in-stream:K`: `tokens` content tokens, then a `data: {"error": …}` event, then the end of the
        /// body: no `finish_reason`, no `[DONE]` (vLLM, LiteLLM and TGI report errors this way).
        case errorInStream(tokens: Int)
        /// `bad-json:K`: `tokens` content tokens, then one data event whose payload is truncated JSON, then the
        /// rest of the reply as normal.
        case badJSON(tokens: Int)
        /// `no-done`: a normal stream, `finish_reason` and usage chunk included, without `data: [DONE]`.
        case noDone
        /// `trickle:MS`: the normal stream written at most 3 bytes per write, `milliseconds` apart, so that event
        /// boundaries and UTF-8 characters are split across writes.
        case trickle(milliseconds: Int)
        /// `split-utf8`: a multilingual reply (CJK, emoji, accents) whose every write ends in the middle of a
        /// multi-byte UTF-8 character.
        case splitUTF8
        /// `echo-headers-401`: HTTP 401 whose JSON error message quotes every header of the request, the key
        /// in `Authorization` and any `api-key` included, as a JSON object, the way debugging gateways and some
        /// proxies answer a request they refuse. Affects non-streaming requests too.
        case echoHeaders401
        /// `endless-line:K`: `tokens` content tokens, then one `data:` line, the start of a content chunk, that
        /// never ends: `x` after `x`, written as fast as the client reads, until it closes the connection.
        case endlessLine(tokens: Int)
        /// `endless-event:K`: `tokens` content tokens, then `data:` lines of 1 KiB each, as fast as the client
        /// reads, with never the blank line that would end their event.
        case endlessEvent(tokens: Int)
        /// `giant-event:MIB`: the reply's first five tokens, then one content event whose text is `mebibytes`
        /// MiB of `x` on a single `data:` line, then the rest of the reply, `finish_reason` and `[DONE]`.
        case giantEvent(mebibytes: Int)
        /// `endless-reply`: well-formed content events of 1 MiB of text each, as fast as the client reads, never
        /// a `finish_reason`: a reply that never stops.
        case endlessReply
        /// `event-flood:N`: `events` content events of one character (`x`) each, as fast as possible whatever
        /// the configured pace, then `finish_reason` and `[DONE]`.
        case eventFlood(events: Int)
        /// `redirect:PORT` and `redirect-302:PORT`: HTTP `status` (307, or 302) with a `Location` on
        /// `127.0.0.1:port` and the same path, and a small HTML page. Affects non-streaming requests too.
        case redirect(port: Int, status: Int)
        /// `redirect-loop`: HTTP 307 with a `Location` that is the request's own URL (its `Host` and path).
        /// Affects non-streaming requests too.
        case redirectLoop
        /// `huge-head`: HTTP 200 whose head carries a 10 MiB header field, then the normal completion as JSON.
        /// Affects streaming requests too (they get the JSON completion).
        case hugeHead
        /// `endless-paragraph:N`: a model stuck repeating itself: the reply is `"the "` `tokens` times, one
        /// token per event at the configured pace, without a line break, then a normal end (`finish_reason`
        /// `"length"` when `max_tokens` cut it shorter).
        case endlessParagraph(tokens: Int)

        /// The kind's name in the fault syntax, such as `"drop-mid-stream"`.
        public var name: String {
            switch self {
            case .none: return "none"
            case .emptyBody: return "empty-body"
            case .chatglmShort: return "chatglm-short"
            case .chatglmNewline: return "chatglm-newline"
            case .chatglmFunctionCall: return "chatglm-function-call"
            case .chatglm3: return "chatglm3"
            case .llamaOverflow: return "llama-overflow"
            case .vllmOverflow: return "vllm-overflow"
            case .hangBeforeHeaders: return "hang-before-headers"
            case .modelLoad: return "model-load"
            case .hangAfterHeaders: return "hang-after-headers"
            case .hangAfterHeadersPings: return "hang-after-headers-pings"
            case .hangMidStream: return "hang-mid-stream"
            case .dropMidStream: return "drop-mid-stream"
            case .status: return "status"
            case .html502: return "html-502"
            case .rateLimit: return "rate-limit"
            case .errorInStream: return "error-in-stream"
            case .badJSON: return "bad-json"
            case .noDone: return "no-done"
            case .trickle: return "trickle"
            case .splitUTF8: return "split-utf8"
            case .echoHeaders401: return "echo-headers-401"
            case .endlessLine: return "endless-line"
            case .endlessEvent: return "endless-event"
            case .giantEvent: return "giant-event"
            case .endlessReply: return "endless-reply"
            case .eventFlood: return "event-flood"
            case .redirect(_, let status): return status == 307 ? "redirect" : "redirect-\(status)"
            case .redirectLoop: return "redirect-loop"
            case .hugeHead: return "huge-head"
            case .endlessParagraph: return "endless-paragraph"
            }
        }

        /// The kind's argument, the number after the colon; `nil` for kinds without one.
        public var argument: Int? {
            switch self {
            case .hangMidStream(let tokens), .dropMidStream(let tokens), .errorInStream(let tokens),
                .badJSON(let tokens):
                return tokens
            case .status(let code):
                return code
            case .rateLimit(let seconds):
                return seconds
            case .trickle(let milliseconds), .modelLoad(let milliseconds):
                return milliseconds
            case .llamaOverflow(let contextTokens), .vllmOverflow(let contextTokens):
                return contextTokens
            case .endlessParagraph(let tokens):
                return tokens
            case .none, .emptyBody, .chatglmShort, .chatglmNewline, .chatglmFunctionCall, .chatglm3,
                .hangBeforeHeaders, .hangAfterHeaders, .hangAfterHeadersPings, .html502, .noDone, .splitUTF8,
                .echoHeaders401:
                return nil
            case .endlessLine(let tokens), .endlessEvent(let tokens):
                return tokens
            case .giantEvent(let mebibytes):
                return mebibytes
            case .eventFlood(let events):
                return events
            case .redirect(let port, _):
                return port
            case .endlessReply, .redirectLoop, .hugeHead:
                return nil
            }
        }

        /// Whether the kind affects non-streaming requests too: `status`, `html502`, `rateLimit`,
        /// `hangBeforeHeaders`, `modelLoad`, `chatglm3`, `llamaOverflow`, `vllmOverflow`, `echoHeaders401`, `redirect`,
        /// `redirectLoop` and `hugeHead` do; the other kinds change only the shape of a stream (and `none` changes nothing).
        public var affectsNonStreamingRequests: Bool {
            switch self {
            case .status, .html502, .rateLimit, .hangBeforeHeaders, .chatglm3, .llamaOverflow, .vllmOverflow,
                .echoHeaders401, .modelLoad:
                return true
            case .none, .emptyBody, .chatglmShort, .chatglmNewline, .chatglmFunctionCall, .hangAfterHeaders,
                .hangAfterHeadersPings, .hangMidStream, .dropMidStream, .errorInStream, .badJSON, .noDone, .trickle,
                .splitUTF8, .endlessParagraph:
                return false
            case .redirect, .redirectLoop, .hugeHead:
                return true
            case .endlessLine, .endlessEvent, .giantEvent, .endlessReply, .eventFlood:
                return false
            }
        }

        /// The kind's text: its name, then `:argument` for kinds with one (always written out, defaults too).
        public var text: String {
            argument.map { "\(name):\($0)" } ?? name
        }
    }
}
