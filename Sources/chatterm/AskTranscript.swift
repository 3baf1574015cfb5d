import ChatCore
import ChatStore

/// The conversation one `ask` holds: the prompt and the reply as it streams, saved as it grows
/// when `--save` asks for it (the prompt before the request goes out, streamed text at most a
/// second late, the end at once), so a killed `ask` loses at most about a second of reply.
@MainActor
final class AskTranscript {
    private(set) var conversation: Conversation
    private let saver: Autosaver?

    init(conversation: Conversation, store: ConversationStore?) {
        self.conversation = conversation
        saver = store.map { store in
            Autosaver(store: store) { error in
                if let error { AskCommand.status("not saved: \(error)") }
            }
        }
    }

    /// Adds the reply under way and saves the prompt before anything is sent.
    func begin(model: String, baseURL: String) {
        conversation.endpoint = EndpointInfo(baseURL: baseURL, model: model)
        conversation.messages.append(Message(role: .assistant, content: "", status: .streaming))
        saver?.conversationChanged(conversation, urgent: true)
        saver?.flush()
    }

    func append(content piece: String) {
        conversation.messages[conversation.messages.count - 1].content += piece
        saver?.conversationChanged(conversation, urgent: false)
    }

    func append(reasoning piece: String) {
        let last = conversation.messages.count - 1
        conversation.messages[last].reasoning = (conversation.messages[last].reasoning ?? "") + piece
        saver?.conversationChanged(conversation, urgent: false)
    }

    /// Records how the reply ended and waits until that is on disk.
    func finish(_ outcome: TurnOutcome, stats: TurnStats) {
        let last = conversation.messages.count - 1
        conversation.messages[last].status = outcome.messageStatus
        conversation.messages[last].error = outcome.errorMessage
        conversation.messages[last].stats = stats
        saver?.conversationChanged(conversation, urgent: true)
        saver?.flush()
    }
}
