import ChatCore
import Foundation

/// A whole conversation file: the envelope, the conversation, and the fields this version does
/// not know, read and written in one pass.
///
/// The keys are written by hand rather than through `Conversation`'s synthesized `Codable`, so
/// the set of known keys (`ConversationFile.topLevelKeys`) is exactly what this code writes; a
/// test checks that `Conversation` has no field this file would drop.
///
/// A conversation that has branched is written in version 2 (`ConversationFile`): its branch in
/// view numbered (`Conversation.numbered()`), each message with its `id` and `parent`, the other
/// messages in `otherBranches`. One that has not is written in version 1, as before.
struct ConversationDocument: Codable {
    var conversation: Conversation
    var unknown: UnknownFields
    /// The version written: `ConversationFile.version(of:)` unless set otherwise (the autosave's
    /// cache writes a version-2 envelope with no messages).
    var version: Int

    init(conversation: Conversation, unknown: UnknownFields, version: Int? = nil) {
        self.conversation = conversation
        self.unknown = unknown
        self.version = version ?? ConversationFile.version(of: conversation)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        version = try ConversationFile.checkHeader(container)
        let createdAt = try container.decodeDate(forKey: "createdAt")
        conversation = Conversation(
            id: try container.decode(String.self, forKey: DynamicCodingKey("id")),
            title: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("title")) ?? "",
            createdAt: createdAt,
            endpoint: try container.decodeIfPresent(EndpointInfo.self, forKey: DynamicCodingKey("endpoint")),
            profile: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("profile")))
        conversation.updatedAt = try container.decodeDate(forKey: "updatedAt")
        unknown = UnknownFields()
        let isTree = version >= 2
        var messages = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages"))
        conversation.messages.reserveCapacity(messages.count ?? 0)
        var viewPlaces: [(id: Int?, parent: Int?)] = []
        while !messages.isAtEnd {
            var record = try messages.decode(MessageRecord.self)
            if isTree {
                try Self.checkNumbers(of: record, "messages[\(viewPlaces.count)]")
                viewPlaces.append((record.id, record.parent))
                record.message.id = record.id
            } else {
                Self.keepAsUnknown(&record)
            }
            keepUnknownFields(of: record, at: conversation.messages.count)
            conversation.messages.append(record.message)
        }
        if isTree {
            var otherPlaces: [(id: Int?, parent: Int?)] = []
            if container.contains(DynamicCodingKey("otherBranches")) {
                var others = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("otherBranches"))
                conversation.otherBranches.reserveCapacity(others.count ?? 0)
                while !others.isAtEnd {
                    var record = try others.decode(MessageRecord.self)
                    try Self.checkNumbers(of: record, "otherBranches[\(otherPlaces.count)]")
                    otherPlaces.append((record.id, record.parent))
                    record.message.id = record.id
                    record.message.parent = record.parent
                    keepUnknownFields(of: record, at: nil)
                    conversation.otherBranches.append(record.message)
                }
            }
            try TreeCheck.check(inView: viewPlaces, others: otherPlaces)
        }
        let known = ConversationFile.topLevelKeys(version: version)
        for key in container.allKeys where !known.contains(key.stringValue) {
            unknown.topLevel[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    /// A version-1 file's `id` and `parent`, if a message has them, are fields it does not know.
    private static func keepAsUnknown(_ record: inout MessageRecord) {
        if let id = record.id { record.unknown["id"] = .int(Int64(id)) }
        if let parent = record.parent { record.unknown["parent"] = .int(Int64(parent)) }
        record.id = nil
        record.parent = nil
    }

    private mutating func keepUnknownFields(of record: MessageRecord, at index: Int?) {
        guard !record.unknown.isEmpty else { return }
        unknown.messages.append(
            UnknownFields.MessageFields(
                index: index, id: record.id, identity: MessageIdentity(record.message), fields: record.unknown))
    }

    /// Refuses a version-2 message whose `id` or `parent` is not a whole number (the record kept
    /// it as a field it does not know); a `null` parent is no parent.
    private static func checkNumbers(of record: MessageRecord, _ place: String) throws {
        for key in ["id", "parent"]
        where record.unknown[key] != nil && !(key == "parent" && record.unknown[key] == .null) {
            throw TreeCheck.Problem(reason: "field \(place).\(key) is not a whole number")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        let known = ConversationFile.topLevelKeys(version: version)
        for (key, value) in unknown.topLevel where !known.contains(key) {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
        try container.encode(ConversationFile.format, forKey: DynamicCodingKey("format"))
        try container.encode(version, forKey: DynamicCodingKey("version"))
        try container.encode(conversation.id, forKey: DynamicCodingKey("id"))
        try container.encode(conversation.title, forKey: DynamicCodingKey("title"))
        try container.encode(RFC3339.string(from: conversation.createdAt), forKey: DynamicCodingKey("createdAt"))
        try container.encode(RFC3339.string(from: conversation.updatedAt), forKey: DynamicCodingKey("updatedAt"))
        // A URL's user and password are never written, whoever set the endpoint.
        try container.encodeIfPresent(
            conversation.endpoint.map {
                EndpointInfo(baseURL: BaseURL.withoutCredentials($0.baseURL), model: $0.model)
            },
            forKey: DynamicCodingKey("endpoint"))
        try container.encodeIfPresent(conversation.profile, forKey: DynamicCodingKey("profile"))
        var messages = container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages"))
        guard version >= 2 else {
            for (index, message) in conversation.messages.enumerated() {
                try messages.encode(MessageRecord(message: message, unknown: unknown.fields(for: message, at: index)))
            }
            return
        }
        let numbered = conversation.numbered()
        for index in numbered.messages.indices {
            try messages.encode(Self.record(numbered, inViewAt: index, unknown: unknown))
        }
        var others = container.nestedUnkeyedContainer(forKey: DynamicCodingKey("otherBranches"))
        for message in numbered.otherBranches {
            try others.encode(Self.record(otherBranch: message, unknown: unknown))
        }
    }

    /// The record of the message at `index` of a numbered conversation's branch in view: its
    /// parent is the message before it.
    static func record(_ numbered: Conversation, inViewAt index: Int, unknown: UnknownFields) -> MessageRecord {
        var message = numbered.messages[index]
        message.parent = nil
        return MessageRecord(
            message: message, unknown: unknown.fields(for: message, at: index), id: message.id,
            parent: index > 0 ? numbered.messages[index - 1].id : nil)
    }

    /// The record of a message of another branch, which names its own parent.
    static func record(otherBranch message: Message, unknown: UnknownFields) -> MessageRecord {
        MessageRecord(
            message: message, unknown: unknown.fields(for: message, at: nil), id: message.id, parent: message.parent)
    }
}

extension KeyedDecodingContainer where Key == DynamicCodingKey {
    /// The RFC 3339 date at `key`; a string that is not one is a corrupt field.
    func decodeDate(forKey name: String) throws -> Date {
        let key = DynamicCodingKey(name)
        let text = try decode(String.self, forKey: key)
        guard let date = RFC3339.date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\"\(text)\" is not an RFC 3339 date")
        }
        return date
    }
}
