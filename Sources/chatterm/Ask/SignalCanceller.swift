import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT, SIGTERM and SIGHUP into an action, so `ask` ends the reply cleanly, keeps (and
/// saves) what arrived, and exits with 128 + the signal instead of dying mid-line. The signals
/// are caught from creation on, so one that arrives before there is an action is not lost.
final class SignalCanceller {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// The first signal and what to do about it, shared by the signal handlers and any task.
    final class Receiver: Sendable {
        private struct State {
            var signal: Int32?
            var action: (@Sendable (Int32) -> Void)?
        }

        private let state = Mutex(State())

        /// The first signal received, if any.
        var signal: Int32? { state.withLock { $0.signal } }

        /// Runs `action` with the first signal when one comes, at once if one came already; it
        /// replaces the action given before.
        func onSignal(_ action: @escaping @Sendable (Int32) -> Void) {
            let received = state.withLock { state in
                state.action = action
                return state.signal
            }
            if let received { action(received) }
        }

        fileprivate func receive(_ number: Int32) {
            let (first, action) = state.withLock { state in
                if state.signal == nil { state.signal = number }
                return (state.signal ?? number, state.action)
            }
            action?(first)
        }
    }

    let receiver = Receiver()
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in Self.signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [receiver] in receiver.receive(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default action of the signals.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.signals { Glibc.signal(number, SIG_DFL) }
    }
}
