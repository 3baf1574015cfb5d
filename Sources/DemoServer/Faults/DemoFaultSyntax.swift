/// The text form of one fault kind, `NAME[:ARG]`: the single table from which parsing, the catalogue and the
/// list of valid kinds in error messages are all derived.
struct DemoFaultSyntax: Sendable {
    /// How a kind takes its argument.
    enum Argument: Sendable {
        /// The kind takes no argument.
        case none
        /// An optional argument named `placeholder` (`K`, `S`, `MS`) in `range`, `defaultValue` when omitted.
        case optional(placeholder: String, defaultValue: Int, range: ClosedRange<Int>)
        /// A required argument named `placeholder` (`NNN`) in `range`.
        case required(placeholder: String, range: ClosedRange<Int>)
    }

    /// The kind's name, such as `drop-mid-stream`.
    var name: String
    /// The kind's argument.
    var argument: Argument
    /// One line for `--help`.
    var summary: String
    /// The kind for an argument that has been checked against ``argument``, its default filled in (`0` for
    /// kinds without one, which ignore it).
    var make: @Sendable (Int) -> DemoFault.Kind

    /// `name`, `name[:K]` or `name:NNN`.
    var syntax: String {
        switch argument {
        case .none: return name
        case .optional(let placeholder, _, _): return "\(name)[:\(placeholder)]"
        case .required(let placeholder, _): return "\(name):\(placeholder)"
        }
    }

    /// The default number of content tokens before a mid-stream fault strikes.
    static let defaultTokens = 5
    /// The default `K` of `bad-json`: the broken event comes first.
    static let defaultBadJSONTokens = 0
    /// The default `S` of `rate-limit`.
    static let defaultRetryAfter = 1
    /// The default `MS` of `model-load`: about what Ollama takes to load a small model from a disk cache.
    static let defaultModelLoadMilliseconds = 2000
    /// The default `MS` of `trickle`.
    static let defaultTrickleMilliseconds = 20
    /// The default `N` of `llama-overflow` and `vllm-overflow`: a context so small that a short prompt
    /// overflows it.
    static let defaultContextTokens = 16
    /// The default `N` of `endless-paragraph`: long enough to show whether a client's cost grows with it.
    static let defaultParagraphTokens = 100_000
    /// The range of token counts accepted in the text form.
    static let tokenRange = 0...1_000_000

    /// The argument of the mid-stream kinds: `K` tokens, 5 by default.
    private static let tokenArgument = Argument.optional(
        placeholder: "K", defaultValue: defaultTokens, range: tokenRange)

    /// Every kind, in the order `--help` lists them. A summary that starts with `streams:` describes a kind that
    /// affects streaming requests only. Summaries stay within 51 characters, so that `--help` fits 80 columns.
    static let all: [DemoFaultSyntax] = [
        .init(
            name: "none", argument: .none,
            summary: "no fault: a well-formed reply"
        ) { _ in .none },
        .init(
            name: "empty-body", argument: .none,
            summary: "streams: HTTP 200, SSE headers, zero-byte body"
        ) { _ in .emptyBody },
        .init(
            name: "chatglm-short", argument: .none,
            summary: "streams: replies of 6 characters or less are empty"
        ) { _ in .chatglmShort },
        .init(
            name: "chatglm-newline", argument: .none,
            summary: "streams: the first chunk starts with a newline"
        ) { _ in .chatglmNewline },
        .init(
            name: "chatglm-function-call", argument: .none,
            summary: "streams: ChatGLM3's get_ function-call path"
        ) { _ in .chatglmFunctionCall },
        .init(
            name: "chatglm3", argument: .none,
            summary: "ChatGLM3's api_server, every quirk at once"
        ) { _ in .chatglm3 },
        .init(
            name: "llama-overflow",
            argument: .optional(placeholder: "N", defaultValue: defaultContextTokens, range: 1...10_000_000),
            summary: "llama.cpp context overflow at N tokens (default \(defaultContextTokens))"
        ) { .llamaOverflow(contextTokens: $0) },
        .init(
            name: "vllm-overflow",
            argument: .optional(placeholder: "N", defaultValue: defaultContextTokens, range: 1...10_000_000),
            summary: "vLLM context overflow past N tokens (default \(defaultContextTokens))"
        ) { .vllmOverflow(contextTokens: $0) },
        .init(
            name: "hang-before-headers", argument: .none,
            summary: "read the request, never answer"
        ) { _ in .hangBeforeHeaders },
        .init(
            name: "model-load",
            argument: .optional(placeholder: "MS", defaultValue: defaultModelLoadMilliseconds, range: 0...600_000),
            summary: "answer after MS ms (\(defaultModelLoadMilliseconds)), a model loading"
        ) { .modelLoad(milliseconds: $0) },
        .init(
            name: "hang-after-headers", argument: .none,
            summary: "streams: HTTP 200 and SSE headers, then silence"
        ) { _ in .hangAfterHeaders },
        .init(
            name: "hang-after-headers-pings", argument: .none,
            summary: "streams: headers, then only `: ping` comments"
        ) { _ in .hangAfterHeadersPings },
        .init(
            name: "hang-mid-stream", argument: tokenArgument,
            summary: "streams: K tokens (default \(defaultTokens)), then silence"
        ) { .hangMidStream(tokens: $0) },
        .init(
            name: "drop-mid-stream", argument: tokenArgument,
            summary: "streams: K tokens (default \(defaultTokens)), then disconnect"
        ) { .dropMidStream(tokens: $0) },
        .init(
            name: "status", argument: .required(placeholder: "NNN", range: 400...599),
            summary: "HTTP NNN (400-599) with a JSON error"
        ) { .status(code: $0) },
        .init(
            name: "http-error", argument: .none,
            summary: "the same as status:500"
        ) { _ in .status(code: 500) },
        .init(
            name: "html-502", argument: .none,
            summary: "HTTP 502 with nginx's HTML error page"
        ) { _ in .html502 },
        .init(
            name: "rate-limit",
            argument: .optional(placeholder: "S", defaultValue: defaultRetryAfter, range: 0...86_400),
            summary: "HTTP 429, Retry-After: S seconds (default \(defaultRetryAfter))"
        ) { .rateLimit(retryAfter: $0) },
        .init(
            name: "error-in-stream", argument: tokenArgument,
            summary: "streams: K tokens (default \(defaultTokens)), then an error event"
        ) { .errorInStream(tokens: $0) },
        .init(
            name: "bad-json",
            argument: .optional(placeholder: "K", defaultValue: defaultBadJSONTokens, range: tokenRange),
            summary: "streams: non-JSON event after K tokens (default \(defaultBadJSONTokens))"
        ) { .badJSON(tokens: $0) },
        .init(
            name: "no-done", argument: .none,
            summary: "streams: finish_reason but no data: [DONE]"
        ) { _ in .noDone },
        .init(
            name: "trickle",
            argument: .optional(placeholder: "MS", defaultValue: defaultTrickleMilliseconds, range: 0...60_000),
            summary: "streams: 3-byte writes MS ms apart (default \(defaultTrickleMilliseconds))"
        ) { .trickle(milliseconds: $0) },
        .init(
            name: "split-utf8", argument: .none,
            summary: "streams: multilingual, writes cut inside characters"
        ) { _ in .splitUTF8 },
        .init(
            name: "echo-headers-401", argument: .none,
            summary: "HTTP 401 whose error quotes every request header"
        ) { _ in .echoHeaders401 },
        .init(
            name: "endless-line", argument: hostileTokenArgument,
            summary: "streams: K tokens (default 0), then an endless line"
        ) { .endlessLine(tokens: $0) },
        .init(
            name: "endless-event", argument: hostileTokenArgument,
            summary: "streams: K tokens (default 0), data: lines, no end"
        ) { .endlessEvent(tokens: $0) },
        .init(
            name: "giant-event",
            argument: .optional(placeholder: "MIB", defaultValue: defaultGiantEventMebibytes, range: 1...1024),
            summary: "streams: 5 tokens, one event of MIB MiB (default \(defaultGiantEventMebibytes))"
        ) { .giantEvent(mebibytes: $0) },
        .init(
            name: "endless-reply", argument: .none,
            summary: "streams: 1 MiB content events that never finish"
        ) { _ in .endlessReply },
        .init(
            name: "event-flood",
            argument: .optional(placeholder: "N", defaultValue: defaultFloodEvents, range: 0...10_000_000),
            summary: "streams: N 1-character events (default \(defaultFloodEvents))"
        ) { .eventFlood(events: $0) },
        .init(
            name: "redirect", argument: portArgument,
            summary: "HTTP 307 to the same path on 127.0.0.1:PORT"
        ) { .redirect(port: $0, status: 307) },
        .init(
            name: "redirect-302", argument: portArgument,
            summary: "HTTP 302 to the same path on 127.0.0.1:PORT"
        ) { .redirect(port: $0, status: 302) },
        .init(
            name: "redirect-loop", argument: .none,
            summary: "HTTP 307 to the request's own URL"
        ) { _ in .redirectLoop },
        .init(
            name: "huge-head", argument: .none,
            summary: "HTTP 200 with a 10 MiB header in its head"
        ) { _ in .hugeHead },
        .init(
            name: "endless-paragraph",
            argument: .optional(
                placeholder: "N", defaultValue: defaultParagraphTokens, range: 1...tokenRange.upperBound),
            summary: "streams: \"the \" N times, no line break (\(defaultParagraphTokens))"
        ) { .endlessParagraph(tokens: $0) },
    ]

    /// The `K` of the hostile stream kinds: the tokens before the hostile part, none by default.
    private static let hostileTokenArgument = Argument.optional(placeholder: "K", defaultValue: 0, range: tokenRange)
    /// The default `MIB` of `giant-event`: twice chatterm's bound on one line or event.
    static let defaultGiantEventMebibytes = 8
    /// The default `N` of `event-flood`.
    static let defaultFloodEvents = 1_000_000
    /// The `PORT` of the redirect kinds.
    private static let portArgument = Argument.required(placeholder: "PORT", range: 1...65_535)

    /// The entry named `name`, compared case-insensitively.
    static func named(_ name: String) -> DemoFaultSyntax? {
        let lowercased = name.lowercased()
        return all.first { $0.name == lowercased }
    }

    /// The valid kinds, for error messages: `none, empty-body, …, split-utf8`.
    static var validKinds: String {
        all.map(\.syntax).joined(separator: ", ")
    }
}
