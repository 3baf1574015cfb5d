import AsyncHTTPClient
import ChatCore
import Foundation
import NIOCore
import NIOHTTP1

/// `ChatTransport` over HTTP with AsyncHTTPClient: streams the body chunk by chunk through
/// `SSEParser` and `ChunkDecoder`, and turns every failure into a `ChatError` with the server's
/// own words where it gave any.
public struct HTTPChatTransport: ChatTransport {
    public let endpoint: Endpoint
    let client: HTTPClient
    /// The longest wait for the model list (the only request without the turn driver's clocks).
    private let modelsTimeout: TimeAmount
    /// Where a request goes again when its pooled connection turned out closed: a client whose
    /// connections serve one request each, so the second try cannot meet a stale one.
    private let freshClient: HTTPClient
    /// How much of a response is read before the request stops with the bound's message.
    public let limits: ResponseLimits

    /// The client every transport shares unless given another. Failed connection attempts are
    /// not retried inside AsyncHTTPClient (by default it retries until the request's deadline,
    /// which made a dead server look like a long wait): retrying is chatterm's own policy, and a
    /// refused connection is reported at once. Its connect timeout is only a backstop: the turn
    /// driver enforces `--connect-timeout` itself. It follows no redirect (`ServerRedirect` says
    /// why): a 3xx reaches the response delegate, which reports it.
    public static let sharedClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: sharedConfiguration)

    /// The client for requests that must not meet a stale keep-alive connection: each of its
    /// connections carries one request.
    public static let freshConnectionClient: HTTPClient = {
        var configuration = sharedConfiguration
        configuration.maximumUsesPerConnection = 1
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The configuration of every client chatterm makes, before a proxy or TLS settings
    /// (`NetworkConfiguration`) are added to it.
    static var sharedConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(300)
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// A transport to `endpoint`, over `client` and `freshClient` when given, else over the
    /// clients `HTTPClients.shared` keeps for the endpoint's `NetworkConfiguration`.
    public init(
        endpoint: Endpoint, client: HTTPClient? = nil, freshClient: HTTPClient? = nil,
        modelsTimeoutSeconds: Double = 30, limits: ResponseLimits = .standard
    ) {
        self.endpoint = endpoint
        self.client = client ?? HTTPClients.shared.pooled(for: endpoint.network)
        self.freshClient = freshClient ?? HTTPClients.shared.fresh(for: endpoint.network)
        self.limits = limits
        self.modelsTimeout = .milliseconds(Int64(modelsTimeoutSeconds * 1000))
    }

    /// Sends the request on a pooled connection. A server may close a keep-alive connection just
    /// as the next request goes out on it: llama.cpp's server closes it after answering an
    /// overflowing prompt with an empty stream, and idle timeouts close others. A request that
    /// fails that way, before any byte of a response, is sent once more on a fresh connection; it
    /// is the same attempt, since the server never answered it.
    public func start(_ request: ChatRequest, reportingTo sink: TransportSink) -> TransportRequest {
        let httpRequest: HTTPClient.Request
        do {
            httpRequest = try endpoint.completionRequest(request)
        } catch {
            sink.finish(Self.classify(error) as? ChatError ?? .invalidURL(endpoint.baseURL))
            return TransportRequest {}
        }
        let running = RunningRequest()
        let freshClient = self.freshClient
        let (limits, endpoint) = (self.limits, self.endpoint)
        let delegate = StreamingResponseDelegate(
            sink: sink, wantsStream: request.stream, limits: limits, endpoint: endpoint
        ) {
            let again = StreamingResponseDelegate(
                sink: sink, wantsStream: request.stream, limits: limits, endpoint: endpoint)
            running.replace(with: freshClient.execute(request: httpRequest, delegate: again, eventLoop: .indifferent))
        }
        running.replace(with: client.execute(request: httpRequest, delegate: delegate, eventLoop: .indifferent))
        return TransportRequest { running.cancel() }
    }

    public func listModels() async throws -> [String] {
        var request = HTTPClientRequest(url: endpoint.modelsURL)
        request.method = .GET
        endpoint.addCommonHeaders(to: &request.headers)
        do {
            let response = try await client.execute(request, timeout: modelsTimeout)
            if (300..<400).contains(response.status.code) {
                throw ServerRedirect.error(
                    status: response.status, location: response.headers.first(name: "location"),
                    requestURL: endpoint.modelsURL, pathSuffix: Endpoint.modelsPath, redactor: endpoint.redactor)
            }
            guard (200..<300).contains(response.status.code) else {
                let start = try await Self.prefix(of: response.body, upTo: limits.errorBodyBytes)
                throw ErrorBody.httpError(
                    response.status, headers: response.headers, body: start, redactor: endpoint.redactor)
            }
            let bytes = try await Self.prefix(of: response.body, upTo: limits.replyBytes + 1)
            guard bytes.count <= limits.replyBytes else { throw limits.replyTooLarge }
            struct ModelList: Decodable {
                struct Model: Decodable { var id: String }
                var data: [Model]
            }
            guard let list = try? JSONDecoder().decode(ModelList.self, from: Data(bytes)) else {
                throw ChatError.malformed("the model list is not {\"data\": [{\"id\": …}]}")
            }
            return list.data.map(\.id)
        } catch {
            if let failure = TLSFailure(error, host: endpoint.server.host) {
                throw try await endpoint.explain(failure, on: client.eventLoopGroup.next()).get()
            }
            throw Self.classify(error, for: endpoint)
        }
    }

    /// The first `limit` bytes of `body` (all of it when shorter); the rest is not read, and
    /// the connection is closed.
    static func prefix(of body: HTTPClientResponse.Body, upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in body {
            bytes.append(contentsOf: buffer.readableBytesView.prefix(limit - bytes.count))
            if bytes.count >= limit { break }
        }
        return bytes
    }

    /// Maps whatever the HTTP stack threw to a `ChatError`; cancellation stays cancellation.
    /// With `endpoint`, a proxy it goes through is named in a failure to reach it or through
    /// it, and a TLS failure is explained (without looking at the certificate: see
    /// `Endpoint.explain`).
    static func classify(_ error: any Error, for endpoint: Endpoint? = nil) -> any Error {
        if let chat = error as? ChatError { return chat }
        if error is CancellationError { return error }
        if let endpoint {
            if let failure = TLSFailure(error, host: endpoint.server.host) {
                return ChatError.tls(
                    endpoint.redactor(failure.explanation(presented: nil, files: endpoint.network.tls)))
            }
            if let proxy = endpoint.network.proxy, let failure = proxyFailure(error, proxy: proxy) { return failure }
        }
        if let parser = error as? HTTPParserError {
            switch parser {
            case .invalidEOFState:
                // The body stopped in the middle: the server closed the connection or died.
                return ChatError.connection("the server closed the connection mid-reply")
            case .headerOverflow:
                return ResponseLimits.headTooLarge
            default:
                // The server was reached; what it sent is not HTTP.
                return ChatError.malformed("the response is not valid HTTP (\(parser))")
            }
        }
        if let http = error as? HTTPClientError {
            if http == .cancelled { return CancellationError() }
            if http == .deadlineExceeded || http == .readTimeout {
                return ChatError.connection("no response from the server in time")
            }
            if http == .connectTimeout { return ChatError.connection("connecting timed out") }
            if http == .remoteConnectionClosed {
                return ChatError.connection("the server closed the connection")
            }
            return ChatError.connection(plainConnectionDetail(String(describing: http)))
        }
        if Task.isCancelled { return CancellationError() }
        return ChatError.connection(plainConnectionDetail(String(describing: error)))
    }

    /// What went wrong with `proxy`, when that is what `error` says: it asks for credentials,
    /// it refused to connect to the server, it did not answer, it could not be reached.
    private static func proxyFailure(_ error: any Error, proxy: ProxyURL) -> ChatError? {
        if let http = error as? HTTPClientError {
            if http == .proxyAuthenticationRequired {
                return .connection(
                    "the proxy \(proxy) asks for a user name and password (HTTP 407)"
                        + (proxy.credentials == nil
                            ? ": give them in its URL, http://user:password@host:port"
                            : " and refused the ones in its URL"))
            }
            if http == .invalidProxyResponse {
                return .connection(
                    "the proxy \(proxy) refused to connect to the server (it did not answer CONNECT with 200)")
            }
            if http == .httpProxyHandshakeTimeout {
                return .connection("the proxy \(proxy) did not answer in time")
            }
            return nil
        }
        let detail = plainConnectionDetail(String(describing: error))
        guard detail != String(describing: error) else { return nil }
        return .connection("cannot reach the proxy \(proxy): \(detail)")
    }

    /// Whether `error` says the connection was closed under the request, rather than refused
    /// or timed out.
    static func isClosedConnection(_ error: any Error) -> Bool {
        if let http = error as? HTTPClientError, http == .remoteConnectionClosed { return true }
        if let channel = error as? ChannelError {
            switch channel {
            case .ioOnClosedChannel, .eof, .outputClosed, .alreadyClosed: return true
            default: return false
            }
        }
        if let io = error as? IOError { return [ECONNRESET, EPIPE].contains(io.errnoCode) }
        if let parser = error as? HTTPParserError, parser == .invalidEOFState { return true }
        return false
    }

    /// The system's words for the common connection failures ("Connection refused"), which the
    /// HTTP stack wraps in its own type names and errno numbers; anything else unchanged.
    static func plainConnectionDetail(_ detail: String) -> String {
        // Already in chatterm's words, naming the proxy (`proxyFailure`).
        if detail.hasPrefix("cannot reach the proxy ") || detail.hasPrefix("the proxy ") { return detail }
        let known = [
            "Connection refused", "Connection reset by peer", "No route to host", "Network is unreachable",
            "Connection timed out", "Host is down",
        ]
        for phrase in known where detail.lowercased().contains(phrase.lowercased()) {
            return phrase.prefix(1).lowercased() + phrase.dropFirst()
        }
        if detail.contains("dnsAError") || detail.contains("dnsAAAAError") || detail.contains("NXDOMAIN") {
            return "the host name could not be resolved"
        }
        return detail
    }
}
