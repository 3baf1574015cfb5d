import ChatCore
import Foundation

/// A command typed in the input line instead of a prompt (`/retry`, `/open last`, …), as
/// `KeyTable.commands` declares them. A line that starts with "//" is sent as a prompt starting
/// with "/".
public enum SlashCommand: Sendable, Hashable {
    /// Start a new conversation (the current one stays saved).
    case new
    /// Ask for a new reply in place of the last one, the earlier one kept as an alternative.
    case retry
    /// Put a prompt of the branch in view in the editor, to send as a new branch: the latest, or
    /// with a number the Nth from the newest.
    case edit(String?)
    /// Show another alternative (`prev`, `next`, a number) of the last message that has some;
    /// nil says which messages have how many.
    case branch(String?)
    /// Ask the model to go on from a reply that stopped early.
    case continueReply
    /// Browse past conversations.
    case history
    /// Continue a past conversation: an id, an id prefix or `last`; nil opens the browser.
    case open(String?)
    /// Switch the model for the next turn; nil lists the server's models.
    case model(String?)
    /// Switch to a profile of the configuration file for the next turn; nil lists them.
    case profile(String?)
    /// Set the system prompt; nil shows it.
    case system(String?)
    /// Rename the conversation; nil shows the current title.
    case title(String?)
    /// Find text in the conversation; nil clears the search.
    case find(String?)
    /// Write the conversation as Markdown next to its file: the branch in view, or with `all`
    /// every branch.
    case export(String?)
    /// Show replies as they came, without Markdown rendering (toggles).
    case raw
    /// Switch the colours to a theme (a name or a file's path); nil lists the themes.
    case theme(String?)
    /// Copy the last reply to the clipboard, or with a number its Nth code block (`/copy 2`).
    case copy(String?)
    /// Attach files to the next prompt (paths, `~` and globs); nil lists what waits.
    case attach(String?)
    /// Remove a waiting attachment: the Nth, `all`, or (nil) the last.
    case detach(String?)
    /// Selection mode over the conversation: move, mark, copy, write or quote.
    case select
    case help
    case quit
    case unknown(String)

    /// Every command's name, as typed, in the table's order.
    public static var names: [String] { KeyTable.commands.map(\.name) }

    /// The command in `line`, or nil when the line is a prompt.
    public init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let definition = KeyTable.command(named: name) else {
            self = .unknown(name)
            return
        }
        self = definition.make(rest.isEmpty ? nil : rest)
    }

    /// The commands that start with `prefix` (for Tab), in the table's order.
    public static func completions(of prefix: String) -> [String] {
        guard prefix.hasPrefix("/") else { return [] }
        return names.filter { $0.hasPrefix(prefix.lowercased()) }
    }

    /// The known command nearest to a mistyped one ("/retyr" → "/retry"), if one is close.
    public static func suggestion(for name: String) -> String? {
        EditDistance.nearest(to: name, among: names)
    }
}
