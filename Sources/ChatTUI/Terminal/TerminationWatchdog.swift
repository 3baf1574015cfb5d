import CTerminalGuard
import Dispatch

/// Makes sure SIGTERM, SIGHUP and SIGINT end chatterm, with the terminal given back, even when
/// the main queue cannot act on them.
///
/// `TerminalApp` quits on these signals from the main queue: the reply interrupted and saved, the
/// terminal given back. But the main queue can be stuck in a write to a terminal that no longer
/// reads — flow control, a frozen SSH link, a terminal emulator that stopped drawing — and then
/// the signal would wait for ever: only SIGKILL would end chatterm, leaving the terminal raw on
/// the alternate screen. So each signal is taken on a queue of its own, which asks the main queue
/// to quit and starts this watchdog. If chatterm still owns the terminal `grace` later, the
/// watchdog discards what the terminal has not taken, writes the reset sequences, restores the
/// modes and exits with 128 + the signal (`chatterm_guard_force_exit`). The reply in progress
/// keeps what the last autosave wrote, and reads as interrupted once no process holds it. While
/// `$EDITOR` has the terminal (`lendingTerminal`), the watchdog leaves it alone: chatterm quits
/// when the editor is done, as before.
enum TerminationWatchdog {
    /// How long a clean quit may take before the watchdog ends chatterm. A clean quit takes
    /// milliseconds; a blocked write never ends.
    static let grace: DispatchTimeInterval = .seconds(2)

    /// Where the signals are taken and the watchdog waits: never the main queue.
    static let queue = DispatchQueue(label: "chatterm.termination")

    /// A source, not resumed yet, that takes `signal` off the main queue, starts the watchdog and
    /// then calls `quit` with 128 + the signal on the main actor.
    static func signalSource(
        for signal: Int32, quit: @escaping @MainActor @Sendable (Int32) -> Void
    ) -> DispatchSourceSignal {
        let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        source.setEventHandler {
            start(status: 128 + signal)
            DispatchQueue.main.async { MainActor.assumeIsolated { quit(128 + signal) } }
        }
        return source
    }

    /// Ends chatterm with `status` after `grace` unless it has given the terminal back by then.
    static func start(status: Int32) {
        queue.asyncAfter(deadline: .now() + grace) { chatterm_guard_force_exit(status) }
    }

    /// Runs `body` (a child that owns the terminal, such as the user's editor) with the watchdog
    /// held off.
    static func lendingTerminal<Result>(_ body: () throws -> Result) rethrows -> Result {
        chatterm_guard_lend_terminal(1)
        defer { chatterm_guard_lend_terminal(0) }
        return try body()
    }
}
