import ChatCore
import Synchronization

/// A transport that plays back one script per request, for testing the core without a network.
/// (The HTTP transport itself is tested against the real DemoServer over loopback.) Requests
/// past the last script replay the last one; the warm-up's one-token request gets
/// `warmUpScript`.
final class ScriptedTransport: ChatTransport {
    enum Step: Sendable {
        case event(StreamEvent)
        case fail(ChatError)
        /// Waits this long before the next step.
        case pause(Duration)
        /// Waits until the request is cancelled, reporting nothing more.
        case hang
    }

    private struct Log {
        var requests: [ChatRequest] = []
        var cancelled: [Int] = []
        var modelListings = 0
    }

    private let scripts: [[Step]]
    private let warmUpScript: [Step]
    private let log = Mutex(Log())

    init(_ scripts: [[Step]], warmUpScript: [Step] = [.event(.content("H")), .event(.finish(reason: "length"))]) {
        self.scripts = scripts
        self.warmUpScript = warmUpScript
    }

    convenience init(steps: [Step]) {
        self.init([steps])
    }

    /// The chat requests sent, warm-ups excluded, in order.
    var requests: [ChatRequest] { log.withLock { $0.requests.filter { !Self.isWarmUp($0) } } }
    var warmUps: Int { log.withLock { $0.requests.filter(Self.isWarmUp).count } }
    /// Which requests (counting from 0, warm-ups excluded) were cancelled.
    var cancelled: [Int] { log.withLock { $0.cancelled } }
    var modelListings: Int { log.withLock { $0.modelListings } }

    private static func isWarmUp(_ request: ChatRequest) -> Bool {
        request.maxTokens == 1 && !request.stream
    }

    func start(_ request: ChatRequest, reportingTo sink: TransportSink) -> TransportRequest {
        let (steps, number): ([Step], Int) = log.withLock { log in
            log.requests.append(request)
            if Self.isWarmUp(request) { return (warmUpScript, -1) }
            let number = log.requests.filter { !Self.isWarmUp($0) }.count - 1
            return (scripts.isEmpty ? [] : scripts[min(number, scripts.count - 1)], number)
        }
        let task = Task {
            for step in steps {
                switch step {
                case .event(let event):
                    sink.yield(event)
                case .fail(let error):
                    sink.finish(error)
                    return
                case .pause(let duration):
                    try? await Task.sleep(for: duration)
                case .hang:
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                    return
                }
            }
            sink.finish()
        }
        return TransportRequest { [self] in
            task.cancel()
            if number >= 0 { log.withLock { $0.cancelled.append(number) } }
        }
    }

    func listModels() async throws -> [String] {
        log.withLock { $0.modelListings += 1 }
        return ["scripted"]
    }
}
