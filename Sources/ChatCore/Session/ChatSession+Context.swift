/// The context window: learning it, how full it is, and prompts that would not fit it.
extension ChatSession {
    /// Asks the server for the model's context window, once per endpoint and model, in the
    /// background: the first prompt never waits for it. A configured `context_window` is not
    /// asked about.
    public func learnContextWindow() {
        guard contextWindow?.source != .configured, !model.isEmpty else { return }
        let key = baseURL + "\n" + model
        guard contextAskedAbout != key else { return }
        contextAskedAbout = key
        contextWindow = nil
        let (transport, model) = (runner.transport, self.model)
        Task { [weak self] in
            let window = await transport.contextWindow(model: model)
            guard let self, self.contextAskedAbout == key, let window, self.contextWindow == nil else { return }
            self.contextWindow = window
            self.onChange?(.status)
        }
    }

    /// Asks the server now and waits for its answer (bounded by the transport): for `ask`, which
    /// must know before it sends.
    public func askContextWindow() async {
        guard contextWindow?.source != .configured, !model.isEmpty else { return }
        contextAskedAbout = baseURL + "\n" + model
        if let window = await runner.transport.contextWindow(model: model) { contextWindow = window }
    }

    /// Uses `context_window` from the configuration (nil: ask the server).
    public func configureContextWindow(_ tokens: Int?) {
        contextAskedAbout = nil
        contextWindow = tokens.map { ContextWindow(tokens: $0, source: .configured) }
    }

    /// How full the context is, when its size is known.
    public var contextUse: ContextUse? {
        guard let contextWindow else { return nil }
        return ContextUse(
            used: ContextUse.tokens(in: conversation, leavingOut: leftOutOfRequests), limit: contextWindow.tokens)
    }

    /// Why `prompt` would not fit the context, with the offer to leave out the oldest messages;
    /// nil when it fits, or when the context's size is unknown.
    /// With `editing`, the prompt takes the place of the one at that index (`/edit`): what
    /// follows it is not sent, and what comes before is estimated.
    public func contextShortfall(for prompt: String, editing index: Int? = nil) -> ContextShortfall? {
        guard let contextWindow else { return nil }
        let limit = contextWindow.tokens
        let promptTokens = TokenEstimate.tokens(in: prompt) + TokenEstimate.perMessage
        let before: [ChatRequest.Message]
        let used: Int
        if let index, index <= conversation.messages.count {
            before = ContextTrim.leavingOut(
                leftOutOfRequests, of: Conversation(messages: Array(conversation.messages[..<index])).requestMessages)
            used = TokenEstimate.tokens(in: before)
        } else {
            before = requestMessages
            used = ContextUse.tokens(in: conversation, leavingOut: leftOutOfRequests)
        }
        let needed = used + promptTokens + ContextTrim.reserve(limit: limit, maxTokens: maxTokens)
        guard needed > limit else { return nil }
        let request = before + [ChatRequest.Message(role: .user, content: prompt)]
        return ContextShortfall(
            needed: needed, limit: limit, leaveOut: ContextTrim.leftOut(request, freeing: needed - limit))
    }

    /// Sends `prompt` with `count` more of the oldest messages left out of this request and the
    /// later ones (`leftOutOfRequests`); the conversation keeps them.
    @discardableResult
    public func send(_ prompt: String, attachments: [Attachment] = [], leavingOut count: Int) -> Bool {
        guard sendRefusal == nil else { return false }
        leftOutOfRequests += count
        return send(prompt, attachments: attachments)
    }

    /// Sends `prompt` in place of the prompt at `index` (`edit(at:to:attachments:)`) with `count`
    /// more of the oldest messages left out, as `send(_:attachments:leavingOut:)` does.
    public func edit(at index: Int, to prompt: String, attachments: [Attachment] = [], leavingOut count: Int)
        throws(Refusal)
    {
        if let refusal = sendRefusal { throw refusal }
        leftOutOfRequests += count
        try edit(at: index, to: prompt, attachments: attachments)
    }

    /// Asks again for the last reply, which failed because the context was full, with `count`
    /// more of the oldest messages left out.
    public func retry(leavingOut count: Int) throws(Refusal) {
        if let refusal = sendRefusal { throw refusal }
        leftOutOfRequests += count
        try retry()
    }

    /// The overflow the last reply failed with, as an offer to leave out the oldest messages:
    /// the server's error named the limit (which is learnt from it) or the limit is known.
    public var overflowShortfall: ContextShortfall? {
        guard let last = conversation.messages.last, last.role == .assistant, last.status == .failed,
            let error = last.error, ContextWindow.isOverflow(error) || isEmptyStreamOverflow(last)
        else { return nil }
        let window = ContextWindow.fromOverflowMessage(error) ?? contextWindow
        guard let window else { return nil }
        let request = requestMessages
        let limit = window.tokens
        let needed = TokenEstimate.tokens(in: request) + ContextTrim.reserve(limit: limit, maxTokens: maxTokens)
        let excess = max(needed - limit, TokenEstimate.tokens(in: request) / 4, 1)
        return ContextShortfall(
            needed: max(needed, limit + 1), limit: limit, leaveOut: ContextTrim.leftOut(request, freeing: excess))
    }

    /// llama-cpp-python's empty stream ends as an "empty reply" without a message naming the
    /// context; it is an overflow when the request was estimated not to fit.
    private func isEmptyStreamOverflow(_ message: Message) -> Bool {
        guard let contextWindow, message.stats?.errorCategory == ChatError.Category.empty.rawValue else { return false }
        return TokenEstimate.tokens(in: requestMessages) > contextWindow.tokens
    }

    /// The messages the next request carries: the conversation's, without those left out.
    var requestMessages: [ChatRequest.Message] {
        ContextTrim.leavingOut(leftOutOfRequests, of: conversation.requestMessages)
    }

    /// Learns the limit an overflow error names, when none was configured.
    func learnContextWindow(fromError message: String?) {
        guard contextWindow?.source != .configured, let message,
            let window = ContextWindow.fromOverflowMessage(message)
        else { return }
        contextWindow = window
    }
}
