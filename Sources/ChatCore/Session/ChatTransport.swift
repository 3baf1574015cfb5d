/// Carries chat requests to a server. `ChatClient` implements it over HTTP; the core only sees
/// this protocol, so it never depends on a network library.
///
/// A transport reports into a `TransportSink` rather than returning a stream of its own: the
/// turn driver merges a request's events with its timers in one queue, and a sink lets the
/// transport write into that queue directly, so a token crosses one thread boundary, not two.
public protocol ChatTransport: Sendable {
    /// Starts the request. The transport reports to `sink`, from any thread, and calls
    /// `sink.finish` exactly once unless the request is cancelled first.
    func start(_ request: ChatRequest, reportingTo sink: TransportSink) -> TransportRequest

    /// The model ids the server offers (`GET {base}/models`).
    func listModels() async throws -> [String]

    /// How many tokens `model`'s context holds, where the server says (`ContextWindow`); nil
    /// when it does not say, or does not answer within a few seconds.
    func contextWindow(model: String) async -> ContextWindow?
}

extension ChatTransport {
    /// A transport that cannot ask never knows.
    public func contextWindow(model: String) async -> ContextWindow? { nil }
}

/// Where a transport delivers what happens to one request.
public struct TransportSink: Sendable {
    private let onEvent: @Sendable (StreamEvent) -> Void
    private let onFinish: @Sendable (ChatError?) -> Void

    public init(
        onEvent: @escaping @Sendable (StreamEvent) -> Void, onFinish: @escaping @Sendable (ChatError?) -> Void
    ) {
        self.onEvent = onEvent
        self.onFinish = onFinish
    }

    public func yield(_ event: StreamEvent) { onEvent(event) }

    /// The body ended (`nil`) or the request failed.
    public func finish(_ error: ChatError? = nil) { onFinish(error) }
}

/// A request under way; cancelling it closes the connection.
public struct TransportRequest: Sendable {
    private let onCancel: @Sendable () -> Void

    public init(cancel: @escaping @Sendable () -> Void) {
        onCancel = cancel
    }

    public func cancel() { onCancel() }
}
