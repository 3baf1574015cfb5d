/// Which of the oldest messages a request leaves out so that it fits the context, when the
/// user agreed to (the chat's offer, `ask --fit-context`). The conversation and its file keep
/// every message: only the request is shorter.
///
/// A leading system prompt always stays, and so does the newest message (the prompt being
/// sent). Messages go oldest first, and whole exchanges at a time: the first message kept after
/// the system prompt is a user's, never a reply cut from its question.
public enum ContextTrim {
    /// The room kept for the reply: `max_tokens` when set, else an eighth of the window; at
    /// most half of it either way.
    public static func reserve(limit: Int, maxTokens: Int?) -> Int {
        min(maxTokens ?? limit / 8, limit / 2)
    }

    /// How many messages after the system prompt to leave out of `messages` (the newest being
    /// the prompt) so that at least `excess` tokens go: 0 when nothing needs to, nil when leaving
    /// out all but the system prompt and the newest message is still not enough.
    public static func leftOut(_ messages: [ChatRequest.Message], freeing excess: Int) -> Int? {
        let first = messages.first?.role == .system ? 1 : 0
        var freed = 0
        var count = 0
        while freed < excess || (count > 0 && messages[first + count].role != .user) {
            guard first + count < messages.count - 1 else { return nil }
            freed += TokenEstimate.tokens(in: [messages[first + count]])
            count += 1
        }
        return count
    }

    /// `messages` without the `count` after the system prompt.
    public static func leavingOut(_ count: Int, of messages: [ChatRequest.Message]) -> [ChatRequest.Message] {
        guard count > 0 else { return messages }
        let first = messages.first?.role == .system ? 1 : 0
        return Array(messages[..<first]) + messages[min(messages.count, first + count)...]
    }
}
