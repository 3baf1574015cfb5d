import AsyncHTTPClient
import ChatCore
import NIOCore
import NIOHTTP1

/// Receives one chat-completion response on its event loop and hands out `StreamEvent`s.
///
/// SSE parsing and chunk decoding happen here, where the bytes arrive, and each event goes
/// straight into the consumer's sink: a token crosses one thread boundary (event loop →
/// consumer) instead of two (event loop → a body-reading task → consumer), which AsyncHTTPClient's
/// async body sequence would need. Time limits are not enforced here: the turn driver in
/// `ChatCore` owns every phase's clock. It accepts every body part at once (no backpressure): a
/// reply is small, and the consumer only appends it to memory.
///
/// What it keeps is bounded by `ResponseLimits`: a line, an event, the reply's text and an error
/// body. Crossing a bound ends the request at once with the bound's message, after the events
/// that came before it. A redirect ends it too, before any byte of its body is read.
///
/// Every callback runs on the request's event loop, and the mutable state is touched only
/// there, hence `@unchecked Sendable`.
final class StreamingResponseDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// What the delegate is doing with the body.
    private enum Mode {
        case awaitingHead
        /// A `text/event-stream` body: parse it as it comes.
        case events(SSEParser)
        /// A whole JSON completion (a non-streaming request, or a server that ignored `stream`).
        case completion([UInt8])
        /// An error response: keep the start of its body for the message.
        case error(HTTPResponseStatus, [UInt8])
        case finished
    }

    private let sink: TransportSink
    private let wantsStream: Bool
    private let limits: ResponseLimits
    /// Where the request went, to say where a redirect points instead.
    private let requestURL: String
    /// Sends the request again on a fresh connection, when this one turned out closed before
    /// any byte of a response (nil on the second try).
    private let resendOnFreshConnection: (@Sendable () -> Void)?
    private let decoder: ChunkDecoder
    /// Hides the endpoint's secrets in the server's words.
    private let redactor: Redactor
    /// Where the request goes: its proxy is named in a failure to reach it, and its TLS
    /// failures are explained.
    private let endpoint: Endpoint
    private var mode = Mode.awaitingHead
    private var errorHeaders = HTTPHeaders()
    private var reported = false
    /// The start of the content this stream delivered, to recognise an event that resends it
    /// whole: at most about `resendCheckBytes`, so that a long reply is not held twice.
    private var streamedContent = ""
    /// Bytes of text (content and reasoning) this stream delivered, against `limits.replyBytes`.
    private var replyBytes = 0

    init(
        sink: TransportSink, wantsStream: Bool, limits: ResponseLimits, endpoint: Endpoint,
        resendOnFreshConnection: (@Sendable () -> Void)? = nil
    ) {
        self.sink = sink
        self.endpoint = endpoint
        self.wantsStream = wantsStream
        redactor = endpoint.redactor
        decoder = ChunkDecoder(redactor: endpoint.redactor)
        self.limits = limits
        requestURL = endpoint.chatCompletionsURL
        self.resendOnFreshConnection = resendOnFreshConnection
    }

    func didSendRequest(task: HTTPClient.Task<Void>) {
        if case .awaitingHead = mode { sink.yield(.requestSent) }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        guard case .awaitingHead = mode else { return task.eventLoop.makeSucceededVoidFuture() }
        let status = Int(head.status.code)
        if (300..<400).contains(status) {
            let redirect = ServerRedirect.error(
                status: head.status, location: head.headers.first(name: "location"), requestURL: requestURL,
                pathSuffix: Endpoint.chatCompletionsPath, redactor: redactor)
            finish(throwing: redirect)
            task.cancel()
        } else if !(200..<300).contains(status) {
            mode = .error(head.status, [])
            errorHeaders = head.headers
        } else {
            sink.yield(.responseHead(status: status))
            let contentType = head.headers.first(name: "content-type")?.lowercased() ?? ""
            mode =
                !wantsStream || contentType.contains("application/json")
                ? .completion([]) : .events(SSEParser(limits: limits))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        switch mode {
        case .events(var parser):
            // Leaving `mode` for the moment keeps the parser's buffers uniquely referenced, so
            // feeding does not copy them.
            mode = .finished
            let comments = parser.commentCount
            let events = buffer.withUnsafeReadableBytes { parser.feed($0) }
            let keptAlive = parser.commentCount != comments
            let overflow = parser.error
            mode = .events(parser)
            if keptAlive { sink.yield(.keepAlive) }
            deliver(events, task: task)
            if let overflow {
                finish(throwing: overflow)
                task.cancel()
            }
        case .completion(var body):
            guard body.count + buffer.readableBytes <= limits.replyBytes else {
                finish(throwing: limits.replyTooLarge)
                task.cancel()
                break
            }
            mode = .finished
            body.append(contentsOf: buffer.readableBytesView)
            mode = .completion(body)
        case .error(let status, var body):
            mode = .finished
            body.append(contentsOf: buffer.readableBytesView.prefix(limits.errorBodyBytes - body.count))
            guard body.count < limits.errorBodyBytes else {
                // The message is in the start of the body; the rest need not be read.
                finish(throwing: ErrorBody.httpError(status, headers: errorHeaders, body: body, redactor: redactor))
                task.cancel()
                break
            }
            mode = .error(status, body)
        case .awaitingHead, .finished:
            break
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        if case .awaitingHead = mode, !reported, let resend = resendOnFreshConnection,
            HTTPChatTransport.isClosedConnection(error)
        {
            mode = .finished
            reported = true
            resend()
            return
        }
        if !reported, let failure = TLSFailure(error, host: endpoint.server.host) {
            // Reported once the certificate has been looked at, which says why it was refused.
            mode = .finished
            reported = true
            let sink = self.sink
            endpoint.explain(failure, on: task.eventLoop).whenSuccess { sink.finish($0) }
            return
        }
        finish(throwing: HTTPChatTransport.classify(error, for: endpoint))
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        switch mode {
        case .events(var parser):
            mode = .finished
            deliver(parser.finish(), task: task)
            finish(throwing: parser.error)
        case .completion(let body):
            if body.isEmpty {
                finish(throwing: nil)
                return
            }
            do {
                for event in try decoder.decodeCompletion(body) { sink.yield(event) }
                finish(throwing: nil)
            } catch {
                finish(throwing: error)
            }
        case .error(let status, let body):
            finish(throwing: ErrorBody.httpError(status, headers: errorHeaders, body: body, redactor: redactor))
        case .awaitingHead:
            finish(throwing: ChatError.connection("the server closed the connection without answering"))
        case .finished:
            break
        }
    }

    private func deliver(_ events: [SSEEvent], task: HTTPClient.Task<Void>) {
        for event in events {
            do {
                for decoded in try decoder.decode(event) {
                    switch decoded {
                    case .content(let text):
                        guard admits(text) else { return stop(task) }
                        if streamedContent.utf8.count < Self.resendCheckBytes { streamedContent += text }
                    case .reasoning(let text):
                        guard admits(text) else { return stop(task) }
                    default:
                        break
                    }
                    sink.yield(decoded)
                }
            } catch .malformed(_) where Self.resendsWhole(streamedContent, in: event.data) {
                // The whole reply again: it replaces what was counted so far.
                replyBytes = 0
                guard admits(event.data) else { return stop(task) }
                streamedContent = event.data
                sink.yield(.wholeReply(event.data))
            } catch {
                finish(throwing: error)
                task.cancel()
                return
            }
        }
    }

    /// How much of the streamed content is kept to compare with a resent whole reply: enough
    /// that a match is no accident.
    static let resendCheckBytes = 64 * 1024

    /// Counts `text` against the reply's bound; false once the reply would cross it.
    private func admits(_ text: String) -> Bool {
        replyBytes += text.utf8.count
        return replyBytes <= limits.replyBytes
    }

    /// Ends the request because the reply crossed its bound.
    private func stop(_ task: HTTPClient.Task<Void>) {
        finish(throwing: limits.replyTooLarge)
        task.cancel()
    }

    /// Whether `data`, an event that is not JSON, is the whole reply of which the stream has
    /// delivered `streamed` (its first `resendCheckBytes` or so): ChatGLM3 stops streaming when
    /// its output mentions `get_` and sends the whole output as plain text at the end. Leading
    /// blank space is not compared (its streamed replies start with a line break).
    static func resendsWhole(_ streamed: String, in data: String) -> Bool {
        let delivered = streamed.drop(while: \.isWhitespace)
        guard !delivered.isEmpty else { return false }
        return data.drop(while: \.isWhitespace).unicodeScalars.starts(with: delivered.unicodeScalars)
    }

    /// Reports the end once; later calls (an error after the end, say) are dropped.
    private func finish(throwing error: (any Error)?) {
        mode = .finished
        guard !reported else { return }
        reported = true
        switch error {
        case nil: sink.finish()
        case let chat as ChatError: sink.finish(chat)
        // Only the consumer cancels, and it no longer listens; say so anyway.
        case .some: sink.finish(.connection("the request was cancelled"))
        }
    }
}
