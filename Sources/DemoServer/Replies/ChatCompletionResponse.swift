/// The `chat.completion` object answering a non-streaming request.
struct ChatCompletionResponse: Encodable {
    /// One entry of `choices`.
    struct Choice: Encodable {
        /// The choice index; always 0.
        var index = 0
        /// The whole reply.
        var message: Message
        /// `"stop"`, or `"length"` when `max_tokens` cut the reply short.
        var finishReason: String

        private enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }
    }

    /// The assistant message of a choice.
    struct Message: Encodable {
        /// Always `"assistant"`.
        var role = "assistant"
        /// The reply text.
        var content: String
    }

    /// The completion's id.
    var id: String
    /// Always `"chat.completion"`.
    var object = "chat.completion"
    /// Unix time of the completion.
    var created: Int
    /// The model id.
    var model: String
    /// The single choice.
    var choices: [Choice]
    /// Token counts.
    var usage: CompletionUsage

    /// The completion `metadata` with `content` as its only choice.
    init(_ metadata: CompletionMetadata, content: String, finishReason: String, usage: CompletionUsage) {
        self.id = metadata.id
        self.created = metadata.created
        self.model = metadata.model
        self.choices = [Choice(message: Message(content: content), finishReason: finishReason)]
        self.usage = usage
    }
}
