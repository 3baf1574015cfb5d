/// Why the store could not read, list or write a conversation. Each case names the file (or the
/// reference the user typed) and says what is wrong in words meant for the user.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a conversation this version can read: not JSON, cut short, the wrong
    /// `format`, a missing or mistyped field, or unreadable. `reason` says where and what.
    case corrupt(path: String, reason: String)
    /// The file was written by a newer chatterm; it is neither opened nor ever rewritten.
    case newerVersion(path: String, version: Int)
    /// No conversation has this id or id prefix, or `last` was asked for with none saved.
    case notFound(String)
    /// The prefix matches several conversations (their ids, sorted).
    case ambiguous(String, [String])
    /// `last` was asked for, and there are conversation files, but none of them can be read.
    case noneReadable(count: Int)
    /// Saving failed; the previous file is untouched. `reason` is the system's own words
    /// ("No space left on device", "File too large", "Permission denied").
    case writeFailed(path: String, reason: String)
    /// Another chatterm holds the conversation's lock (it has the conversation open).
    /// `ConversationStore.lock(id:)` returns nil rather than throwing this; it is here for callers
    /// that turn a refused lock into an error.
    case locked(path: String)

    /// The file the error is about, when it is about one.
    public var path: String? {
        switch self {
        case .corrupt(let path, _), .newerVersion(let path, _), .writeFailed(let path, _), .locked(let path):
            return path
        case .notFound, .ambiguous, .noneReadable:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path) cannot be read as a chatterm conversation: \(reason). It is left as it is."
        case .newerVersion(let path, let version):
            return "\(path) was written by a newer chatterm (format version \(version); this one reads up to "
                + "version \(ConversationFile.version)); not opened, and never rewritten."
        case .notFound(let reference):
            if reference == "last" { return "there are no saved conversations yet" }
            return "no saved conversation has the id or id prefix '\(reference)'"
        case .noneReadable(let count):
            return "none of the \(count) conversation files can be read; `chatterm history` names each and says why"
        case .ambiguous(let reference, let ids):
            let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
            return "'\(reference)' matches \(ids.count) conversations (\(shown)); give more of the id"
        case .writeFailed(let path, let reason):
            return "could not save \(path): \(reason)"
        case .locked(let path):
            return "\(path) is held by another chatterm, which has this conversation open"
        }
    }
}
