import Foundation

/// The server a conversation was held with.
public struct EndpointInfo: Codable, Sendable, Hashable {
    public var baseURL: String
    public var model: String

    public init(baseURL: String, model: String) {
        self.baseURL = baseURL
        self.model = model
    }
}

/// A conversation: the branch in view, its messages in order, oldest first, and the messages of
/// the other branches (edited prompts and retried replies: `Conversation+Branches`).
public struct Conversation: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date
    public var endpoint: EndpointInfo?
    /// The configuration profile the last reply was asked with (`--profile`, `/profile`); nil
    /// without one, and in conversations saved before chatterm recorded it.
    public var profile: String?
    /// The branch in view: what is shown, sent to the model and printed by `show`.
    public var messages: [Message]
    /// Every message not in the branch in view, each with its `id` and `parent`, in no order
    /// that matters: the earlier prompts `/edit` replaced and the replies `/retry` kept. Empty
    /// until the conversation first branches.
    public var otherBranches: [Message] = []

    public init(
        id: String = Conversation.makeID(), title: String = "", createdAt: Date = Date(),
        endpoint: EndpointInfo? = nil, profile: String? = nil, messages: [Message] = []
    ) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.endpoint = endpoint
        self.profile = profile
        self.messages = messages
    }

    /// A sortable, file-name-safe identifier: UTC time plus a random suffix.
    public static func makeID(now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
        let suffix = String(UInt32.random(in: 0...0xFFFF), radix: 16)
        return stamp + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    /// The messages as the model should see them next: failed replies and empty ones are left out,
    /// since sending them back would teach the model its own errors.
    public var requestMessages: [ChatRequest.Message] {
        messages.compactMap { message in
            if message.role == .assistant && (message.status == .failed || message.content.isEmpty) {
                return nil
            }
            return ChatRequest.Message(role: message.role, content: message.content, attachments: message.attachments)
        }
    }
}
