import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns Ctrl-C (SIGINT) into cancelling a task, so `ask` ends the reply as cancelled, prints
/// what arrived and exits 130, instead of dying mid-line. The signal is caught from creation
/// on, so one that arrives before the task exists is not lost.
final class InterruptCanceller {
    /// What the signal handler and the caller share.
    private final class Shared: Sendable {
        struct State {
            var interrupted = false
            var cancel: (@Sendable () -> Void)?
        }

        let state = Mutex(State())
    }

    private let shared = Shared()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [shared] in
            let cancel = shared.state.withLock { state -> (@Sendable () -> Void)? in
                state.interrupted = true
                return state.cancel
            }
            cancel?()
        }
        source.resume()
    }

    func cancelOnInterrupt<Success>(_ task: Task<Success, Never>) {
        let cancel: @Sendable () -> Void = { task.cancel() }
        let interrupted = shared.state.withLock { state in
            state.cancel = cancel
            return state.interrupted
        }
        if interrupted { cancel() }
    }

    /// Restores the default action of SIGINT.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
