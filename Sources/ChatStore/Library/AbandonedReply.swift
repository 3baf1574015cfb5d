import ChatCore

/// A reply a file still marks `streaming` though no chatterm writes it any more: the one that did
/// stopped before the reply ended (`kill -9`, a crash, a power cut) and could not say so. It
/// reads as `interrupted`, with the reason below, wherever it is shown or continued; the file
/// itself changes only when the conversation is saved anyway, by the chatterm that holds it.
enum AbandonedReply {
    static let error = "chatterm stopped before the reply ended"

    /// Marks every message of `conversation` still `streaming` as interrupted, with `error`.
    static func markInterrupted(in conversation: inout Conversation) {
        for index in conversation.messages.indices where conversation.messages[index].status == .streaming {
            conversation.messages[index].status = .interrupted
            conversation.messages[index].error = error
        }
    }
}
