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
    /// No answer at all, not even a status line, until the client or the server closes the connection.
    case noAnswer
    /// HTTP 200 with event-stream headers and no body bytes at all.
    case emptyStream
    /// HTTP 200 with a stream of events.
    case stream(StreamScript)

    /// The page nginx serves when the server behind it is down.
    static let nginxBadGatewayPage =
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
        + "<hr><center>nginx</center></body></html>"

    /// The longest reply (in Unicode scalars, as Python's `len` counts) that `chatglm-short` swallows.
    static let chatglmSilentReplyLength = 7

    /// The seconds between pings of `hang-after-headers-pings` when the configuration sets none.
    static let defaultHangPingInterval = 1.0

    /// The plan for `request` under the fault `kind` (already resolved for this request's number).
    static func make(
        for request: ChatCompletionRequest,
        fault kind: DemoFault.Kind,
        configuration: DemoServerConfiguration,
        metadata: CompletionMetadata
    ) -> CompletionResponsePlan {
        let reply = CompletionReply(request: request, configuration: configuration)
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
        case .emptyBody:
            return streamOnly { .emptyStream }
        case .chatglmShort:
            return streamOnly {
                reply.text.unicodeScalars.count <= chatglmSilentReplyLength
                    ? .emptyStream : .stream(reply.stream(configuration))
            }
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
        }
    }
}
