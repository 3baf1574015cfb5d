extension ChatRequest {
    /// The fields of a completion's JSON body that chatterm writes itself, by their names on the
    /// wire: the endpoint's extra fields (`extra_body`) never replace them.
    public enum Field: String, Sendable, CaseIterable {
        case model
        case messages
        case stream
        case temperature
        case maxTokens = "max_tokens"
    }
}
