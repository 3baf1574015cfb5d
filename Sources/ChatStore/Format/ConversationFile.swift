import ChatCore
import Foundation

/// The on-disk envelope of a conversation (DESIGN.md §5): `format` and `version` around the
/// conversation's own fields.
public enum ConversationFile {
    public static let format = "chatterm.conversation"
    public static let version = 1

    /// The top-level keys this version reads and writes; any other is kept as an unknown field.
    static let topLevelKeys: Set<String> = [
        "format", "version", "id", "title", "createdAt", "updatedAt", "endpoint", "profile", "messages",
    ]

    /// The keys of a message this version reads and writes; any other is kept as an unknown field.
    static let messageKeys: Set<String> = [
        "role", "content", "reasoning", "createdAt", "status", "error", "stats", "attachments",
    ]

    /// Why a file's envelope is not one this version opens.
    enum HeaderProblem: Error {
        case notAConversation(String)
        case newerVersion(Int)
    }

    /// Checks `format` and `version` of a file's top-level object before anything else is read,
    /// so a newer file is refused for its version rather than for a field it renamed.
    static func checkHeader(_ container: KeyedDecodingContainer<DynamicCodingKey>) throws {
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
