import Foundation
import NIOCore
import NIOHTTP1

/// Serves the OpenAI-compatible endpoints on one HTTP/1.1 connection: `GET /v1/models` and
/// `POST /v1/chat/completions`.
///
/// Sits behind NIO's HTTP server pipeline (with pipelining assistance, so keep-alive requests are answered one
/// at a time, in order). Every method runs on the connection's event loop.
final class ChatCompletionsHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The largest request body accepted; larger ones get HTTP 413.
    static let maximumBodySize = 16 * 1024 * 1024

    private let configuration: DemoServerConfiguration
    private let state: DemoServerState
    private let connectionNumber: Int
    private var requestHead: HTTPRequestHead?
    private var requestBody: [UInt8] = []
    private var isBodyTooLarge = false
    private var streamWriter: CompletionStreamWriter?
    /// The answer a ``CompletionResponsePlan/delayed(tokens:_:)`` plan is waiting to give.
    private var delayedAnswer: Scheduled<Void>?
    /// Set once the connection takes no further request (``CompletionResponsePlan/emptyStreamThenRefuseConnection``).
    private var refusesRequests = false

    /// A handler for connection number `connectionNumber` of a server with `configuration`.
    init(configuration: DemoServerConfiguration, state: DemoServerState, connectionNumber: Int) {
        self.configuration = configuration
        self.state = state
        self.connectionNumber = connectionNumber
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestHead = head
            requestBody = []
            isBodyTooLarge = false
        case .body(let part):
            if requestBody.count + part.readableBytes > Self.maximumBodySize {
                isBodyTooLarge = true
            } else {
                requestBody.append(contentsOf: part.readableBytesView)
            }
        case .end:
            guard let head = requestHead else { return }
            requestHead = nil
            let body = requestBody
            requestBody = []
            guard !refusesRequests else {
                record(head: head, body: body)
                context.close(promise: nil)
                return
            }
            handle(context: context, head: head, body: body)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        streamWriter?.channelWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelAnswers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelAnswers()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        cancelAnswers()
        context.close(promise: nil)
    }

    /// Stops the stream being written and the answer being held back, if any.
    private func cancelAnswers() {
        streamWriter?.cancel()
        if let delayedAnswer {
            self.delayedAnswer = nil
            delayedAnswer.cancel()
            state.streamEnded()
        }
    }

    // MARK: - Routing

    /// Adds the request to the server's log.
    private func record(head: HTTPRequestHead, body: [UInt8]) {
        state.record(
            DemoServer.RecordedRequest(
                method: head.method.rawValue,
                path: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: String(decoding: body, as: UTF8.self),
                connection: connectionNumber
            )
        )
    }

    /// Records the request and routes it by path and method.
    private func handle(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        record(head: head, body: body)
        let path = String(head.uri.prefix { $0 != "?" })
        switch path {
        case "/v1/models":
            guard head.method == .GET else {
                return respondMethodNotAllowed(context: context, head: head, allowed: "GET")
            }
            let models = ModelListResponse(
                modelID: configuration.model, maxModelLen: configuration.contextWindow.maxModelLen)
            respond(context: context, head: head, status: .ok, json: WireJSON.encode(models))
        case "/props" where configuration.contextWindow.propsBody(model: configuration.model) != nil:
            guard head.method == .GET else {
                return respondMethodNotAllowed(context: context, head: head, allowed: "GET")
            }
            let body = configuration.contextWindow.propsBody(model: configuration.model) ?? ""
            respond(context: context, head: head, status: .ok, json: Array(body.utf8))
        case "/v1/chat/completions":
            guard head.method == .POST else {
                return respondMethodNotAllowed(context: context, head: head, allowed: "POST")
            }
            handleChatCompletion(context: context, head: head, body: body)
        default:
            let error = APIErrorResponse.invalidRequest(
                "unknown path '\(path)': this server serves GET /v1/models and POST /v1/chat/completions",
                code: "not_found"
            )
            respond(context: context, head: head, status: .notFound, json: WireJSON.encode(error))
        }
    }

    /// Answers `POST /v1/chat/completions`.
    private func handleChatCompletion(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let requestNumber = state.nextChatCompletionRequestNumber()
        if isBodyTooLarge {
            let error = APIErrorResponse.invalidRequest(
                "request body exceeds \(Self.maximumBodySize / (1024 * 1024)) MiB", code: "request_too_large")
            return respond(context: context, head: head, status: .payloadTooLarge, json: WireJSON.encode(error))
        }
        let fault: DemoFault
        switch requestedFault(head.headers) {
        case .success(let requested):
            fault = requested
        case .failure(let error):
            return respond(context: context, head: head, status: .badRequest, json: WireJSON.encode(error))
        }
        let request: ChatCompletionRequest
        switch ChatCompletionRequest.parse(body) {
        case .success(let parsed):
            request = parsed
        case .failure(let error):
            return respond(context: context, head: head, status: .badRequest, json: WireJSON.encode(error))
        }
        let metadata = CompletionMetadata(
            id: "chatcmpl-demo-\(state.nextCompletionNumber())",
            created: Int(Date().timeIntervalSince1970),
            model: configuration.model
        )
        let answer = configuration.variesRepeatedAnswers ? state.answerNumber(for: request.conversationKey) : 1
        let plan = CompletionResponsePlan.make(
            for: request, fault: fault.kind(forRequestNumber: requestNumber), configuration: configuration,
            metadata: metadata, headers: head.headers.map { ($0.name, $0.value) }, answer: answer)
        carryOut(plan, context: context, head: head, metadata: metadata, isCountedAsStream: false)
    }

    /// Answers as `plan` says. `isCountedAsStream` tells that the answer already counts as an active stream (it
    /// was held back): it stops counting once given, unless it is a stream itself.
    private func carryOut(
        _ plan: CompletionResponsePlan, context: ChannelHandlerContext, head: HTTPRequestHead,
        metadata: CompletionMetadata, isCountedAsStream: Bool
    ) {
        if isCountedAsStream, !plan.countsAsActiveStream {
            state.streamEnded()
        }
        switch plan {
        case .error(let status, let error, let headers):
            respond(context: context, head: head, status: status, json: WireJSON.encode(error), extraHeaders: headers)
        case .html(let status, let page):
            respond(
                context: context, head: head, status: status, contentType: "text/html", body: Array(page.utf8))
        case .completion(let completion):
            respond(context: context, head: head, status: .ok, json: WireJSON.encode(completion))
        case .json(let status, let body):
            respond(context: context, head: head, status: status, json: Array(body.utf8))
        case .noAnswer:
            // The request stays unanswered; closing the connection (client or shutdown) is all there is to undo.
            break
        case .emptyStream:
            let keepAlive = writeStreamHead(context: context, head: head)
            endResponse(context: context, keepAlive: keepAlive)
        case .emptyStreamThenRefuseConnection:
            let keepAlive = writeStreamHead(context: context, head: head)
            endResponse(context: context, keepAlive: keepAlive)
            refusesRequests = true
        case .stream(let script):
            // Counted before the head goes out: a client that has the head sees the stream as active.
            if !isCountedAsStream {
                state.streamStarted()
            }
            let keepAlive = writeStreamHead(context: context, head: head)
            startStream(context: context, script: script, metadata: metadata, keepAlive: keepAlive)
        case .redirect(let status, let target):
            let location = redirectLocation(target, context: context, head: head)
            let page =
                "<html><head><title>\(status.code) \(status.reasonPhrase)</title></head><body>"
                + "<a href=\"\(location)\">\(location)</a></body></html>"
            respond(
                context: context, head: head, status: status, contentType: "text/html", body: Array(page.utf8),
                extraHeaders: [("location", location)])
        case .oversizedHead(let completion, let headerBytes):
            respond(
                context: context, head: head, status: .ok, json: WireJSON.encode(completion),
                extraHeaders: [("x-demo-padding", String(repeating: "a", count: headerBytes))])
        case .held(let milliseconds, let plan):
            if !isCountedAsStream {
                state.streamStarted()
            }
            delayedAnswer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                [self] in
                delayedAnswer = nil
                carryOut(plan, context: context, head: head, metadata: metadata, isCountedAsStream: true)
            }
        case .delayed(let tokens, let plan):
            guard let interval = configuration.tokenInterval, tokens > 0 else {
                return carryOut(
                    plan, context: context, head: head, metadata: metadata, isCountedAsStream: isCountedAsStream)
            }
            // A held-back answer to a streaming request counts as an active stream from the start.
            if !isCountedAsStream {
                state.streamStarted()
            }
            let delay = TimeAmount.seconds(exactly: Double(tokens) * interval)
            delayedAnswer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                delayedAnswer = nil
                carryOut(plan, context: context, head: head, metadata: metadata, isCountedAsStream: true)
            }
        }
    }

    /// The absolute URL a redirect points at: the request's path on `127.0.0.1:port`, or the request's own URL
    /// (its `Host` header, else the address it reached, and its path).
    private func redirectLocation(
        _ target: CompletionResponsePlan.RedirectTarget, context: ChannelHandlerContext, head: HTTPRequestHead
    ) -> String {
        switch target {
        case .port(let port):
            return "http://127.0.0.1:\(port)\(head.uri)"
        case .requestURL:
            let host = head.headers.first(name: "host") ?? "127.0.0.1:\(context.channel.localAddress?.port ?? 0)"
            return "http://\(host)\(head.uri)"
        }
    }

    /// The fault for this request: the `X-Demo-Fault` header's, else the configured one.
    private func requestedFault(_ headers: HTTPHeaders) -> Result<DemoFault, APIErrorResponse> {
        guard let value = headers.first(name: DemoFault.headerName) else {
            return .success(configuration.fault)
        }
        do {
            return .success(try DemoFault(parsing: value))
        } catch {
            return .failure(.invalidRequest("\(DemoFault.headerName) header: \(error)", code: "invalid_fault"))
        }
    }

    // MARK: - Writing responses

    /// Starts writing `script` after the stream's head (the stream already counted as started);
    /// the response ends when the writer says so.
    private func startStream(
        context: ChannelHandlerContext, script: StreamScript, metadata: CompletionMetadata, keepAlive: Bool
    ) {
        let renderer = StreamEventRenderer(metadata: metadata, dialect: script.dialect, configuration: configuration)
        let writer = CompletionStreamWriter(
            context: context, script: script, renderer: renderer, configuration: configuration
        ) { [self] outcome in
            streamWriter = nil
            state.streamEnded()
            switch outcome {
            case .ended:
                endResponse(context: context, keepAlive: keepAlive)
            case .dropped(let lastWrite):
                lastWrite.assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            case .cancelled:
                break
            }
        }
        streamWriter = writer
        writer.start()
    }

    /// Writes the head of an event stream; returns whether the connection stays open afterwards.
    private func writeStreamHead(context: ChannelHandlerContext, head: HTTPRequestHead) -> Bool {
        // Without chunked encoding (HTTP/1.0) the end of the stream is the end of the connection.
        let keepAlive = head.isKeepAlive && (head.version.major, head.version.minor) >= (1, 1)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/event-stream; charset=utf-8")
        headers.add(name: "cache-control", value: "no-cache")
        if !keepAlive {
            headers.add(name: "connection", value: "close")
        }
        let responseHead = HTTPResponseHead(version: head.version, status: .ok, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(responseHead)), promise: nil)
        return keepAlive
    }

    /// Answers 405 with an `Allow` header.
    private func respondMethodNotAllowed(context: ChannelHandlerContext, head: HTTPRequestHead, allowed: String) {
        let error = APIErrorResponse.invalidRequest(
            "method \(head.method.rawValue) is not allowed on \(head.uri); use \(allowed)",
            code: "method_not_allowed"
        )
        respond(
            context: context, head: head, status: .methodNotAllowed, json: WireJSON.encode(error),
            extraHeaders: [("allow", allowed)]
        )
    }

    /// Writes a complete JSON response.
    private func respond(
        context: ChannelHandlerContext,
        head: HTTPRequestHead,
        status: HTTPResponseStatus,
        json: [UInt8],
        extraHeaders: [(String, String)] = []
    ) {
        respond(
            context: context, head: head, status: status, contentType: "application/json", body: json,
            extraHeaders: extraHeaders)
    }

    /// Writes a complete response with a body of `contentType`.
    private func respond(
        context: ChannelHandlerContext,
        head: HTTPRequestHead,
        status: HTTPResponseStatus,
        contentType: String,
        body: [UInt8],
        extraHeaders: [(String, String)] = []
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(body.count))
        headers.add(contentsOf: extraHeaders)
        let keepAlive = head.isKeepAlive
        if !keepAlive {
            headers.add(name: "connection", value: "close")
        }
        let responseHead = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        endResponse(context: context, keepAlive: keepAlive)
    }

    /// Ends the current response and closes the connection unless it is kept alive.
    private func endResponse(context: ChannelHandlerContext, keepAlive: Bool) {
        let ended = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            ended.assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }
}
