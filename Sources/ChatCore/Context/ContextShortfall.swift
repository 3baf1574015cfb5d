/// A prompt that would not fit the context, and the offer to send it without the oldest
/// messages: what the chat's status bar says before sending, and `ask` without `--fit-context`.
public struct ContextShortfall: Sendable, Hashable {
    /// The tokens the request would need, the reply's room included (`ContextTrim.reserve`).
    public var needed: Int
    public var limit: Int
    /// How many of the oldest messages after the system prompt to leave out; nil when even the
    /// prompt alone does not fit.
    public var leaveOut: Int?

    public init(needed: Int, limit: Int, leaveOut: Int?) {
        self.needed = needed
        self.limit = limit
        self.leaveOut = leaveOut
    }

    /// "this prompt needs ~9.2k of 8k tokens".
    public var summary: String {
        "this prompt needs ~\(ContextUse.short(needed)) of \(ContextUse.short(limit)) tokens"
    }

    /// "the 6 oldest messages", "the oldest message".
    public var leftOutPhrase: String {
        let count = leaveOut ?? 0
        return count == 1 ? "the oldest message" : "the \(count) oldest messages"
    }
}
