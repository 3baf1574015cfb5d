import Foundation

/// One message of a conversation.
public struct Message: Codable, Sendable, Hashable {
    public var role: Role
    public var content: String
    /// Reasoning ("thinking") text that some servers send apart from the answer.
    public var reasoning: String?
    public var createdAt: Date
    public var status: MessageStatus
    /// Why the message failed or stopped early, in words for the user.
    public var error: String?
    public var stats: TurnStats?
    /// The files sent with a user message (`/attach`, `ask --attach`), in the order attached.
    public var attachments: [Attachment]
    /// The message's number in a conversation that has branched, unique within it and in the
    /// order the messages were written (`Conversation+Branches`); nil until the conversation
    /// first branches, as in every conversation saved in format version 1.
    public var id: Int?
    /// The id of the message this one follows, for a message not in the branch in view
    /// (`Conversation.otherBranches`); nil for the first message of a branch from the start. A
    /// message in view follows the one before it, whatever this says.
    public var parent: Int?

    public init(
        role: Role, content: String, reasoning: String? = nil, createdAt: Date = Date(),
        status: MessageStatus = .complete, error: String? = nil, stats: TurnStats? = nil,
        attachments: [Attachment] = [], id: Int? = nil, parent: Int? = nil
    ) {
        self.role = role
        self.content = content
        self.reasoning = reasoning
        self.createdAt = createdAt
        self.status = status
        self.error = error
        self.stats = stats
        self.attachments = attachments
        self.id = id
        self.parent = parent
    }

    private enum CodingKeys: String, CodingKey {
        case role, content, reasoning, createdAt, status, error, stats, attachments, id, parent
    }

    /// Decodes a message; one without `attachments` (every message before they existed) has none,
    /// and one without `id` (format version 1) has no number yet.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            role: try container.decode(Role.self, forKey: .role),
            content: try container.decode(String.self, forKey: .content),
            reasoning: try container.decodeIfPresent(String.self, forKey: .reasoning),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            status: try container.decode(MessageStatus.self, forKey: .status),
            error: try container.decodeIfPresent(String.self, forKey: .error),
            stats: try container.decodeIfPresent(TurnStats.self, forKey: .stats),
            attachments: try container.decodeIfPresent([Attachment].self, forKey: .attachments) ?? [],
            id: try container.decodeIfPresent(Int.self, forKey: .id),
            parent: try container.decodeIfPresent(Int.self, forKey: .parent))
    }

    /// Encodes a message as the conversation file does: no `attachments` when there are none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(stats, forKey: .stats)
        if !attachments.isEmpty { try container.encode(attachments, forKey: .attachments) }
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(parent, forKey: .parent)
    }
}
