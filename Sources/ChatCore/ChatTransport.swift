/// Carries chat requests to a server. `ChatClient` implements it over HTTP; the core only sees
/// this protocol, so it never depends on a network library.
public protocol ChatTransport: Sendable {
    /// Sends the request and reports its progress. The sequence ends after the body ends, or
    /// throws a `ChatError`; cancelling the consuming task aborts the request.
    func send(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error>

    /// The model ids the server offers (`GET {base}/models`).
    func listModels() async throws -> [String]
}
