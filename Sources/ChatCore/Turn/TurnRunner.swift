/// Runs replies: feeds a `TurnStateMachine` what the transport and the timers report, carries
/// out its commands (`TurnCommand`: warm up, send, cancel, tell `EndpointHealth`), and hands out
/// its events (`TurnEvent`) as an async sequence. Both the full-screen UI and `chatterm ask`
/// consume it, so they behave alike.
public struct TurnRunner: Sendable {
    public let transport: any ChatTransport
    public let policy: TurnPolicy
    /// Shared by every reply of a run.
    public let health: EndpointHealth

    public init(
        transport: any ChatTransport, policy: TurnPolicy = TurnPolicy(), health: EndpointHealth = EndpointHealth()
    ) {
        self.transport = transport
        self.policy = policy
        self.health = health
    }

    /// Starts a reply. The sequence ends after `.finished`; cancelling the consuming task ends
    /// the reply as cancelled (a consumer that keeps listening sees `.finished(.cancelled, …)`),
    /// and dropping the sequence aborts whatever is under way. A reply `continuing` an earlier
    /// one (`/continue`) keeps its leading line breaks, which may start a paragraph.
    public func run(_ request: ChatRequest, continuing: Bool = false) -> TurnUpdates {
        TurnUpdates(runner: self, request: request, continuing: continuing)
    }

    /// The driver of one reply, for a consumer that also reads the machine's figures while it runs
    /// (`ChatSession`).
    func driver(for request: ChatRequest, continuing: Bool = false) -> TurnDriver {
        TurnDriver(runner: self, request: request, continuing: continuing)
    }
}

/// What one reply shows, in order: phases, text, and finally `.finished`.
public struct TurnUpdates: AsyncSequence, Sendable {
    public typealias Element = TurnEvent
    public typealias Failure = Never

    let runner: TurnRunner
    let request: ChatRequest
    let continuing: Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(driver: runner.driver(for: request, continuing: continuing))
    }

    /// Pulls inputs and turns them into outputs. The machine runs inside the consumer's own
    /// iteration, on the consumer's actor: transport events go straight into the driver's
    /// queue, so a token crosses one thread boundary on its way to the screen, and text that
    /// arrives while the consumer is busy waits joined into one piece (`TurnInbox`).
    public struct Iterator: AsyncIteratorProtocol {
        let driver: TurnDriver

        public mutating func next() async -> TurnEvent? {
            await driver.next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> TurnEvent? {
            await driver.next(isolation: actor)
        }
    }
}

/// The I/O half of a reply: one queue for every input (`TurnInbox`), the transport request, the
/// warm-up task and one timer. Used only from the consuming task, one call at a time; the
/// machine may be read between calls, on the same actor.
final class TurnDriver {
    private(set) var machine: TurnStateMachine
    private let runner: TurnRunner
    private let inbox = TurnInbox()
    private var arrivals: AsyncStream<Void>.Iterator
    /// What was taken from the inbox and not yet handed to the machine.
    private var taken: [TurnInbox.Entry] = []
    private var nextTaken = 0
    private var pending: [TurnEvent] = []
    private var nextPending = 0
    private var request: TransportRequest?
    private var warmUpTask: Task<Void, Never>?
    private var timer: Task<Void, Never>?
    private var armedDeadline: ContinuousClock.Instant?
    private var timerGeneration = 0
    private let clock = ContinuousClock()

    init(runner: TurnRunner, request: ChatRequest, continuing: Bool) {
        self.runner = runner
        machine = TurnStateMachine(request: request, policy: runner.policy, trimsLeadingBlankLines: !continuing)
        arrivals = inbox.arrivals.makeAsyncIterator()
    }

    deinit {
        request?.cancel()
        warmUpTask?.cancel()
        timer?.cancel()
        inbox.close()
    }

    func next(isolation actor: isolated (any Actor)?) async -> TurnEvent? {
        while nextPending == pending.count {
            if machine.isFinished { return nil }
            let input = await nextInput(isolation: actor)
            pending = perform(machine.handle(input, at: clock.now))
            nextPending = 0
            rearmTimer()
        }
        defer { nextPending += 1 }
        return pending[nextPending]
    }

    private func nextInput(isolation actor: isolated (any Actor)?) async -> TurnStateMachine.Input {
        if machine.phase == .idle {
            let now = clock.now
            return .start(
                warmUp: runner.health.needsWarmUp(runner.policy, now: now), streamingOff: runner.health.beginReply())
        }
        while true {
            if Task.isCancelled { return .cancel }
            if nextTaken == taken.count {
                taken = inbox.takeAll()
                nextTaken = 0
                if taken.isEmpty {
                    // The wake-ups end (nil) when the consuming task is cancelled.
                    guard await arrivals.next(isolation: actor) != nil else { return .cancel }
                    continue
                }
            }
            let entry = taken[nextTaken]
            nextTaken += 1
            switch entry {
            case .machine(let input):
                return input
            case .timer(let generation) where generation == timerGeneration:
                armedDeadline = nil
                return .deadlinePassed
            case .timer:
                continue
            }
        }
    }

    /// Carries out the commands and returns the events to hand out. A streamed token carries no
    /// command: its events are returned as they are, without a copy.
    private func perform(_ reaction: TurnStateMachine.Reaction) -> [TurnEvent] {
        var notices: [TurnEvent] = []
        for command in reaction.commands {
            switch command {
            case .send(let outgoing, let attempt):
                // The machine has closed any earlier request before it sends another.
                request = runner.transport.start(outgoing, reportingTo: sink(for: attempt))
            case .cancelRequest:
                request?.cancel()
                request = nil
            case .warmUp(let warmUpRequest):
                startWarmUp(warmUpRequest)
            case .cancelWarmUp:
                warmUpTask?.cancel()
                warmUpTask = nil
            case .report(let report):
                if let notice = runner.health.record(report) { notices.append(.streamingOff(notice)) }
            case .endpointAnswered:
                runner.health.answered(at: clock.now)
            }
        }
        // A request the transport ended needs no cancelling when the driver goes.
        if machine.isFinished { request = nil }
        // Before the machine's events, which may end with `.finished`: nothing follows that.
        return notices.isEmpty ? reaction.events : notices + reaction.events
    }

    private func sink(for attempt: Int) -> TransportSink {
        let inbox = self.inbox
        return TransportSink(
            onEvent: { inbox.append(.machine(.event($0, attempt: attempt))) },
            onFinish: { error in
                inbox.append(.machine(error.map { .fail($0, attempt: attempt) } ?? .end(attempt: attempt)))
            })
    }

    /// Waits for the run's warm-up: the one under way (the chat starts one as it opens), or a new
    /// one. Cancelling this reply's wait leaves a warm-up that others may be waiting for.
    private func startWarmUp(_ warmUpRequest: ChatRequest) {
        let inbox = self.inbox
        let warmUp = runner.health.warmUp(
            warmUpRequest, through: runner.transport, policy: runner.policy, now: clock.now
        ).report
        warmUpTask = Task {
            let report = await warmUp.value
            if !Task.isCancelled { inbox.append(.machine(.warmUpFinished(report))) }
        }
    }

    /// Keeps one timer set for the machine's deadline; it changes only on transitions.
    private func rearmTimer() {
        let deadline = machine.deadline
        guard deadline != armedDeadline else { return }
        timer?.cancel()
        timer = nil
        armedDeadline = deadline
        timerGeneration += 1
        guard let deadline else { return }
        let generation = timerGeneration
        let inbox = self.inbox
        timer = Task {
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return
            }
            inbox.append(.timer(generation: generation))
        }
    }
}
