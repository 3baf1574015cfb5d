import ChatCore
import Foundation

/// A whole conversation file: the envelope, the conversation, and the fields this version does
/// not know, read and written in one pass.
///
/// The keys are written by hand rather than through `Conversation`'s synthesized `Codable`, so
/// the set of known keys (`ConversationFile.topLevelKeys`) is exactly what this code writes; a
/// test checks that `Conversation` has no field this file would drop.
struct ConversationDocument: Codable {
    var conversation: Conversation
    var unknown: UnknownFields

    init(conversation: Conversation, unknown: UnknownFields) {
        self.conversation = conversation
        self.unknown = unknown
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        try ConversationFile.checkHeader(container)
        let createdAt = try container.decodeDate(forKey: "createdAt")
        conversation = Conversation(
            id: try container.decode(String.self, forKey: DynamicCodingKey("id")),
            title: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("title")) ?? "",
            createdAt: createdAt,
            endpoint: try container.decodeIfPresent(EndpointInfo.self, forKey: DynamicCodingKey("endpoint")),
            profile: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("profile")))
        conversation.updatedAt = try container.decodeDate(forKey: "updatedAt")
        unknown = UnknownFields()
        var messages = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages"))
        conversation.messages.reserveCapacity(messages.count ?? 0)
        while !messages.isAtEnd {
            let record = try messages.decode(MessageRecord.self)
            if !record.unknown.isEmpty {
                unknown.messages.append(
                    UnknownFields.MessageFields(
                        index: conversation.messages.count, identity: MessageIdentity(record.message),
                        fields: record.unknown))
            }
            conversation.messages.append(record.message)
        }
        for key in container.allKeys where !ConversationFile.topLevelKeys.contains(key.stringValue) {
            unknown.topLevel[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        for (key, value) in unknown.topLevel where !ConversationFile.topLevelKeys.contains(key) {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
        try container.encode(ConversationFile.format, forKey: DynamicCodingKey("format"))
        try container.encode(ConversationFile.version, forKey: DynamicCodingKey("version"))
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
        for (index, message) in conversation.messages.enumerated() {
            try messages.encode(MessageRecord(message: message, unknown: unknown.fields(for: message, at: index)))
        }
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
