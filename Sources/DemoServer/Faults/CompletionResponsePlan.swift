import Foundation
import NIOCore
import NIOHTTP1

/// What the server answers to one valid chat-completions request.
///
/// This is the one place where a ``DemoFault`` turns into behaviour: each fault kind is one case of the switch
/// in ``make(for:fault:configuration:metadata:)``. The handler only carries the plan out.
enum CompletionResponsePlan {
    /// An HTTP error with a JSON error body and any extra headers (such as `retry-after`).
    case error(status: HTTPResponseStatus, APIErrorResponse, headers: [(String, String)])
    /// An HTTP error with an HTML page, as a proxy writes it.
    case html(status: HTTPResponseStatus, page: String)
    /// A non-streaming `chat.completion` object.
    case completion(ChatCompletionResponse)
    /// A JSON body written exactly as given, as another server writes it.
    case json(status: HTTPResponseStatus, body: String)
    /// No answer at all, not even a status line, until the client or the server closes the connection.
    case noAnswer
    /// HTTP 200 with event-stream headers and no body bytes at all.
    case emptyStream
    /// Like ``emptyStream``; then the connection takes no further request: the next one to arrive on it is
    /// recorded and met by closing the connection, without a response.
    case emptyStreamThenRefuseConnection
    /// `plan`, carried out once `tokens` tokens have been generated at the configured pace (at once when
    /// streaming as fast as possible): a server that generates part of the reply before it answers at all.
    indirect case delayed(tokens: Int, CompletionResponsePlan)
    /// `plan`, carried out `milliseconds` after the request arrived: a server loading the model first.
    indirect case held(milliseconds: Int, CompletionResponsePlan)
    /// HTTP 200 with a stream of events.
    case stream(StreamScript)
    /// A redirect: `status` with a `Location` header pointing at `target`.
    case redirect(status: HTTPResponseStatus, target: RedirectTarget)
    /// A non-streaming `chat.completion` object whose head carries one header field of `headerBytes` bytes.
    case oversizedHead(ChatCompletionResponse, headerBytes: Int)

    /// Where a redirect points.
    enum RedirectTarget {
        /// The same path on `127.0.0.1:port`.
        case port(Int)
        /// The request's own URL.
        case requestURL
    }

    /// Whether carrying the plan out counts as an active stream (``DemoServer/activeStreamCount``): a stream of
    /// events, or an answer held back.
    var countsAsActiveStream: Bool {
        switch self {
        case .stream, .delayed, .held: return true
        case .error, .html, .completion, .json, .noAnswer, .emptyStream, .emptyStreamThenRefuseConnection, .redirect,
            .oversizedHead:
            return false
        }
    }

    /// The page nginx serves when the server behind it is down.
    static let nginxBadGatewayPage =
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
        + "<hr><center>nginx</center></body></html>"

    /// The longest reply (in Unicode scalars, as Python's `len` counts) that `chatglm-short` swallows: the
    /// reply after ChatGLM3's leading newline, which counts towards its 7 silent characters.
    static let chatglmSilentReplyLength = ChatGLM3Stream.silentLength - 1

    /// The seconds between pings of `hang-after-headers-pings` when the configuration sets none.
    static let defaultHangPingInterval = 1.0

    /// The tokens of a `giant-event` reply before its giant event.
    static let tokensBeforeGiantEvent = 5

    /// The size of the header field `huge-head` adds to its response head.
    static let hugeHeadBytes = 10 * 1024 * 1024

    /// The plan for `request` under the fault `kind` (already resolved for this request's number); `headers` are
    /// the request's header fields, for the kinds that quote them; `answer` counts how often the conversation was
    /// asked (``DemoServerConfiguration/variesRepeatedAnswers``).
    static func make(
        for request: ChatCompletionRequest,
        fault kind: DemoFault.Kind,
        configuration: DemoServerConfiguration,
        metadata: CompletionMetadata,
        headers: [(String, String)] = [],
        answer: Int = 1
    ) -> CompletionResponsePlan {
        let reply = CompletionReply(request: request, configuration: configuration, answer: answer)
        let pings = configuration.pingInterval
        /// `plan()` for a streaming request; the normal completion for a non-streaming one.
        func streamOnly(_ plan: () -> CompletionResponsePlan) -> CompletionResponsePlan {
            request.isStreaming ? plan() : .completion(reply.completion(metadata))
        }
        switch kind {
        case .none:
            return streamOnly { .stream(reply.stream(configuration)) }
        case .status(let code):
            let code = min(max(code, 400), 599)
            let standard = HTTPResponseStatus(statusCode: code)
            let phrase =
                standard.reasonPhrase.isEmpty ? (code < 500 ? "Client Error" : "Server Error") : standard.reasonPhrase
            let status = HTTPResponseStatus(statusCode: code, reasonPhrase: phrase)
            return .error(status: status, .statusFault(code: code, reasonPhrase: phrase), headers: [])
        case .html502:
            return .html(status: .badGateway, page: nginxBadGatewayPage)
        case .rateLimit(let seconds):
            let seconds = max(seconds, 0)
            return .error(
                status: .tooManyRequests, .rateLimitFault(retryAfter: seconds),
                headers: [("retry-after", String(seconds))])
        case .hangBeforeHeaders:
            return .noAnswer
        case .modelLoad(let milliseconds):
            return .held(milliseconds: max(milliseconds, 0), streamOnly { .stream(reply.stream(configuration)) })
        case .emptyBody:
            return streamOnly { .emptyStream }
        case .chatglmShort:
            return streamOnly {
                reply.text.unicodeScalars.count <= chatglmSilentReplyLength
                    ? .emptyStream : .stream(reply.stream(configuration))
            }
        case .chatglmNewline:
            var script = reply.stream(configuration)
            if !script.tokens.isEmpty {
                script.tokens[0] = "\n" + script.tokens[0]
            }
            return streamOnly { .stream(script) }
        case .chatglmFunctionCall:
            return streamOnly {
                chatGLM3Plan(
                    ChatGLM3Stream(outputTokens: ["\n"] + reply.tokens), dialect: .configured,
                    finish: .finish(
                        reason: reply.finishReason, usage: configuration.sendUsageChunk ? reply.usage : nil,
                        done: true),
                    pingInterval: pings)
            }
        case .chatglm3:
            return chatGLM3(request, configuration: configuration, metadata: metadata)
        case .llamaOverflow(let contextTokens):
            let contextTokens = max(contextTokens, 1)
            let promptTokens = request.promptTokenCount
            guard promptTokens >= contextTokens else {
                return streamOnly { .stream(reply.stream(configuration)) }
            }
            guard !request.isStreaming else { return .emptyStreamThenRefuseConnection }
            let body = LlamaCppWire.contextLengthExceeded(
                contextTokens: contextTokens, promptTokens: promptTokens, maxTokens: request.maxTokens)
            return .json(status: .badRequest, body: body)
        case .vllmOverflow(let contextTokens):
            let promptTokens = request.promptTokenCount
            let outputTokens = request.tokenLimit ?? 0
            guard promptTokens + outputTokens > max(contextTokens, 1) else {
                return streamOnly { .stream(reply.stream(configuration)) }
            }
            let body = VLLMWire.contextLengthExceeded(
                contextTokens: max(contextTokens, 1), promptTokens: promptTokens, outputTokens: outputTokens)
            return .json(status: .badRequest, body: body)
        case .hangAfterHeaders:
            return streamOnly { .stream(StreamScript(tokens: [], ending: .hang, pingInterval: nil)) }
        case .hangAfterHeadersPings:
            let interval = configuration.validPingInterval ?? defaultHangPingInterval
            return streamOnly { .stream(StreamScript(tokens: [], ending: .hang, pingInterval: interval)) }
        case .hangMidStream(let tokens):
            return streamOnly { .stream(reply.truncatedStream(after: tokens, ending: .hang, pingInterval: nil)) }
        case .dropMidStream(let tokens):
            return streamOnly {
                .stream(reply.truncatedStream(after: tokens, ending: .dropConnection, pingInterval: pings))
            }
        case .errorInStream(let tokens):
            return streamOnly {
                .stream(reply.truncatedStream(after: tokens, ending: .error(.streamFault), pingInterval: pings))
            }
        case .badJSON(let tokens):
            var script = reply.stream(configuration)
            script.malformedEventBeforeToken = max(tokens, 0)
            return streamOnly { .stream(script) }
        case .noDone:
            var script = reply.stream(configuration)
            script.ending = .finish(
                reason: reply.finishReason, usage: configuration.sendUsageChunk ? reply.usage : nil, done: false)
            return streamOnly { .stream(script) }
        case .trickle(let milliseconds):
            var script = reply.stream(configuration)
            script.delivery = .trickle(bytesPerWrite: 3, interval: .milliseconds(Int64(max(milliseconds, 0))))
            return streamOnly { .stream(script) }
        case .splitUTF8:
            // The multilingual text answers non-streaming requests too, so that the two can be compared.
            let multilingual = CompletionReply(request: request, configuration: configuration, text: .multilingual)
            guard request.isStreaming else { return .completion(multilingual.completion(metadata)) }
            var script = multilingual.stream(configuration)
            script.delivery = .splitInsideCharacters
            return .stream(script)
        case .echoHeaders401:
            return .error(status: .unauthorized, .echoedHeaders(headers), headers: [])
        case .endlessLine(let tokens):
            return streamOnly {
                .stream(reply.truncatedStream(after: tokens, ending: .endless(.line), pingInterval: nil))
            }
        case .endlessEvent(let tokens):
            return streamOnly {
                .stream(reply.truncatedStream(after: tokens, ending: .endless(.dataLines), pingInterval: nil))
            }
        case .giantEvent(let mebibytes):
            var script = reply.stream(configuration)
            script.giantEventBeforeToken = tokensBeforeGiantEvent
            script.giantEventBytes = max(mebibytes, 1) * 1024 * 1024
            return streamOnly { .stream(script) }
        case .endlessReply:
            return streamOnly { .stream(StreamScript(tokens: [], ending: .endless(.contentEvents), pingInterval: nil)) }
        case .eventFlood(let events):
            var script = StreamScript(
                tokens: Array(repeating: "x", count: max(events, 0)),
                ending: .finish(reason: "stop", usage: nil, done: true), pingInterval: nil)
            script.isFullSpeed = true
            return streamOnly { .stream(script) }
        case .redirect(let port, let status):
            return .redirect(status: HTTPResponseStatus(statusCode: status), target: .port(port))
        case .redirectLoop:
            return .redirect(status: .temporaryRedirect, target: .requestURL)
        case .hugeHead:
            return .oversizedHead(reply.completion(metadata), headerBytes: hugeHeadBytes)
        case .endlessParagraph(let tokens):
            let limit = request.tokenLimit ?? .max
            let count = min(max(tokens, 1), limit)
            let usage = CompletionUsage(promptTokens: request.promptTokenCount, completionTokens: count)
            let ending = StreamScript.Ending.finish(
                reason: count < tokens ? "length" : "stop", usage: configuration.sendUsageChunk ? usage : nil,
                done: true)
            return streamOnly {
                .stream(
                    StreamScript(
                        tokens: Array(repeating: "the ", count: count), ending: ending, pingInterval: pings))
            }
        }
    }

    /// ChatGLM3's `max_tokens` when the request sets none.
    static let chatGLM3DefaultMaxTokens = 1024

    /// The `chatglm3` fault's answer: ChatGLM3's api_server, streaming or not.
    private static func chatGLM3(
        _ request: ChatCompletionRequest, configuration: DemoServerConfiguration, metadata: CompletionMetadata
    ) -> CompletionResponsePlan {
        var unlimited = request
        unlimited.maxTokens = nil
        unlimited.maxCompletionTokens = nil
        // The model writes a newline first, and ChatGLM3 drops the newest token of what it generated: the
        // end-of-text token when the reply is complete, else the last token `max_tokens` allowed.
        let generated = ["\n"] + CompletionReply(request: unlimited, configuration: configuration).tokens
        let limit = max(request.maxTokens ?? chatGLM3DefaultMaxTokens, 1)
        let output = generated.count < limit ? generated : Array(generated.prefix(limit - 1))
        let model = request.model ?? configuration.model
        guard request.isStreaming else {
            var text = output.joined()
            if text.hasPrefix("\n") {
                text.removeFirst()
            }
            let body = ChatGLM3Wire.completion(
                model: model, content: text.trimmingCharacters(in: .whitespacesAndNewlines),
                created: metadata.created, promptTokens: request.promptTokenCount,
                completionTokens: output.count + 1)
            return .json(status: .ok, body: body)
        }
        return chatGLM3Plan(
            ChatGLM3Stream(outputTokens: output), dialect: .chatGLM3(model: model, generator: .predictStream),
            finish: .finish(reason: "stop", usage: nil, done: true), pingInterval: nil)
    }

    /// The streamed answer ChatGLM3's `predict_stream` gives as `stream` says, in `dialect`, its normal chunks
    /// ending in `finish`. The answer waits for the tokens ChatGLM3 generates before it answers, less the one a
    /// normal stream sends at once.
    private static func chatGLM3Plan(
        _ stream: ChatGLM3Stream, dialect: StreamScript.Dialect, finish: StreamScript.Ending,
        pingInterval: Double?
    ) -> CompletionResponsePlan {
        let plan: CompletionResponsePlan
        switch stream.outcome {
        case .empty:
            plan = .emptyStream
        case .wholeOutputAtOnce(let output):
            var script = StreamScript(
                tokens: [output], ending: .finish(reason: "stop", usage: nil, done: true), pingInterval: pingInterval)
            if case .chatGLM3(let model, _) = dialect {
                script.dialect = .chatGLM3(model: model, generator: .parseOutputText)
            }
            plan = .stream(script)
        case .chunks(let chunks, .finish):
            var script = StreamScript(tokens: chunks, ending: finish, pingInterval: pingInterval)
            script.dialect = dialect
            plan = .stream(script)
        case .chunks(let chunks, .functionCall(let output, let silentTokens)):
            var script = StreamScript(tokens: chunks, ending: .plainTextEvent(output), pingInterval: pingInterval)
            script.dialect = dialect
            script.silentTokensBeforeEnding = silentTokens
            plan = .stream(script)
        }
        return .delayed(tokens: max(stream.tokensBeforeAnswer - 1, 0), plan)
    }
}
