import ChatCore

/// A transport that reports a whole reply inside `start`, before the driver's consumer runs
/// again: everything waits in the driver's queue at once, as it does behind a busy screen.
final class BurstTransport: ChatTransport {
    private let events: [StreamEvent]

    init(_ events: [StreamEvent]) {
        self.events = events
    }

    func start(_ request: ChatRequest, reportingTo sink: TransportSink) -> TransportRequest {
        for event in events { sink.yield(event) }
        sink.finish()
        return TransportRequest {}
    }

    func listModels() async throws -> [String] { [] }
}
