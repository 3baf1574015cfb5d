/// A turn followed without a screen: `chatterm ask` sends its prompt through the session and
/// loops over what changes, printing the reply's text as it grows and each phase as it comes.
extension ChatSession {
    /// Sends `prompt` (and `attachments`) as `send` does and returns the changes of the turn it starts, in order,
    /// the last being `.phase(.finished)`; nil (and nothing sent) when `send` refuses.
    ///
    /// The changes are told to `onChange` too, as ever; the sequence holds them until they are
    /// read, so a consumer that stops to print misses none. Cancelling or interrupting the
    /// session ends the reply, and with it the sequence.
    public func changes(sending prompt: String, attachments: [Attachment] = [], leavingOut: Int = 0)
        -> AsyncStream<Change>?
    {
        changes(of: { $0.send(prompt, attachments: attachments, leavingOut: leavingOut) })
    }

    /// Asks again for the last reply, which failed because the context was full, with `count` more
    /// of the oldest messages left out (`ask --fit-context`), and returns the turn's changes.
    public func changes(retryingLeavingOut count: Int) -> AsyncStream<Change>? {
        changes(of: { session in (try? session.retry(leavingOut: count)) != nil })
    }

    /// The changes of the turn `start` begins; nil when it begins none.
    private func changes(of start: (ChatSession) -> Bool) -> AsyncStream<Change>? {
        let (changes, continuation) = AsyncStream.makeStream(of: Change.self)
        let owner = onChange
        // Holds the session until the turn ends, so a consumer that keeps only the sequence
        // still sees the end.
        onChange = { [self] change in
            owner?(change)
            continuation.yield(change)
            if case .phase(.finished) = change {
                continuation.finish()
                onChange = owner
            }
        }
        guard start(self) else {
            onChange = owner
            continuation.finish()
            return nil
        }
        return changes
    }
}
