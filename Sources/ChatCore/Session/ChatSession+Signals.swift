import Foundation

/// Ending the reply under way because a signal ends chatterm: the chat on SIGTERM, SIGHUP or
/// SIGINT, `ask` on SIGTERM and SIGHUP (its Ctrl-C is the user's cancel).
extension ChatSession {
    /// Stops the reply under way and keeps what arrived, marked interrupted with the signal's
    /// reason.
    public func interrupt(bySignal signal: Int32) {
        interrupt(because: Self.stopReason(signal: signal))
    }

    /// Why the reply stopped, as saved with it, for each signal that ends the program.
    public static func stopReason(signal: Int32) -> String {
        switch signal {
        case SIGHUP: return "the terminal hung up"
        case SIGTERM: return "chatterm was terminated"
        case SIGINT: return "chatterm was interrupted"
        default: return "chatterm stopped (signal \(signal))"
        }
    }
}
