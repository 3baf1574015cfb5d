/// The kind of a failure read back from the words a reply was saved with, for replies saved
/// before their figures kept it (`TurnStats.errorCategory`). Each `ChatError.description` starts
/// in a way of its own; `ChatErrorSavedTextTests` checks every case reads back as its category.
extension ChatError.Category {
    /// The category of the failure whose `ChatError.description` is `text`, or nil for words no
    /// failure of the transport writes (a reason chatterm stopped for, a hand-edited file).
    public init?(savedError text: String) {
        if let category = Self.exactTexts[text] {
            self = category
            return
        }
        guard let category = Self.prefixes.first(where: { text.hasPrefix($0.prefix) })?.category else { return nil }
        self = category
    }

    private static let exactTexts: [String: ChatError.Category] = [
        ChatError.emptyStream.description: .empty, ChatError.emptyReply.description: .empty,
    ]

    private static let prefixes: [(prefix: String, category: ChatError.Category)] = [
        ("HTTP ", .server), ("server error: ", .server),
        ("connection failed: ", .connection), ("invalid endpoint URL: ", .connection),
        ("the stream ended ", .connection),
        ("malformed response: ", .malformed),
        ("could not connect within ", .timeout), ("no first token within ", .timeout),
        ("no reply within ", .timeout), ("no new text for ", .timeout), ("the reply took longer than ", .timeout),
        ("warm-up took longer than ", .timeout),
    ]
}
