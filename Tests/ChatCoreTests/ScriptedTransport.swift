import ChatCore

/// A transport that plays back a script, for testing the core without a network. (The HTTP
/// transport itself is tested against the real DemoServer over loopback.)
struct ScriptedTransport: ChatTransport {
    enum Step: Sendable {
        case event(StreamEvent)
        case fail(ChatError)
        /// Waits until the consumer cancels.
        case hang
    }

    let steps: [Step]

    func send(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let steps = self.steps
        return AsyncThrowingStream { continuation in
            let task = Task {
                for step in steps {
                    switch step {
                    case .event(let event):
                        continuation.yield(event)
                    case .fail(let error):
                        continuation.finish(throwing: error)
                        return
                    case .hang:
                        while !Task.isCancelled { await Task.yield() }
                        continuation.finish(throwing: CancellationError())
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func listModels() async throws -> [String] { ["scripted"] }
}
