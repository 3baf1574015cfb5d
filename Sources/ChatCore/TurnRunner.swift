/// Runs one reply: sends the request through a transport, feeds what arrives to a
/// `TurnStateMachine`, and hands out the machine's outputs as an async sequence. Both the
/// full-screen UI and `chatterm ask` consume it, so they behave alike.
public struct TurnRunner: Sendable {
    public let transport: any ChatTransport

    public init(transport: any ChatTransport) {
        self.transport = transport
    }

    /// Starts the reply. The sequence ends with `.finished` (a cancelled consumer sees
    /// `.finished(.cancelled, …)` if it keeps listening); cancelling the consuming task, or
    /// dropping the sequence, aborts the request.
    public func run(_ request: ChatRequest) -> TurnUpdates {
        TurnUpdates(events: transport.send(request))
    }
}

/// The outputs of one reply, in order. The state machine runs inside the consumer's own
/// iteration, on the consumer's actor: no task or buffer of its own stands between the
/// transport and the screen, which saves a thread hop per streamed token.
public struct TurnUpdates: AsyncSequence, Sendable {
    public typealias Element = TurnStateMachine.Output
    public typealias Failure = Never

    let events: AsyncThrowingStream<StreamEvent, any Error>

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: events.makeAsyncIterator())
    }

    /// Pulls transport events and turns them into machine outputs.
    public struct Iterator: AsyncIteratorProtocol {
        var source: AsyncThrowingStream<StreamEvent, any Error>.Iterator
        var machine = TurnStateMachine()
        var pending: [TurnStateMachine.Output] = []
        var nextPending = 0
        let clock = ContinuousClock()

        public mutating func next() async -> TurnStateMachine.Output? {
            await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> TurnStateMachine.Output? {
            while nextPending == pending.count {
                if case .finished = machine.phase { return nil }
                pending = machine.handle(await nextInput(isolation: actor), at: clock.now)
                nextPending = 0
            }
            defer { nextPending += 1 }
            return pending[nextPending]
        }

        private mutating func nextInput(isolation actor: isolated (any Actor)?) async -> TurnStateMachine.Input {
            if machine.phase == .idle { return .start }
            do {
                guard let event = try await source.next(isolation: actor) else {
                    return Task.isCancelled ? .cancel : .end
                }
                return .event(event)
            } catch is CancellationError {
                return .cancel
            } catch let error as ChatError {
                return Task.isCancelled ? .cancel : .fail(error)
            } catch {
                return Task.isCancelled ? .cancel : .fail(.connection(String(describing: error)))
            }
        }
    }
}
