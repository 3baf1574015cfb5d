import ChatCore

/// The JSON fields of a conversation file that this version of chatterm does not know: those of
/// the top-level object and those of each message. Opaque on purpose: it only travels from `load`
/// to `save`, so that a file written by a newer minor release (or by hand) keeps its extras.
///
/// A message's fields follow the message, not its position: by its id when the file had one
/// (version 2), else by role and creation time (falling back to nothing), so removing, replacing
/// or hiding a message in another branch (`/retry`, `/edit`) never hands its extras to another
/// one. Unknown fields inside `endpoint` and `stats` are not kept.
public struct UnknownFields: Sendable, Hashable {
    /// Nothing unknown: what a new conversation has.
    public static let none = UnknownFields()

    var topLevel: [String: JSONValue] = [:]
    var messages: [MessageFields] = []

    /// Whether there is nothing to preserve.
    public var isEmpty: Bool { topLevel.isEmpty && messages.isEmpty }

    /// The unknown fields of one message, and what identifies that message.
    struct MessageFields: Sendable, Hashable {
        /// Its index in the branch in view; nil for a message of another branch.
        var index: Int?
        /// Its id in a version-2 file.
        var id: Int?
        var identity: MessageIdentity
        var fields: [String: JSONValue]
    }

    /// The unknown fields saved with `message`, which sits at `index` of the branch in view (nil:
    /// in another branch): those read with its id, else those read at the same index when it is
    /// the same message, else those of the one message with the same identity.
    func fields(for message: Message, at index: Int?) -> [String: JSONValue] {
        guard !messages.isEmpty else { return [:] }
        if let id = message.id, let candidate = messages.first(where: { $0.id == id }) {
            return candidate.fields
        }
        let identity = MessageIdentity(message)
        if let index, let candidate = messages.first(where: { $0.index == index }), candidate.identity == identity {
            return candidate.fields
        }
        let matches = messages.filter { $0.identity == identity }
        return matches.count == 1 ? matches[0].fields : [:]
    }
}

/// What tells one message from another across a load and a save: its role and its creation time
/// as written in the file (to the millisecond).
struct MessageIdentity: Sendable, Hashable {
    var role: Role
    var createdAt: String

    init(_ message: Message) {
        role = message.role
        createdAt = RFC3339.string(from: message.createdAt)
    }
}
