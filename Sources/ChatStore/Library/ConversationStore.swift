import ChatCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Conversations on disk: `<data-dir>/conversations/<id>.json`, one file each (DESIGN.md §5).
///
/// Saves are atomic (the old file or the new one, never half of either), files and folders are
/// private (0600, 0700), a file this version cannot read is reported and never rewritten, and
/// fields this version does not know survive a load and a save. Only regular files of at most
/// `fileSizeLimit` bytes are read: a FIFO, a device or a huge file in the folder is an error
/// naming it, never a hang. Listing the folder removes the temporary files of saves whose
/// process has died. Safe to use from any thread.
public final class ConversationStore: Sendable {
    public let directory: DataDirectory

    /// The largest conversation file read or written: 256 MiB, five times the 50 MB conversation
    /// of the benchmarks (10,000 long messages, itself far beyond years of daily chats), yet
    /// bounded. Measured (release build): a 243 MiB file opens in the chat in 1.6 s with a peak of
    /// 0.54 GB and `show` prints it in 4 s with 0.8 GB, where a 1 GB file would take gigabytes;
    /// a larger file, or a link to /dev/zero, is refused at once.
    public static let fileSizeLimit = 256 * 1024 * 1024

    private struct State {
        /// The stamp of each file this store read or wrote, by id: while a file still has it, a
        /// save may replace it without checking its header again.
        var knownFiles: [String: FileStamp] = [:]
        var temporaryFiles = 0
    }
    private let state = Mutex(State())
    /// The largest file this store reads or writes: `fileSizeLimit`, lower in tests.
    let sizeLimit: Int

    public convenience init(directory: DataDirectory) {
        self.init(directory: directory, sizeLimit: Self.fileSizeLimit)
    }

    init(directory: DataDirectory, sizeLimit: Int) {
        self.directory = directory
        self.sizeLimit = sizeLimit
    }

    /// The file of the conversation `id`.
    public func path(for id: String) -> String {
        directory.conversationsPath + "/" + id + ".json"
    }

    // MARK: Saving

    /// Writes `conversation` to its file, atomically, with the fields in `unknown` kept.
    ///
    /// Refuses (with `.corrupt` or `.newerVersion`) to replace a file it cannot read, unless it is
    /// the very file this store last read or wrote: a damaged file is the user's to rescue, and a
    /// newer version's file is never downgraded. Any other failure throws `.writeFailed` and
    /// leaves the previous file as it was.
    public func save(_ conversation: Conversation, preserving unknown: UnknownFields = .none) throws(StoreError) {
        try save(conversation, preserving: unknown, reusing: nil)
    }

    /// `save(_:preserving:)`, with the bytes of the messages that have not changed since the last
    /// save through `cache` taken from it (the autosave's way: see `MessageEncodingCache`).
    func save(
        _ conversation: Conversation, preserving unknown: UnknownFields, reusing cache: MessageEncodingCache?
    ) throws(StoreError) {
        let id = conversation.id
        let path = path(for: id)
        guard Self.isValidID(id) else {
            throw .writeFailed(path: path, reason: "the id \"\(id)\" cannot be used as a file name")
        }
        try Folders.make(directory.path)
        try Folders.make(directory.conversationsPath)
        try checkReplaceable(path, id: id)
        let data: Data
        do {
            data =
                try cache?.encode(conversation, preserving: unknown)
                ?? ConversationFile.encode(conversation, preserving: unknown)
        } catch {
            throw .writeFailed(path: path, reason: "the conversation cannot be encoded: \(error)")
        }
        // A file no chatterm would read back is not written: the previous one stays readable.
        guard data.count <= sizeLimit else {
            throw .writeFailed(
                path: path,
                reason: "it would be \(RegularFile.sizeText(Int64(data.count))), more than the "
                    + "\(RegularFile.sizeText(Int64(sizeLimit))) chatterm reads back")
        }
        let number = state.withLock { state in
            state.temporaryFiles += 1
            return state.temporaryFiles
        }
        let temporary =
            directory.conversationsPath + "/" + TemporaryFileName.make(id: id, pid: getpid(), number: number)
        let stamp = try AtomicFile.write(data, to: path, through: temporary)
        state.withLock { $0.knownFiles[id] = stamp }
    }

    /// Throws when the file at `path` exists and is not one this version may replace. A file
    /// this store read or wrote and that nobody changed since is not read again.
    private func checkReplaceable(_ path: String, id: String) throws(StoreError) {
        let stamp: FileStamp
        switch FileStamp.of(path: path) {
        case .failure(let error) where error.code == ENOENT:
            return
        case .failure(let error):
            throw .writeFailed(path: path, reason: error.text)
        case .success(let found):
            stamp = found
        }
        if state.withLock({ $0.knownFiles[id] }) == stamp { return }
        let contents: FileContents
        do throws(StoreError) {
            contents = try read(path: path)
        } catch .notFound {
            return  // removed since the stat: nothing to protect
        }
        _ = try DecodeDiagnosis.decode(FileHeaderRecord.self, from: contents.data, path: path)
    }

    // MARK: Reading

    /// The conversation `id` (an exact id; see `resolve(_:)` for prefixes and `last`).
    ///
    /// A reply the file marks `streaming` is read as `interrupted` ("chatterm stopped before the
    /// reply ended") when no chatterm holds the conversation's lock, so none is writing it; with
    /// `lock`, the caller holds that lock itself, so no other chatterm can be. While a chatterm
    /// holds it (this one too: a chat looking at its own conversation), the reply is live. The
    /// file is not rewritten here.
    public func load(id: String, holding lock: ConversationLock? = nil) throws(StoreError) -> StoredConversation {
        guard Self.isValidID(id) else { throw .notFound(id) }
        let path = path(for: id)
        let contents: FileContents
        do throws(StoreError) {
            contents = try read(path: path)
        } catch .notFound {
            throw .notFound(id)
        }
        let document = try DecodeDiagnosis.decode(ConversationDocument.self, from: contents.data, path: path)
        state.withLock { $0.knownFiles[id] = contents.stamp }
        var conversation = document.conversation
        // The file name is the id: a file renamed by hand is saved back under its new name.
        conversation.id = id
        if conversation.messages.contains(where: { $0.status == .streaming }) {
            let lockFile = lockPath(for: id)
            if lock?.path == lockFile || !ConversationLock.isHeld(path: lockFile) {
                AbandonedReply.markInterrupted(in: &conversation)
            }
        }
        return StoredConversation(conversation: conversation, unknownFields: document.unknown)
    }

    /// The id that `reference` names: an exact id, the only id starting with it, or `last` (the
    /// most recently updated conversation).
    public func resolve(_ reference: String) throws(StoreError) -> String {
        if reference == "last" {
            let (summaries, problems) = list()
            guard let newest = summaries.first else {
                // Files that cannot be read are no reason to say that nothing was ever saved.
                if problems.count == 1 { throw problems[0] }
                throw problems.isEmpty ? .notFound(reference) : .noneReadable(count: problems.count)
            }
            return newest.id
        }
        guard !reference.isEmpty, !reference.contains("/") else { throw .notFound(reference) }
        let ids = storedIDs().ids
        if ids.contains(reference) { return reference }
        let matches = ids.filter { $0.hasPrefix(reference) }.sorted()
        switch matches.count {
        case 0: throw .notFound(reference)
        case 1: return matches[0]
        default: throw .ambiguous(reference, matches)
        }
    }

    /// Every conversation, newest first by `updatedAt`. A file that cannot be read is a problem
    /// entry (with its path and reason), never a reason to stop listing the others.
    public func list() -> (summaries: [ConversationSummary], problems: [StoreError]) {
        let (summaries, problems) = scan { (record: SummaryRecord, id, contents, path) -> ConversationSummary? in
            record.summary(id: id, bytes: contents.data.count, path: path)
        }
        return (summaries.sorted(by: ConversationSummary.newestFirst), problems)
    }

    /// The conversations whose title or messages (content or reasoning, in any branch) contain
    /// `text`, ignoring case, accents and full-width forms; each summary says how many messages
    /// matched, and how many of those are in other branches than the one in view. Newest
    /// first; unreadable files are problems, as in `list()`. An empty text matches nothing.
    public func search(_ text: String) -> (summaries: [ConversationSummary], problems: [StoreError]) {
        let matcher = TextMatcher(text)
        guard !text.isEmpty else { return ([], []) }
        let (summaries, problems) = scan { (record: SearchRecord, id, contents, path) -> ConversationSummary? in
            var matching = 0
            var matchingInOtherBranches = 0
            for (index, text) in record.texts.enumerated()
            where matcher.matches(text.content) || text.reasoning.map(matcher.matches) == true {
                matching += 1
                if index >= record.inView { matchingInOtherBranches += 1 }
            }
            guard matching > 0 || matcher.matches(record.summary.title) else { return nil }
            var summary = record.summary.summary(id: id, bytes: contents.data.count, path: path)
            summary.matchingMessages = matching
            summary.matchingInOtherBranches = matchingInOtherBranches > 0 ? matchingInOtherBranches : nil
            return summary
        }
        return (summaries.sorted(by: ConversationSummary.newestFirst), problems)
    }

    /// Decodes `Record` from every conversation file (`make` gets it with the id, the file's
    /// contents and its path) and keeps what `make` returns, in the order of the ids.
    func scan<Record: Decodable, Item>(
        _ make: (Record, String, FileContents, String) -> Item?
    ) -> (items: [Item], problems: [StoreError]) {
        let (ids, listingProblem) = storedIDs()
        var items: [Item] = []
        var problems: [StoreError] = listingProblem.map { [$0] } ?? []
        for id in ids.sorted() {
            let path = path(for: id)
            do throws(StoreError) {
                let contents = try read(path: path)
                let record = try DecodeDiagnosis.decode(Record.self, from: contents.data, path: path)
                if let item = make(record, id, contents, path) { items.append(item) }
            } catch .notFound {
                continue  // deleted while listing
            } catch {
                problems.append(error)
            }
        }
        return (items, problems)
    }

    /// The ids of the conversation files in the folder (temporary and lock files are not ones),
    /// and the problem reading the folder, if any. A missing folder is an empty store. A
    /// temporary file whose process is gone (it died mid-save) is removed on the way.
    private func storedIDs() -> (ids: [String], problem: StoreError?) {
        let folder = directory.conversationsPath
        guard let stream = opendir(folder) else {
            let code = errno
            if code == ENOENT { return ([], nil) }
            return ([], .corrupt(path: folder, reason: "the folder cannot be read: \(SystemError.text(code))"))
        }
        defer { closedir(stream) }
        var ids: [String] = []
        while let entry = readdir(stream) {
            var rawName = entry.pointee.d_name
            let name = withUnsafeBytes(of: &rawName) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if let writer = TemporaryFileName.writer(of: name), !TemporaryFileName.isAlive(writer) {
                unlinkat(dirfd(stream), name, 0)
                continue
            }
            guard name.hasSuffix(".json") else { continue }
            let id = String(name.dropLast(5))
            if Self.isValidID(id) { ids.append(id) }
        }
        return (ids, nil)
    }

    /// The file at `path`; a missing file is `.notFound(path)`, one that cannot be read (not a
    /// regular file, larger than `sizeLimit`, refused by the system) `.corrupt`.
    private func read(path: String) throws(StoreError) -> FileContents {
        switch FileContents.read(path: path, limit: sizeLimit) {
        case .success(let contents):
            return contents
        case .failure(.missing):
            throw .notFound(path)
        case .failure(.system(let code)):
            throw .corrupt(path: path, reason: "it cannot be read: \(SystemError.text(code))")
        case .failure(let problem):
            throw .corrupt(path: path, reason: problem.description)
        }
    }

    // MARK: Locking

    /// Takes the advisory lock of conversation `id` (`<conversations>/<id>.lock`, `flock`), or
    /// returns nil when another process, or another lock in this one, holds it. The lock lasts
    /// until `release()`, the lock's deinit, or the end of the process, whichever comes first.
    public func lock(id: String) throws(StoreError) -> ConversationLock? {
        guard Self.isValidID(id) else { throw .notFound(id) }
        try Folders.make(directory.path)
        try Folders.make(directory.conversationsPath)
        return try ConversationLock.acquire(path: lockPath(for: id))
    }

    func lockPath(for id: String) -> String {
        directory.conversationsPath + "/" + id + ".lock"
    }

    // MARK: Ids

    /// Whether `id` can name a file here: letters, digits, `-`, `_` and `.`, not starting with
    /// a dot (those are temporary files), at most 200 bytes. `Conversation.makeID()` ids qualify.
    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 200, id.first != "." else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                return true
            default:
                return false
            }
        }
    }
}
