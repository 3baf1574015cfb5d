import ChatCore
import ChatStore
import Foundation

/// The conversation one `ask` holds: the history it continues (`--resume`), the prompt, and the
/// reply as it streams, saved as it grows when `--save` or `--resume` asks for it (the prompt
/// before the request goes out, streamed text at most a second late, the end at once), so a
/// killed `ask` loses at most about a second of reply.
@MainActor
final class AskTranscript {
    private(set) var conversation: Conversation
    private var saver: Autosaver?
    /// Tells a chat that opens the conversation meanwhile that it is in use here.
    private let lock: ConversationLock?
    /// Whether the last save wrote the file.
    private(set) var isSaved = false
    /// Why the last save failed; nil once one succeeds.
    private(set) var saveError: StoreError?

    /// A transcript of `conversation`, saved to `store` when there is one, with the fields of
    /// the file it was loaded from kept (`preserving`) and `lock` held until `close()`.
    ///
    /// A failed save is reported through `onProblem` once, not once a second while the reply
    /// streams: again only when the reason changes, and a save that works after one that failed
    /// says so.
    init(
        conversation: Conversation, store: ConversationStore?, preserving: UnknownFields = .none,
        lock: ConversationLock? = nil, onProblem: @escaping (String) -> Void
    ) {
        self.conversation = conversation
        self.lock = lock
        guard let store else { return }
        let path = store.path(for: conversation.id)
        saver = Autosaver(store: store, preserving: preserving) { [weak self] error in
            guard let self else { return }
            if let error, error != self.saveError {
                onProblem("not saved: \(error)")
            } else if error == nil, self.saveError != nil {
                onProblem("saved after all: \(path)")
            }
            self.isSaved = error == nil
            self.saveError = error
        }
    }

    /// Adds the prompt and the reply under way, and saves them before anything is sent.
    func begin(prompt: String, model: String, baseURL: String) {
        if conversation.title.isEmpty { conversation.title = ChatSession.title(from: prompt) }
        conversation.endpoint = EndpointInfo(baseURL: baseURL, model: model)
        conversation.messages.append(Message(role: .user, content: prompt))
        conversation.messages.append(Message(role: .assistant, content: "", status: .streaming))
        conversation.updatedAt = Date()
        saver?.conversationChanged(conversation, urgent: true)
        saver?.flush()
    }

    /// The messages to send: the history and the prompt (the reply under way is still empty,
    /// and empty replies are never sent).
    var requestMessages: [ChatRequest.Message] { conversation.requestMessages }

    /// The reply under way, or as it ended.
    var reply: Message { conversation.messages[conversation.messages.count - 1] }

    func append(content piece: String) {
        conversation.messages[conversation.messages.count - 1].content += piece
        streamedTextChanged()
    }

    /// Empties the reply under way: what follows replaces it.
    func resetReply() {
        let last = conversation.messages.count - 1
        conversation.messages[last].content = ""
        conversation.messages[last].reasoning = nil
        streamedTextChanged()
    }

    func append(reasoning piece: String) {
        let last = conversation.messages.count - 1
        conversation.messages[last].reasoning = (conversation.messages[last].reasoning ?? "") + piece
        streamedTextChanged()
    }

    /// Saves streamed text within a second, reading the conversation only then: holding a copy
    /// until then would make the next piece copy every message of a long `--resume`d history.
    private func streamedTextChanged() {
        saver?.conversationChanged(urgent: false) { [unowned self] in self.conversation }
    }

    /// Records how the reply ended and waits until that is on disk.
    func finish(_ outcome: TurnOutcome, stats: TurnStats) {
        let last = conversation.messages.count - 1
        conversation.messages[last].status = outcome.messageStatus
        conversation.messages[last].error = outcome.errorMessage
        conversation.messages[last].stats = stats
        conversation.updatedAt = Date()
        saver?.conversationChanged(conversation, urgent: true)
        saver?.flush()
    }

    /// Lets go of the conversation's lock.
    func close() {
        saver?.flush()
        lock?.release()
    }
}
