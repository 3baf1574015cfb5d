import ChatCore
import Foundation

/// The prompts sent earlier, newest last, for Up/Down recall in the input editor, kept across runs
/// in a JSON array file.
///
/// Recall walks back from the newest entry; the draft being typed when recall began is kept and
/// comes back when Down passes the newest entry again.
///
/// Pasted prompts can be large (a 1 MB log), and the file is written after every prompt: it
/// keeps only the newest prompts that fit in `fileByteLimit`. A prompt larger than that on its
/// own is recalled in this run only, and does not push the small ones out of the file.
public struct PromptHistory: Sendable, Hashable {
    /// The most prompts kept; older ones are dropped first.
    public static let limit = 1_000
    /// The most bytes the file holds, as written (JSON, escapes included).
    public static let fileByteLimit = 4 * 1024 * 1024
    /// The largest file read back: twice what is written, for files of earlier versions, which
    /// counted text without its escapes.
    public static let readLimit = 2 * fileByteLimit

    public private(set) var entries: [String]
    /// The entry being shown, or nil while the draft is.
    private var position: Int?
    /// The unsent draft, saved when recall began.
    private var draft = ""

    public init(entries: [String] = []) {
        self.entries = Array(entries.suffix(Self.limit))
    }

    /// The entry before the one shown (the newest when the draft is shown), or nil when there is
    /// none. `current` is the draft, kept when recall begins.
    public mutating func previous(current: String) -> String? {
        let index = (position ?? entries.count) - 1
        guard index >= 0 else { return nil }
        if position == nil { draft = current }
        position = index
        return entries[index]
    }

    /// The entry after the one shown, the saved draft after the newest, or nil when the draft is
    /// already shown.
    public mutating func next() -> String? {
        guard let current = position else { return nil }
        if current + 1 < entries.count {
            position = current + 1
            return entries[current + 1]
        }
        position = nil
        return draft
    }

    /// Adds a sent prompt (not when it repeats the newest) and ends recall.
    public mutating func record(_ prompt: String) {
        position = nil
        draft = ""
        guard entries.last != prompt else { return }
        entries.append(prompt)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
    }

    /// The history in the file at `path`; empty when the file is missing or cannot be used (a
    /// damaged file must not keep chatterm from starting).
    public static func load(from path: String) -> PromptHistory {
        read(from: path).history
    }

    /// The history in the file at `path`, and why it is empty when the file is there but cannot
    /// be used: not a regular file (a FIFO, a device: refused, never waited on), larger than
    /// `readLimit`, or not a JSON array of strings. Such a file is replaced by the next `save`.
    public static func read(from path: String) -> (history: PromptHistory, problem: String?) {
        let data: Data
        switch RegularFile.read(path: path, limit: readLimit) {
        case .success(let contents): data = contents.data
        case .failure(.missing): return (PromptHistory(), nil)
        case .failure(let problem): return (PromptHistory(), "prompt history not read: \(path): \(problem)")
        }
        guard let entries = try? JSONDecoder().decode([String].self, from: data) else {
            return (PromptHistory(), "prompt history not read: \(path) is not a JSON array of strings")
        }
        return (PromptHistory(entries: entries), nil)
    }

    /// The newest entries whose JSON fits in `fileByteLimit`, oldest first; one too large on its
    /// own is skipped.
    var savedEntries: [String] {
        var kept: [String] = []
        var bytes = 2  // the brackets
        for entry in entries.reversed() {
            let size = Self.encodedSize(entry)
            if size + 2 > Self.fileByteLimit { continue }
            if bytes + size > Self.fileByteLimit { break }
            bytes += size
            kept.append(entry)
        }
        return kept.reversed()
    }

    /// The bytes `entry` takes in the file: its UTF-8, its escapes (`\"`, `\\`, `\/`, `\n`,
    /// `\u0001`), its quotes and a comma.
    static func encodedSize(_ entry: String) -> Int {
        var size = 3
        for byte in entry.utf8 {
            switch byte {
            case 0x08, 0x09, 0x0A, 0x0C, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): size += 2
            case 0x00..<0x20: size += 6
            default: size += 1
            }
        }
        return size
    }

    /// Writes the entries (those that fit, see `fileByteLimit`) to `path` atomically (a temporary file beside it, then rename), readable
    /// only by the user: prompts can be private.
    public func save(to path: String) throws {
        let data = try JSONEncoder().encode(savedEntries)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
