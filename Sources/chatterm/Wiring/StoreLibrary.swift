import ChatCore
import ChatStore
import ChatTUI
import Foundation

/// The saved side of a chat session: which conversation file the session writes, the lock that
/// tells a second chatterm it is open here, and the autosave; also the library the screen browses.
///
/// The session's changes come here first (it is the session's `autosave`): a new conversation is
/// locked when its first message is saved, so a run that never sends anything leaves no file.
@MainActor
final class StoreLibrary: ConversationLibrary, ConversationAutosave {
    let store: ConversationStore
    let session: ChatSession
    /// `--model`, if the run was given one: it beats the model of a conversation opened here.
    let modelFlag: String?
    /// Shows (or, with nil, clears) a message in the status bar.
    var onNotice: (String?) -> Void = { _ in }
    /// Whether the conversation is being saved, for the title line.
    var onSaveState: (TitleLine.SaveState) -> Void = { _ in }

    private var lock: ConversationLock?
    /// The lock file could not be created (a read-only folder): do not try again on every token.
    private var lockUnavailable = false
    private var saver: Autosaver?
    private var lastSaveFailed = false

    init(store: ConversationStore, session: ChatSession, modelFlag: String?) {
        self.store = store
        self.session = session
        self.modelFlag = modelFlag
    }

    /// Starts saving the session's conversation. `stored` is the file it came from, if any: its
    /// unknown fields are kept, and it is locked now; a new conversation is locked on its first
    /// save. Returns a notice when the conversation is open elsewhere and so read-only here.
    @discardableResult
    func attach(_ stored: StoredConversation?) -> String? {
        detach()
        saver = Autosaver(store: store, preserving: stored?.unknownFields ?? .none) { [weak self] error in
            self?.saved(error)
        }
        session.isReadOnly = false
        session.autosave = self
        onSaveState(.saved)
        guard stored != nil else { return nil }
        return lockCurrent() ? nil : readOnly()
    }

    /// Saves what is pending and lets go of the conversation.
    func detach() {
        saver?.flush()
        saver = nil
        lock?.release()
        lock = nil
        lockUnavailable = false
        session.autosave = nil
    }

    // MARK: ConversationAutosave

    func conversationChanged(_ conversation: Conversation, urgent: Bool) {
        if lock == nil && !lockUnavailable && !lockCurrent() {
            onNotice(readOnly())
            return
        }
        saver?.sessionChanged(session, conversation, urgent: urgent)
    }

    func flush() {
        saver?.flush()
    }

    private func lockCurrent() -> Bool {
        do {
            lock = try store.lock(id: session.conversation.id)
        } catch {
            // A lock that cannot even be created (a read-only folder) must not stop the chat;
            // the save will fail and say why.
            lockUnavailable = true
            return true
        }
        return lock != nil
    }

    private func readOnly() -> String {
        onSaveState(.readOnly)
        session.isReadOnly = true
        session.autosave = nil
        saver = nil
        return "open in another chatterm: read-only here"
    }

    private func saved(_ error: StoreError?) {
        if let error {
            lastSaveFailed = true
            onSaveState(.failing)
            // The reason first: the status bar may cut the long path off.
            var why = error.description
            if case .writeFailed(let path, let reason) = error { why = "\(reason) (\(path))" }
            onNotice("not saved: \(why); kept in memory, trying again on the next change")
        } else if lastSaveFailed {
            lastSaveFailed = false
            onSaveState(.saved)
            onNotice("saved")
        }
    }

    // MARK: ConversationLibrary

    func entries() -> (entries: [HistoryEntry], unreadable: Int) {
        let (summaries, problems) = store.list()
        return (summaries.map(Self.entry), problems.count)
    }

    func search(_ query: String) -> [HistoryEntry] {
        store.search(query).summaries.map(Self.entry)
    }

    func load(_ reference: String) throws -> Conversation {
        try store.load(id: store.resolve(reference)).conversation
    }

    func continueConversation(_ reference: String) throws -> String? {
        let id = try store.resolve(reference)
        if id == session.conversation.id { return "this is the conversation open now" }
        let stored = try store.load(id: id)
        detach()
        try session.replace(with: stored.conversation, readOnly: false)
        let notice = attach(stored)
        let model = modelChoice(resuming: stored.conversation).named ?? session.model
        guard model != session.model else { return notice }
        session.model = model
        return (notice ?? ChatController.continuingNotice(stored.conversation)) + " · model: \(model)"
    }

    /// The model for a conversation opened in the chat, as `--resume` chooses it: the run's
    /// `--model`, else the model the conversation was held with when that was on the endpoint in
    /// use, else the model in use.
    private func modelChoice(resuming conversation: Conversation) -> ModelChoice {
        ModelChoice(
            flag: modelFlag, resumed: conversation.endpoint, configured: session.model, baseURL: session.baseURL)
    }

    func startNewConversation() throws {
        detach()
        try session.replace(with: Conversation(), readOnly: false)
        attach(nil)
    }

    func export(_ conversation: Conversation, allBranches: Bool) throws -> String {
        let path = (store.path(for: conversation.id) as NSString).deletingPathExtension + ".md"
        let written = FileManager.default.createFile(
            atPath: path, contents: Data(ConversationExport.markdown(conversation, allBranches: allBranches).utf8),
            attributes: [.posixPermissions: 0o600])
        guard written else { throw CommandFailure("could not write \(path): \(String(cString: strerror(errno)))") }
        return path
    }

    private static func entry(_ summary: ConversationSummary) -> HistoryEntry {
        HistoryEntry(
            id: summary.id, title: summary.title, updatedAt: summary.updatedAt, model: summary.model ?? "",
            messageCount: summary.messageCount, bytes: summary.bytes, matchCount: summary.matchingMessages,
            otherBranchMessages: summary.otherBranchMessages ?? 0,
            otherBranchMatches: summary.matchingInOtherBranches ?? 0)
    }
}
