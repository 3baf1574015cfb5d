import ChatCore
import Dispatch
import Synchronization

/// Saves a session's conversation as it changes, off the main thread: what `ChatSession` calls
/// through `ConversationAutosave`.
///
/// An urgent change (a message added, finished, removed) is saved at once; streamed text is saved
/// at most once a second, and only the newest snapshot of a burst is written. At most one save
/// runs, on a private serial queue, with at most one snapshot waiting behind it. Every save's
/// result reaches `onResult` on the main actor: nil when the file is written, else the error to
/// show; the next change simply tries again. Call `flush()` before exiting.
///
/// Each save writes the whole file, atomically as every save does, but encodes only the messages
/// that changed since the one before (`MessageEncodingCache`): while a reply streams, that reply.
@MainActor
public final class Autosaver: ConversationAutosave {
    /// How long streamed text may wait before it is saved.
    static let interval: Duration = .seconds(1)

    private let store: ConversationStore
    private let unknown: UnknownFields
    private let onResult: @MainActor (StoreError?) -> Void
    private let queue = DispatchQueue(label: "chatterm.autosave")
    /// The bytes of the messages saved before, so a save while a reply streams encodes only that
    /// reply, however long the conversation (and whatever images it holds).
    private let encodings = MessageEncodingCache()
    /// Results of finished saves, oldest first, waiting to be handed to `onResult` on the main actor.
    private let finished = FinishedSaves()

    /// Gives the newest conversation not yet handed to the queue. Streamed text is taken only when
    /// its save is due: holding the conversation until then would share its storage with the
    /// session's, and the session's next token would copy every message (copy-on-write), on every
    /// token.
    private var pending: (@MainActor () -> Conversation)?
    /// Whether `pending` holds an urgent change, which goes out as soon as no save runs.
    private var pendingIsUrgent = false
    /// Whether a second has passed since `pending` first held unsaved streamed text.
    private var pendingIsDue = false
    /// Saves handed to the queue whose results have not reached `onResult` yet.
    private var running = 0
    private var timer: Task<Void, Never>?

    /// An autosaver writing to `store`, keeping `preserving` (the unknown fields of the file the
    /// conversation was loaded from) in every save.
    public init(
        store: ConversationStore, preserving: UnknownFields = .none,
        onResult: @escaping @MainActor (StoreError?) -> Void
    ) {
        self.store = store
        self.unknown = preserving
        self.onResult = onResult
    }

    public func conversationChanged(_ conversation: Conversation, urgent: Bool) {
        conversationChanged(urgent: urgent) { conversation }
    }

    /// `session`'s conversation changed: an urgent change is saved as it is; streamed text is
    /// read from the session when its save is due rather than held here, which would make the
    /// session's next token copy every message. Nothing replaces the conversation while a reply
    /// streams, and the end of a reply is an urgent change.
    public func sessionChanged(_ session: ChatSession, _ conversation: Conversation, urgent: Bool) {
        if urgent {
            conversationChanged(conversation, urgent: true)
        } else {
            conversationChanged(urgent: false) { [session] in session.conversation }
        }
    }

    /// The conversation changed; `latest` gives it, as it is then, when the save is due (at the
    /// latest in `flush()`). For a streaming reply: the owner's array is not held between tokens.
    /// `latest` must keep giving the same conversation (the same `id`) until the next change.
    public func conversationChanged(urgent: Bool, latest: @escaping @MainActor () -> Conversation) {
        pending = latest
        if urgent { pendingIsUrgent = true }
        startIfReady()
    }

    /// Hands the pending snapshot to the queue when nothing runs and it is urgent or due, and
    /// otherwise arms the one-second timer for it.
    private func startIfReady() {
        guard let latest = pending else { return }
        guard running == 0 else { return }  // the running save's completion calls us again
        guard pendingIsUrgent || pendingIsDue else {
            armTimer()
            return
        }
        timer?.cancel()
        timer = nil
        pending = nil
        pendingIsUrgent = false
        pendingIsDue = false
        enqueue(latest())
    }

    private func armTimer() {
        guard timer == nil else { return }
        timer = Task { [weak self] in
            try? await Task.sleep(for: Self.interval)
            guard !Task.isCancelled, let self else { return }
            self.timer = nil
            self.pendingIsDue = true
            self.startIfReady()
        }
    }

    private func enqueue(_ snapshot: Conversation) {
        running += 1
        let store = store
        let unknown = unknown
        let finished = finished
        let encodings = encodings
        queue.async { [weak self] in
            var result: StoreError?
            do throws(StoreError) {
                try store.save(snapshot, preserving: unknown, reusing: encodings)
            } catch {
                result = error
            }
            finished.results.withLock { $0.append(result) }
            Task { @MainActor in self?.deliverResults() }
        }
    }

    /// Hands finished saves' results to `onResult`, oldest first, then starts what waits.
    private func deliverResults() {
        let results = finished.results.withLock { results in
            defer { results.removeAll() }
            return results
        }
        guard !results.isEmpty else { return }
        running -= results.count
        for result in results { onResult(result) }
        startIfReady()
    }

    /// Writes the pending snapshot now and waits for it and any running save, then reports their
    /// results. Blocks the main thread for as long as the writes take, which is what exiting
    /// needs; the saves never wait for the main thread, so this cannot deadlock.
    public func flush() {
        timer?.cancel()
        timer = nil
        if let latest = pending {
            pending = nil
            pendingIsUrgent = false
            pendingIsDue = false
            enqueue(latest())
        }
        queue.sync {}
        deliverResults()
    }
}

/// Where the save queue leaves results for the main actor.
private final class FinishedSaves: Sendable {
    let results = Mutex<[StoreError?]>([])
}
