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

    public init(
        role: Role, content: String, reasoning: String? = nil, createdAt: Date = Date(),
        status: MessageStatus = .complete, error: String? = nil, stats: TurnStats? = nil
    ) {
        self.role = role
        self.content = content
        self.reasoning = reasoning
        self.createdAt = createdAt
        self.status = status
        self.error = error
        self.stats = stats
    }
}
