import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A small HTTP forward proxy on 127.0.0.1 for tests, as squid or tinyproxy behave for a client
/// that tunnels: it answers `CONNECT host:port` with 200 and then relays bytes both ways, and
/// records every request head it was sent. With `credentials` it wants
/// `Proxy-Authorization: Basic …` for them and answers 407 without it. Anything but `CONNECT`
/// is recorded and answered 501.
public final class ForwardProxy: Sendable {
    /// One request head the proxy received.
    public struct Request: Sendable, Hashable {
        public var method: String
        /// `host:port` for CONNECT.
        public var target: String
        /// Names lowercased.
        public var headers: [String: String]
    }

    private let credentials: (user: String, password: String)?
    private let state = Mutex(State())

    private struct State {
        var channel: (any Channel)?
        var requests: [Request] = []
    }

    public init(credentials: (user: String, password: String)? = nil) {
        self.credentials = credentials
    }

    /// Starts listening on a free port of 127.0.0.1.
    public func start() async throws {
        let expected = credentials.map { "Basic " + Data("\($0.user):\($0.password)".utf8).base64EncodedString() }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        HeadHandler(expectedAuthorization: expected) { self.record($0) })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        state.withLock { $0.channel = channel }
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    public var port: Int { state.withLock { $0.channel?.localAddress?.port ?? 0 } }

    /// Every request head received so far, in order.
    public var requests: [Request] { state.withLock { $0.requests } }

    public func shutdown() async throws {
        let channel = state.withLock { state in
            defer { state.channel = nil }
            return state.channel
        }
        try await channel?.close().get()
    }

    private func record(_ request: Request) {
        state.withLock { $0.requests.append(request) }
    }

    /// Reads the request head, then tunnels: the client's channel is glued to the server's.
    private final class HeadHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let expectedAuthorization: String?
        private let record: @Sendable (Request) -> Void
        private var buffered: ByteBuffer?
        private var headDone = false
        /// What the client sent after the head, before the tunnel was up.
        private var pending: [ByteBuffer] = []
        private static let longestHead = 16 * 1024

        init(expectedAuthorization: String?, record: @escaping @Sendable (Request) -> Void) {
            self.expectedAuthorization = expectedAuthorization
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            guard !headDone else { return pending.append(incoming) }
            if buffered == nil { buffered = incoming } else { buffered!.writeBuffer(&incoming) }
            guard var bytes = buffered else { return }
            let view = Array(bytes.readableBytesView)
            guard let end = Self.headEnd(in: view) else {
                if view.count > Self.longestHead { context.close(promise: nil) }
                return
            }
            bytes.moveReaderIndex(forwardBy: end)
            let rest = bytes
            buffered = nil
            headDone = true
            let lines = String(decoding: view[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            let request = Request(
                method: requestLine.first.map(String.init) ?? "",
                target: requestLine.count > 1 ? String(requestLine[1]) : "", headers: headers)
            record(request)
            guard request.method == "CONNECT" else {
                return answer("501 Not Implemented", context: context)
            }
            if let expectedAuthorization, headers["proxy-authorization"] != expectedAuthorization {
                return answer(
                    "407 Proxy Authentication Required", extra: "Proxy-Authenticate: Basic realm=\"test\"\r\n",
                    context: context)
            }
            tunnel(to: request.target, leftover: rest, context: context)
        }

        private func answer(_ status: String, extra: String = "", context: ChannelHandlerContext) {
            let text = "HTTP/1.1 \(status)\r\n\(extra)Content-Length: 0\r\nConnection: close\r\n\r\n"
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }

        private func tunnel(to target: String, leftover: ByteBuffer, context: ChannelHandlerContext) {
            guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else {
                return answer("400 Bad Request", context: context)
            }
            let host = String(target[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            let client = context.channel
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            ClientBootstrap(group: context.eventLoop)
                .connect(host: host, port: port)
                .hop(to: context.eventLoop)
                .whenComplete { [self] result in
                    let context = loopBound.value
                    switch result {
                    case .failure:
                        answer("502 Bad Gateway", context: context)
                    case .success(let server):
                        // The server's channel is on this event loop too (the bootstrap's group).
                        let established = ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")
                        context.writeAndFlush(wrapOutboundOut(established), promise: nil)
                        for piece in [leftover] + pending where piece.readableBytes > 0 {
                            server.writeAndFlush(piece, promise: nil)
                        }
                        pending = []
                        try? server.pipeline.syncOperations.addHandler(Relay(partner: client))
                        try? context.pipeline.syncOperations.addHandler(Relay(partner: server))
                        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                    }
                }
        }

        /// Where the blank line that ends the head is, past it.
        private static func headEnd(in bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            return nil
        }
    }

    /// Writes what one side reads to the other, and closes the other when one closes.
    private final class Relay: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer

        private let partner: any Channel

        init(partner: any Channel) {
            self.partner = partner
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            partner.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
