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
    private let client: HTTPClient
    /// The longest wait for the response head.
    private let headTimeout: TimeAmount
    /// Error bodies are read up to this size for their message.
    private static let errorBodyLimit = 256 * 1024
    /// A non-streaming reply is read up to this size.
    private static let completionBodyLimit = 64 * 1024 * 1024

    /// The client every transport shares unless given another. Failed connection attempts are
    /// not retried inside AsyncHTTPClient (by default it retries until the request's deadline,
    /// which made a dead server look like a long wait): retrying is chatterm's own policy, and a
    /// refused connection is reported at once.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(
        endpoint: Endpoint, client: HTTPClient = HTTPChatTransport.sharedClient, headTimeoutSeconds: Double = 120
    ) {
        self.endpoint = endpoint
        self.client = client
        self.headTimeout = .milliseconds(Int64(headTimeoutSeconds * 1000))
    }

    public func send(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamEvent.self)
        let task = Task {
            do {
                try await run(request) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: Self.classify(error))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func listModels() async throws -> [String] {
        var request = HTTPClientRequest(url: endpoint.modelsURL)
        request.method = .GET
        addCommonHeaders(to: &request)
        do {
            let response = try await client.execute(request, timeout: headTimeout)
            let body = try await response.body.collect(upTo: Self.errorBodyLimit)
            let bytes = Array(buffer: body)
            guard (200..<300).contains(response.status.code) else {
                throw ChatError.http(status: Int(response.status.code), message: Self.message(bytes, response.status))
            }
            struct ModelList: Decodable {
                struct Model: Decodable { var id: String }
                var data: [Model]
            }
            guard let list = try? JSONDecoder().decode(ModelList.self, from: Data(bytes)) else {
                throw ChatError.malformed("the model list is not {\"data\": [{\"id\": …}]}")
            }
            return list.data.map(\.id)
        } catch {
            throw Self.classify(error)
        }
    }

    private func run(_ chat: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        var request = HTTPClientRequest(url: endpoint.chatCompletionsURL)
        request.method = .POST
        addCommonHeaders(to: &request)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: chat.stream ? "text/event-stream" : "application/json")
        request.body = .bytes(ByteBuffer(bytes: try RequestBody.encode(chat)))

        let response = try await client.execute(request, timeout: headTimeout)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = try await response.body.collect(upTo: Self.errorBodyLimit)
            throw ChatError.http(status: status, message: Self.message(Array(buffer: body), response.status))
        }
        yield(.responseHead(status: status))

        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        let decoder = ChunkDecoder()
        if !chat.stream || contentType.contains("application/json") {
            let body = try await response.body.collect(upTo: Self.completionBodyLimit)
            let bytes = Array(buffer: body)
            if bytes.isEmpty { return }
            for event in try decoder.decodeCompletion(bytes) { yield(event) }
            return
        }

        var parser = SSEParser()
        for try await buffer in response.body {
            let events = buffer.withUnsafeReadableBytes { parser.feed($0) }
            for event in events {
                for decoded in try decoder.decode(event) { yield(decoded) }
            }
        }
        for event in parser.finish() {
            for decoded in try decoder.decode(event) { yield(decoded) }
        }
    }

    private func addCommonHeaders(to request: inout HTTPClientRequest) {
        request.headers.add(name: "User-Agent", value: "chatterm")
        if let key = endpoint.apiKey {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
    }

    private static func message(_ body: [UInt8], _ status: HTTPResponseStatus) -> String {
        ErrorBody.message(from: body) ?? status.reasonPhrase
    }

    /// Maps whatever the HTTP stack threw to a `ChatError`; cancellation stays cancellation.
    static func classify(_ error: any Error) -> any Error {
        if let chat = error as? ChatError { return chat }
        if error is CancellationError { return error }
        if let http = error as? HTTPClientError {
            if http == .cancelled { return CancellationError() }
            if http == .deadlineExceeded || http == .readTimeout {
                return ChatError.connection("no response from the server in time")
            }
            if http == .connectTimeout { return ChatError.connection("connecting timed out") }
            if http == .remoteConnectionClosed {
                return ChatError.connection("the server closed the connection")
            }
            return ChatError.connection(String(describing: http))
        }
        if Task.isCancelled { return CancellationError() }
        return ChatError.connection(String(describing: error))
    }
}
