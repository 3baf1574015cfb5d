extension ChatTransport {
    /// The request's events as an async stream, for callers that need no timers of their own
    /// (the warm-up, `probe`, tests). Cancelling the consuming task cancels the request.
    public func send(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamEvent.self)
        let sink = TransportSink(
            onEvent: { continuation.yield($0) },
            onFinish: { error in continuation.finish(throwing: error) })
        let handle = start(request, reportingTo: sink)
        continuation.onTermination = { _ in handle.cancel() }
        return stream
    }
}
