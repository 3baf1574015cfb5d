import ChatCore

/// A conversation as read from its file, with whatever fields this version does not know, so
/// that saving it again (`ConversationStore.save(_:preserving:)`) keeps them.
public struct StoredConversation: Sendable {
    public var conversation: Conversation
    public var unknownFields: UnknownFields

    public init(conversation: Conversation, unknownFields: UnknownFields = .none) {
        self.conversation = conversation
        self.unknownFields = unknownFields
    }
}
