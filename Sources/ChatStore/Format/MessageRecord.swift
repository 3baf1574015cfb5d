import ChatCore
import Foundation

/// One message as the file holds it, with the fields this version does not know.
///
/// `id` and `parent` are the message's place in a version-2 file's tree: written when `id` is
/// set, and read whenever the file has them as whole numbers (`ConversationDocument` decides
/// what they mean, and in a version-1 file keeps them as unknown fields).
struct MessageRecord: Codable {
    var message: Message
    var unknown: [String: JSONValue]
    var id: Int?
    var parent: Int?

    private static let redact = Redactor()

    init(message: Message, unknown: [String: JSONValue], id: Int? = nil, parent: Int? = nil) {
        self.message = message
        self.unknown = unknown
        self.id = id
        self.parent = parent
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        message = Message(
            role: try container.decode(Role.self, forKey: DynamicCodingKey("role")),
            content: try container.decode(String.self, forKey: DynamicCodingKey("content")),
            reasoning: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("reasoning")),
            createdAt: try container.decodeDate(forKey: "createdAt"),
            status: try container.decode(MessageStatus.self, forKey: DynamicCodingKey("status")),
            error: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("error")),
            stats: try container.decodeIfPresent(TurnStats.self, forKey: DynamicCodingKey("stats")),
            attachments: try container.decodeIfPresent(
                [AttachmentRecord].self, forKey: DynamicCodingKey("attachments"))?
                .map(\.attachment) ?? [])
        id = try? container.decodeIfPresent(Int.self, forKey: DynamicCodingKey("id"))
        parent = try? container.decodeIfPresent(Int.self, forKey: DynamicCodingKey("parent"))
        unknown = [:]
        for key in container.allKeys where !ConversationFile.messageKeys.contains(key.stringValue) {
            if key.stringValue == "id" && id != nil || key.stringValue == "parent" && parent != nil { continue }
            unknown[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        let known = id == nil ? ConversationFile.messageKeys : ConversationFile.treeMessageKeys
        for (key, value) in unknown where !known.contains(key) {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
        try container.encodeIfPresent(id, forKey: DynamicCodingKey("id"))
        try container.encodeIfPresent(parent, forKey: DynamicCodingKey("parent"))
        try container.encode(message.role, forKey: DynamicCodingKey("role"))
        try container.encode(message.content, forKey: DynamicCodingKey("content"))
        try container.encodeIfPresent(message.reasoning, forKey: DynamicCodingKey("reasoning"))
        try container.encode(RFC3339.string(from: message.createdAt), forKey: DynamicCodingKey("createdAt"))
        try container.encode(message.status, forKey: DynamicCodingKey("status"))
        // The transport hides the endpoint's own secrets before an error exists; the generic
        // rules (a `Bearer` token, a URL's user and password) apply to whatever else wrote one.
        try container.encodeIfPresent(message.error.map(Self.redact.callAsFunction), forKey: DynamicCodingKey("error"))
        try container.encodeIfPresent(message.stats.map(Self.finite), forKey: DynamicCodingKey("stats"))
        if !message.attachments.isEmpty {
            try container.encode(
                message.attachments.map(AttachmentRecord.init), forKey: DynamicCodingKey("attachments"))
        }
    }

    /// `stats` without a rate JSON cannot hold: a reply whose tokens all arrived at once can
    /// measure an infinite rate, and one infinity must not make the whole save fail.
    private static func finite(_ stats: TurnStats) -> TurnStats {
        var stats = stats
        if let rate = stats.tokensPerSecond, !rate.isFinite { stats.tokensPerSecond = nil }
        return stats
    }
}
