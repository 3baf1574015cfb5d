/// How full the model's context is: the conversation's tokens against the limit, as the
/// status bar shows it (`ctx 3.1k/8k`).
///
/// The conversation's tokens are the server's own count where it gave one, the `usage` of the
/// last reply that has it (its prompt and its completion: everything up to that reply), plus
/// `TokenEstimate` of the messages after it. Without any `usage` all of it is estimated.
public struct ContextUse: Sendable, Hashable {
    public var used: Int
    public var limit: Int

    public init(used: Int, limit: Int) {
        self.used = used
        self.limit = limit
    }

    /// Past four fifths of the limit: the status bar warns.
    public var isNearlyFull: Bool { used * 5 > limit * 4 }

    /// `ctx 3.1k/8k`.
    public var label: String { "ctx \(Self.short(used))/\(Self.short(limit))" }

    /// A count of tokens in few characters, in units of 1,024 (the way context sizes are
    /// said: 8192 is "8k"): 950, 3.1k, 12k.
    public static func short(_ tokens: Int) -> String {
        guard tokens >= 1024 else { return String(tokens) }
        let tenths = (tokens * 10 + 512) / 1024
        if tenths >= 100 || tenths % 10 == 0 { return "\((tokens + 512) / 1024)k" }
        return "\(tenths / 10).\(tenths % 10)k"
    }

    /// The tokens `conversation`'s next request would carry before its new prompt, when it
    /// leaves out `leftOut` of the oldest messages (`ContextTrim`). The server's count already
    /// left them out when it was given for a request that did.
    public static func tokens(in conversation: Conversation, leavingOut leftOut: Int = 0) -> Int {
        let messages = conversation.messages
        let counted = messages.indices.last(where: { index in
            let stats = messages[index].stats
            return messages[index].role == .assistant && messages[index].status == .complete
                && stats?.promptTokens != nil && stats?.completionTokens != nil
        })
        var total = 0
        var rest = messages[...]
        if let counted, let stats = messages[counted].stats {
            total = (stats.promptTokens ?? 0) + (stats.completionTokens ?? 0)
            rest = messages[(counted + 1)...]
        }
        var uncounted = Conversation(messages: Array(rest)).requestMessages
        if counted == nil { uncounted = ContextTrim.leavingOut(leftOut, of: uncounted) }
        return total + TokenEstimate.tokens(in: uncounted)
    }
}
