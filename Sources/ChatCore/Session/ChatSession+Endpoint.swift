/// Applying an endpoint to a session, written once for the chat, `/profile` and `ask`.
extension ChatSession {
    /// A session sending `conversation` (a new one unless resumed) to `endpoint`, asking `model`
    /// (`ModelChoice`; empty while the server is still being asked). The endpoint's system prompt
    /// leads the conversation unless it has one of its own.
    public convenience init(_ endpoint: SessionEndpoint, model: String, conversation: Conversation = Conversation()) {
        self.init(runner: endpoint.runner, model: model, conversation: conversation, system: endpoint.system)
        sendRequests(to: endpoint)
    }

    /// Sends the replies from the next one on to `endpoint` (`/profile`); a reply under way keeps
    /// the runner it started with. Its system prompt replaces the one of a conversation that has
    /// not started, and leaves one under way as it is.
    public func use(_ endpoint: SessionEndpoint) {
        sendRequests(to: endpoint)
        failedOver = nil
        if !conversation.messages.contains(where: { $0.role != .system }) {
            try? setSystemPrompt(endpoint.system ?? "")
        }
    }

    private func sendRequests(to endpoint: SessionEndpoint) {
        runner = endpoint.runner
        baseURL = endpoint.baseURL
        temperature = endpoint.temperature
        maxTokens = endpoint.maxTokens
        stream = endpoint.stream
        profile = endpoint.profile
        endpointLabel = endpoint.label
        configureContextWindow(endpoint.contextWindow)
    }
}
