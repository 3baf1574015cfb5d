import ChatCore

/// The saved conversations, as the screen needs them: listed, searched, viewed, continued and
/// exported. The `chatterm` target implements it over `ChatStore`; ChatTUI never reads a file.
@MainActor
public protocol ConversationLibrary: AnyObject {
    /// Every saved conversation, newest first, and how many files of the folder could not be
    /// read (damaged, a newer version's, not a regular file, too large), which are skipped.
    func entries() -> (entries: [HistoryEntry], unreadable: Int)

    /// Conversations whose title or messages hold `query` (case-insensitive), with match counts.
    func search(_ query: String) -> [HistoryEntry]

    /// A saved conversation to look at (`reference`: an id, an id prefix or `last`).
    func load(_ reference: String) throws -> Conversation

    /// Makes a saved conversation the session's, saving the current one first; returns a
    /// notice for the status bar (it may be read-only because another chatterm has it open).
    func continueConversation(_ reference: String) throws -> String?

    /// Writes the conversation as Markdown next to its file and returns the path: the branch in
    /// view, or with `allBranches` every branch (as `show --all-branches` prints them).
    func export(_ conversation: Conversation, allBranches: Bool) throws -> String

    /// Starts a new, empty conversation for the session (`/new`); the current one stays saved.
    func startNewConversation() throws
}
