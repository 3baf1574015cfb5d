import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An in-process OpenAI-compatible chat-completions server on loopback, for demo mode, tests and benchmarks.
///
/// It serves `GET /v1/models` and `POST /v1/chat/completions` (streaming and not) with a deterministic reply
/// (see ``replyText(forPrompt:tokens:)``), speaks the SSE dialects of real servers (LF or CRLF framing, with or
/// without a space after `data:`, pings, repeated roles, usage chunks) and injects the failures they are known
/// for (see ``DemoFault``). It runs on SwiftNIO's shared event loops and paces tokens with scheduled tasks.
///
/// ```swift
/// let server = DemoServer(configuration: .init(tokensPerSecond: 0))
/// try await server.start()
/// // point a client at server.baseURL
/// try await server.shutdown()
/// ```
public final class DemoServer: Sendable {
    /// The behaviour of this server; fixed for its lifetime.
    public let configuration: DemoServerConfiguration

    private enum Lifecycle: Sendable {
        case idle
        case starting
        case running(channel: any Channel, host: String, port: Int, scheme: String)
    }

    private let lifecycle = LockedBox(Lifecycle.idle)
    private let state = DemoServerState()

    /// A server that answers according to `configuration`; call ``start(host:port:)`` to listen.
    public init(configuration: DemoServerConfiguration = .init()) {
        self.configuration = configuration
    }

    deinit {
        if case .running(let channel, _, _, _) = lifecycle.withLock({ $0 }) {
            channel.close(promise: nil)
            for connection in state.openConnections {
                connection.close(promise: nil)
            }
        }
    }

    /// Binds to `host` and `port` (`0` picks a free port) and starts serving, over TLS when `tls` is given.
    ///
    /// - Throws: ``DemoServerError/alreadyStarted`` when the server is running, a TLS file's error, or the bind
    ///   error.
    public func start(host: String = "127.0.0.1", port: Int = 0, tls: DemoServerTLS? = nil) async throws {
        try lifecycle.withLock { lifecycle in
            guard case .idle = lifecycle else { throw DemoServerError.alreadyStarted }
            lifecycle = .starting
        }
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = try tls?.makeContext()
        } catch {
            lifecycle.withLock { $0 = .idle }
            throw error
        }
        let configuration = self.configuration
        let state = self.state
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let connectionNumber = state.connectionOpened(channel)
                return channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        ChatCompletionsHandler(
                            configuration: configuration, state: state, connectionNumber: connectionNumber)
                    )
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let boundPort = channel.localAddress?.port ?? port
            let scheme = tls == nil ? "http" : "https"
            lifecycle.withLock { $0 = .running(channel: channel, host: host, port: boundPort, scheme: scheme) }
        } catch {
            lifecycle.withLock { $0 = .idle }
            throw DemoServerError.bindFailed(host: host, port: port, underlying: String(describing: error))
        }
    }

    /// The port the server listens on, or `0` before ``start(host:port:)`` and after ``shutdown()``.
    public var port: Int {
        if case .running(_, _, let port, _) = lifecycle.withLock({ $0 }) {
            return port
        }
        return 0
    }

    /// The OpenAI base URL of the server, `http://127.0.0.1:<port>/v1` (or the bound host, when it is neither a
    /// wildcard address nor `127.0.0.1`; `https` when it serves TLS).
    public var baseURL: String {
        var host = "127.0.0.1"
        var scheme = "http"
        if case .running(_, let boundHost, _, let boundScheme) = lifecycle.withLock({ $0 }) {
            scheme = boundScheme
            switch boundHost {
            case "0.0.0.0", "": host = "127.0.0.1"
            case "::": host = "[::1]"
            default: host = boundHost.contains(":") ? "[\(boundHost)]" : boundHost
            }
        }
        return "\(scheme)://\(host):\(port)/v1"
    }

    /// Stops listening and closes every open connection, ending any stream in flight and releasing requests that
    /// a fault keeps hanging (`hang-before-headers`, `hang-after-headers`, …), so it returns promptly whatever
    /// the clients do. The server can be started again afterwards. Does nothing when the server is not running.
    public func shutdown() async throws {
        let channel: (any Channel)? = lifecycle.withLock { lifecycle in
            guard case .running(let channel, _, _, _) = lifecycle else { return nil }
            lifecycle = .idle
            return channel
        }
        guard let channel else { return }
        try await channel.close().get()
        for connection in state.openConnections {
            // A connection may have closed by itself in the meantime (`alreadyClosed`), and a TLS one
            // whose client vanished without TLS's close_notify fails to close cleanly: neither keeps
            // the server from stopping.
            try? await connection.close().get()
        }
    }

    /// Every request received so far, in order of arrival, whatever its path or outcome: also one that was met
    /// by closing its connection (`llama-overflow`). Each names its connection, so that a request sent on a
    /// fresh connection can be told from one sent on a kept-alive one.
    public var requests: [RecordedRequest] {
        state.requests
    }

    /// How many streamed responses are being written right now, counting those a fault holds back before their
    /// head (`chatglm3`, `chatglm-function-call`).
    public var activeStreamCount: Int {
        state.activeStreamCount
    }

    /// Returns once no streamed response is being written: every stream has finished, failed as its fault
    /// demands, or stopped because its client went away. Returns at once when none is running, and early when
    /// the calling task is cancelled.
    public func waitUntilNoActiveStreams() async {
        await state.waitUntilNoActiveStreams()
    }

    /// The full deterministic reply text for a prompt (what the streamed tokens concatenate to).
    ///
    /// The reply opens with `You said: “<prompt, trimmed, at most 200 characters (then “…”)>”.`, followed by a
    /// fixed passage with English, CJK and emoji and a paragraph break (with `passage` ``DemoPassage/cjk``,
    /// Chinese and Japanese instead). With `tokens`, the reply has exactly that many tokens, the passage repeating
    /// as needed. A request's `max_tokens` truncates this further.
    ///
    /// A prompt that contains `one word` (in any letter case) gets exactly `OK.` instead, with or without
    /// `tokens`: a reply short enough for the `chatglm-short` fault to swallow.
    public static func replyText(
        forPrompt prompt: String, tokens: Int? = nil, passage: DemoPassage = .english
    ) -> String {
        replyTokens(forPrompt: prompt, tokens: tokens, passage: passage).joined()
    }

    /// The reply split into tokens as they are streamed, one `delta.content` each;
    /// `tokens.joined() == replyText(...)`.
    public static func replyTokens(
        forPrompt prompt: String, tokens: Int? = nil, passage: DemoPassage = .english
    ) -> [String] {
        DemoReply.tokens(forPrompt: prompt, count: tokens, passage: passage)
    }
}
