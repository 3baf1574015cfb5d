import Foundation

/// A command typed in the input line instead of a prompt (`/retry`, `/open last`, …).
/// A line that starts with "//" is sent as a prompt starting with "/".
public enum SlashCommand: Sendable, Hashable {
    /// Replace the last reply with a new one.
    case retry
    /// Ask the model to go on from a reply that stopped early.
    case continueReply
    /// Browse past conversations.
    case history
    /// Continue a past conversation: an id, an id prefix or `last`; nil opens the browser.
    case open(String?)
    /// Rename the conversation; nil shows the current title.
    case title(String?)
    /// Write the conversation as Markdown next to its file.
    case export
    case quit
    case unknown(String)

    public static let names = ["/retry", "/continue", "/history", "/open", "/title", "/export", "/quit"]

    /// The command in `line`, or nil when the line is a prompt.
    public init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let argument = rest.isEmpty ? nil : rest
        switch name {
        case "/retry": self = .retry
        case "/continue": self = .continueReply
        case "/history": self = .history
        case "/open": self = .open(argument)
        case "/title": self = .title(argument)
        case "/export": self = .export
        case "/quit", "/q": self = .quit
        default: self = .unknown(name)
        }
    }
}
