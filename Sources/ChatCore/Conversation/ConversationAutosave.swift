/// Where a session's conversation goes whenever it changes. `ChatStore`'s autosaver implements
/// it; the core only says when, so it never touches a file.
@MainActor
public protocol ConversationAutosave: AnyObject {
    /// The conversation changed. `urgent` is true when a message was added, removed, renamed or
    /// finished (save now) and false for streamed text (save within about a second).
    func conversationChanged(_ conversation: Conversation, urgent: Bool)

    /// Saves whatever is pending and returns once it is on disk (or failed): before exiting.
    func flush()
}
