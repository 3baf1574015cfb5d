extension DemoFault {
    /// What goes wrong, with its argument where the kind takes one.
    ///
    /// Each case's text name (``name``) is what `--fault` and the `X-Demo-Fault` header accept; ``argument`` is
    /// the number written after the colon. The server turns a kind into behaviour in exactly one place, the
    /// switch that plans a response.
    ///
    /// Kinds that break the shape of a stream (`emptyBody`, `chatglmShort`, the two `hangAfterHeaders` kinds,
    /// `hangMidStream`, `dropMidStream`, `errorInStream`, `badJSON`, `noDone`, `trickle`, `splitUTF8`) affect
    /// only streaming requests; the others (`status`, `html502`, `rateLimit`, `hangBeforeHeaders`) affect
    /// streaming and non-streaming requests alike.
    public enum Kind: Sendable, Hashable {
        /// `none`: no fault, a well-formed reply.
        case none
        /// `empty-body`: HTTP 200, `text/event-stream` headers and a zero-byte body.
        case emptyBody
        /// `chatglm-short`: ChatGLM3's behaviour. A reply of 7 characters (Unicode scalars, as Python counts) or
        /// fewer is answered like `emptyBody`; longer replies stream normally. Ask for `one word` to get one.
        case chatglmShort
        /// `hang-before-headers`: the request is read and never answered, until the client closes the
        /// connection or the server shuts down. Affects non-streaming requests too.
        case hangBeforeHeaders
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

        /// The kind's name in the fault syntax, such as `"drop-mid-stream"`.
        public var name: String {
            switch self {
            case .none: return "none"
            case .emptyBody: return "empty-body"
            case .chatglmShort: return "chatglm-short"
            case .hangBeforeHeaders: return "hang-before-headers"
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
            case .trickle(let milliseconds):
                return milliseconds
            case .none, .emptyBody, .chatglmShort, .hangBeforeHeaders, .hangAfterHeaders, .hangAfterHeadersPings,
                .html502, .noDone, .splitUTF8:
                return nil
            }
        }

        /// Whether the kind affects non-streaming requests too: `status`, `html502`, `rateLimit` and
        /// `hangBeforeHeaders` do; the other kinds change only the shape of a stream (and `none` changes nothing).
        public var affectsNonStreamingRequests: Bool {
            switch self {
            case .status, .html502, .rateLimit, .hangBeforeHeaders:
                return true
            case .none, .emptyBody, .chatglmShort, .hangAfterHeaders, .hangAfterHeadersPings, .hangMidStream,
                .dropMidStream, .errorInStream, .badJSON, .noDone, .trickle, .splitUTF8:
                return false
            }
        }

        /// The kind's text: its name, then `:argument` for kinds with one (always written out, defaults too).
        public var text: String {
            argument.map { "\(name):\($0)" } ?? name
        }
    }
}
