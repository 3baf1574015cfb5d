import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT, SIGTERM and SIGHUP into cancelling a task, so `ask` ends the reply cleanly,
/// keeps (and saves) what arrived, and exits with 128 + the signal instead of dying mid-line.
/// The signals are caught from creation on, so one that arrives before the task exists is not
/// lost; `signal` says which one came first.
final class SignalCanceller {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// What the signal handlers and the caller share.
    private final class Shared: Sendable {
        struct State {
            var signal: Int32?
            var cancel: (@Sendable () -> Void)?
        }

        let state = Mutex(State())
    }

    private let shared = Shared()
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in Self.signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [shared] in
                let cancel = shared.state.withLock { state -> (@Sendable () -> Void)? in
                    if state.signal == nil { state.signal = number }
                    return state.cancel
                }
                cancel?()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var signal: Int32? { shared.state.withLock { $0.signal } }

    /// `signal`, readable from any task.
    var reader: @Sendable () -> Int32? {
        { [shared] in shared.state.withLock { $0.signal } }
    }

    func cancelOnSignal<Success>(_ task: Task<Success, Never>) {
        let cancel: @Sendable () -> Void = { task.cancel() }
        let received = shared.state.withLock { state in
            state.cancel = cancel
            return state.signal
        }
        if received != nil { cancel() }
    }

    /// Restores the default action of the signals.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.signals { Glibc.signal(number, SIG_DFL) }
    }
}
