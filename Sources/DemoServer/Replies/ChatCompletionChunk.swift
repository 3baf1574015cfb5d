/// One `chat.completion.chunk` object, the payload of a streamed `data:` event.
struct ChatCompletionChunk: Encodable {
    /// One entry of `choices`.
    struct Choice: Encodable {
        /// The choice index; the demo server always answers with a single choice.
        var index = 0
        /// The new text (and, where the dialect asks for it, the role).
        var delta: Delta
        /// `null` while streaming, then `"stop"` or `"length"`; always present in the encoding.
        var finishReason: String?

        private enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }

        /// Encodes `finish_reason` as an explicit `null` when absent, as OpenAI does.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    /// A chunk's `delta`; absent members are omitted, so the final delta encodes as `{}`.
    struct Delta: Encodable {
        /// `"assistant"` in the first delta (or every delta, ChatGLM3 style), otherwise absent.
        var role: String?
        /// The token text, absent in the final delta.
        var content: String?
    }

    /// The completion's id.
    var id: String
    /// Always `"chat.completion.chunk"`.
    var object = "chat.completion.chunk"
    /// Unix time of the completion.
    var created: Int
    /// The model id.
    var model: String
    /// One choice, or none in the usage chunk.
    var choices: [Choice]
    /// Present only in the usage chunk.
    var usage: CompletionUsage?

    /// A chunk of `metadata`'s completion.
    init(_ metadata: CompletionMetadata, choices: [Choice], usage: CompletionUsage? = nil) {
        self.id = metadata.id
        self.created = metadata.created
        self.model = metadata.model
        self.choices = choices
        self.usage = usage
    }
}
