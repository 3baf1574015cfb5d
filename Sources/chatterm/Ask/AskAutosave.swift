import ChatCore
import ChatStore

/// Where `ask --save` and `--resume` keep the session's conversation: the prompt before the
/// request goes out (`flush`), streamed text at most a second late, the end at once, so a killed
/// `ask` loses at most about a second of reply. It holds the conversation's lock until `close()`,
/// so a chat that opens the conversation meanwhile gets it read-only.
///
/// A failed save is reported through `onProblem` once, not once a second while the reply
/// streams: again only when the reason changes, and a save that works after one that failed
/// says so.
@MainActor
final class AskAutosave: ConversationAutosave {
    private unowned let session: ChatSession
    private let lock: ConversationLock?
    private var saver: Autosaver?
    /// Whether the last save wrote the file.
    private(set) var isSaved = false
    /// Why the last save failed; nil once one succeeds.
    private(set) var saveError: StoreError?

    /// Starts saving `session`'s conversation to `store`, keeping the fields of the file it was
    /// loaded from (`preserving`), and holding `lock` until `close()`.
    init(
        session: ChatSession, store: ConversationStore, preserving: UnknownFields, lock: ConversationLock?,
        onProblem: @escaping (String) -> Void
    ) {
        self.session = session
        self.lock = lock
        let path = store.path(for: session.conversation.id)
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
        session.autosave = self
    }

    func conversationChanged(_ conversation: Conversation, urgent: Bool) {
        saver?.sessionChanged(session, conversation, urgent: urgent)
    }

    func flush() {
        saver?.flush()
    }

    /// Saves what is pending and lets go of the conversation's lock.
    func close() {
        saver?.flush()
        session.autosave = nil
        lock?.release()
    }
}
