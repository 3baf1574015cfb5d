/// Runs one reply: sends the request through a transport, feeds what arrives to a
/// `TurnStateMachine`, and reports the machine's outputs as an async sequence. Both the
/// full-screen UI and `chatterm ask` consume it, so they behave alike.
public struct TurnRunner: Sendable {
    public let transport: any ChatTransport

    public init(transport: any ChatTransport) {
        self.transport = transport
    }

    /// Starts the reply. The sequence always ends with `.finished` unless the consumer stops
    /// listening first; cancelling the consuming task (or dropping the sequence) aborts the request.
    public func run(_ request: ChatRequest) -> AsyncStream<TurnStateMachine.Output> {
        let (stream, continuation) = AsyncStream.makeStream(of: TurnStateMachine.Output.self)
        let transport = self.transport
        let task = Task {
            let clock = ContinuousClock()
            var machine = TurnStateMachine()
            func apply(_ input: TurnStateMachine.Input) {
                for output in machine.handle(input, at: clock.now) {
                    continuation.yield(output)
                }
            }
            apply(.start)
            do {
                for try await event in transport.send(request) {
                    apply(.event(event))
                }
                try Task.checkCancellation()
                apply(.end)
            } catch is CancellationError {
                apply(.cancel)
            } catch let error as ChatError {
                apply(Task.isCancelled ? .cancel : .fail(error))
            } catch {
                apply(Task.isCancelled ? .cancel : .fail(.connection(String(describing: error))))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
