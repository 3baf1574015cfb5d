import Foundation

/// A command typed in the input line instead of a prompt (`/retry`, `/continue`, `/quit`).
/// A line that starts with "//" is sent as a prompt starting with "/".
public enum SlashCommand: Sendable, Hashable {
    /// Replace the last reply with a new one.
    case retry
    /// Ask the model to go on from a reply that stopped early.
    case continueReply
    case quit
    case unknown(String)

    public static let names = ["/retry", "/continue", "/quit"]

    /// The command in `line`, or nil when the line is a prompt.
    public init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        switch name {
        case "/retry": self = .retry
        case "/continue": self = .continueReply
        case "/quit", "/q": self = .quit
        default: self = .unknown(name)
        }
    }
}
