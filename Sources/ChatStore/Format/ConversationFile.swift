import ChatCore
import Foundation

/// The on-disk envelope of a conversation (DESIGN.md §5): `format` and `version` around the
/// conversation's own fields.
///
/// Version 1 holds a list of messages; version 2 (issue 19) a tree: the branch in view in
/// `messages` and every other message in `otherBranches`, each message with an `id` and, but for
/// the first, a `parent`. A conversation is written in version 2 only once it has branched, so a
/// file that never branched stays readable by every chatterm that reads version 1.
public enum ConversationFile {
    public static let format = "chatterm.conversation"
    /// The newest version this chatterm reads and writes.
    public static let version = 2
    /// The version of a conversation that never branched.
    static let listVersion = 1

    /// The version `conversation` is written in: 2 exactly when it has branched.
    static func version(of conversation: Conversation) -> Int {
        conversation.isBranched ? version : listVersion
    }

    /// The top-level keys of a version-1 file; any other is kept as an unknown field.
    static let topLevelKeys: Set<String> = [
        "format", "version", "id", "title", "createdAt", "updatedAt", "endpoint", "profile", "messages",
    ]
    /// The top-level keys of a version-2 file.
    static let treeTopLevelKeys = topLevelKeys.union(["otherBranches"])

    /// The keys of a message in a version-1 file; any other is kept as an unknown field.
    static let messageKeys: Set<String> = [
        "role", "content", "reasoning", "createdAt", "status", "error", "stats", "attachments",
    ]
    /// The keys of a message in a version-2 file.
    static let treeMessageKeys = messageKeys.union(["id", "parent"])

    /// The top-level keys known in `version`.
    static func topLevelKeys(version: Int) -> Set<String> {
        version >= 2 ? treeTopLevelKeys : topLevelKeys
    }

    /// Why a file's envelope is not one this version opens.
    enum HeaderProblem: Error {
        case notAConversation(String)
        case newerVersion(Int)
    }

    /// Checks `format` and `version` of a file's top-level object before anything else is read,
    /// so a newer file is refused for its version rather than for a field it renamed. Returns the
    /// version.
    @discardableResult
    static func checkHeader(_ container: KeyedDecodingContainer<DynamicCodingKey>) throws -> Int {
        guard let format = try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("format")) else {
            throw HeaderProblem.notAConversation("it has no \"format\" field, so it is not a chatterm conversation")
        }
        guard format == Self.format else {
            throw HeaderProblem.notAConversation("its format is \"\(format)\", not \"\(Self.format)\"")
        }
        guard let version = try container.decodeIfPresent(Int.self, forKey: DynamicCodingKey("version")) else {
            throw HeaderProblem.notAConversation("it has no \"version\" field")
        }
        if version > Self.version { throw HeaderProblem.newerVersion(version) }
        if version < 1 { throw HeaderProblem.notAConversation("its version \(version) does not exist") }
        return version
    }

    /// A decoder for conversation files and summaries.
    static func makeDecoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// The encoder for conversation files: pretty-printed with sorted keys, so files diff well
    /// and a rewrite changes only what changed; dates in summaries as RFC 3339.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var single = encoder.singleValueContainer()
            try single.encode(RFC3339.string(from: date))
        }
        return encoder
    }

    /// The file's bytes for `conversation`: the JSON of DESIGN.md §5 and a final newline.
    static func encode(_ conversation: Conversation, preserving unknown: UnknownFields) throws -> Data {
        var data = try makeEncoder().encode(ConversationDocument(conversation: conversation, unknown: unknown))
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
