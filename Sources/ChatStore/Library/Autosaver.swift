import ChatCore
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Saves a session's conversation as it changes, off the main thread: what `ChatSession` calls
/// through `ConversationAutosave`.
///
/// An urgent change (a message added, finished, removed) is saved at once; streamed text is saved
/// at most once a second, and only the newest snapshot of a burst is written. Saving streamed text
/// is held to a budget, `streamingBudget` of one core: once a save costs more than a second's
/// share (a conversation of thousands of messages), streamed text waits longer between saves, up
/// to `longestInterval`, so the autosave costs about the same however long the conversation. At most one save
/// runs, on a private serial queue, with at most one snapshot waiting behind it. Every save's
/// result reaches `onResult` on the main actor: nil when the file is written, else the error to
/// show; the next change simply tries again. Call `flush()` before exiting.
///
/// Each save writes the whole file, atomically as every save does, but encodes only the messages
/// that changed since the one before (`MessageEncodingCache`): while a reply streams, that reply.
@MainActor
public final class Autosaver: ConversationAutosave {
    /// How long streamed text waits before it is saved, at least.
    nonisolated static let interval: Duration = .seconds(1)
    /// How long streamed text may wait at most, however costly a save: what a kill -9 while a
    /// reply streams can lose of that reply.
    nonisolated static let longestInterval: Duration = .seconds(10)
    /// The share of one core that saving streamed text may take: a save costing 30 ms of CPU
    /// waits 6 s before the next. Small conversations (a save of a few milliseconds) are saved
    /// every second.
    nonisolated static let streamingBudget = 0.005

    /// How long streamed text waits after a save that cost `cpu`: `interval`, or longer for a
    /// save above the budget, never above `longestInterval`.
    nonisolated static func streamingInterval(afterSaveCosting cpu: Duration) -> Duration {
        min(max(cpu * (1 / streamingBudget), interval), longestInterval)
    }

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
    /// How long streamed text waits now: `streamingInterval` of the last save's cost.
    private(set) var currentInterval = Autosaver.interval
    /// The CPU time the last save took, once one has.
    private(set) var lastSaveCost: Duration?

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
            try? await Task.sleep(for: self?.currentInterval ?? Self.interval)
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
            let start = Self.threadCPUTime()
            do throws(StoreError) {
                try store.save(snapshot, preserving: unknown, reusing: encodings)
            } catch {
                result = error
            }
            let cost = Self.threadCPUTime() - start
            finished.results.withLock { $0.append((result, cost)) }
            Task { @MainActor in self?.deliverResults() }
        }
    }

    /// Hands finished saves' results to `onResult`, oldest first, then starts what waits.
    private func deliverResults() {
        let results = finished.results.withLock { results in
            defer { results.removeAll() }
            return results
        }
        guard let last = results.last else { return }
        running -= results.count
        lastSaveCost = last.cost
        currentInterval = Self.streamingInterval(afterSaveCosting: last.cost)
        for (result, _) in results { onResult(result) }
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
    /// Each save's error (nil: written) and the CPU time it took.
    let results = Mutex<[(error: StoreError?, cost: Duration)]>([])
}

extension Autosaver {
    /// The CPU time the calling thread has used: what a save costs, whatever else runs.
    nonisolated static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }
}
