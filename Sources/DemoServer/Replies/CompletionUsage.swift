/// The OpenAI `usage` object: token counts of one completion.
struct CompletionUsage: Encodable, Sendable, Equatable {
    /// Tokens in the request's messages, counted with the demo tokenizer.
    var promptTokens: Int
    /// Tokens in the reply as sent.
    var completionTokens: Int
    /// `promptTokens + completionTokens`.
    var totalTokens: Int { promptTokens + completionTokens }

    private enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
    }

    /// Encodes all three counts, including the computed total.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
    }
}
