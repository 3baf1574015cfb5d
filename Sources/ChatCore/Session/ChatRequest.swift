/// What one chat-completion request asks for, independent of how it travels.
public struct ChatRequest: Sendable, Hashable {
    /// One message as sent to the model.
    public struct Message: Sendable, Hashable {
        public var role: Role
        public var content: String
        /// Files sent with it: the transport puts text into the content as fenced blocks and
        /// images beside it as `image_url` parts.
        public var attachments: [Attachment]

        public init(role: Role, content: String, attachments: [Attachment] = []) {
            self.role = role
            self.content = content
            self.attachments = attachments
        }
    }

    public var model: String
    public var messages: [Message]
    public var stream: Bool
    public var temperature: Double?
    public var maxTokens: Int?

    public init(
        model: String, messages: [Message], stream: Bool = true, temperature: Double? = nil,
        maxTokens: Int? = nil
    ) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}
