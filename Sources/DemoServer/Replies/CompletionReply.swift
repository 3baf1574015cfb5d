/// The reply to one valid chat-completions request: its tokens after `max_tokens`, why it finished and its
/// token counts, ready to be sent whole or streamed.
struct CompletionReply {
    /// Which text the reply is made of.
    enum Text {
        /// The configured canned reply, or else the demo reply echoing the prompt, with the configured passage.
        case standard
        /// The configured canned reply, or else the multilingual passage of the `split-utf8` fault.
        case multilingual
    }

    /// The reply's tokens, as streamed.
    var tokens: [String]
    /// `"stop"`, or `"length"` when `max_tokens` cut the reply short.
    var finishReason: String
    /// The token counts.
    var usage: CompletionUsage

    /// The reply to `request` on a server with `configuration`; from the second `answer` to the same
    /// conversation on, it begins `Answer 2:`.
    init(
        request: ChatCompletionRequest, configuration: DemoServerConfiguration, text: Text = .standard, answer: Int = 1
    ) {
        var tokens: [String]
        if let canned = configuration.cannedReply {
            tokens = DemoTokenizer.tokenize(canned)
        } else {
            switch text {
            case .standard:
                tokens = DemoReply.tokens(
                    forPrompt: request.prompt, count: configuration.replyTokens, passage: configuration.passage)
            case .multilingual:
                tokens = DemoReply.multilingualTokens(forPrompt: request.prompt, count: configuration.replyTokens)
            }
        }
        if answer > 1 { tokens = DemoTokenizer.tokenize("Answer \(answer): ") + tokens }
        var finishReason = "stop"
        if let limit = request.tokenLimit, tokens.count > limit {
            tokens.removeSubrange(limit...)
            finishReason = "length"
        }
        self.tokens = tokens
        self.finishReason = finishReason
        self.usage = CompletionUsage(promptTokens: request.promptTokenCount, completionTokens: tokens.count)
    }

    /// The whole reply text.
    var text: String { tokens.joined() }

    /// The `chat.completion` object answering a non-streaming request.
    func completion(_ metadata: CompletionMetadata) -> ChatCompletionResponse {
        ChatCompletionResponse(metadata, content: text, finishReason: finishReason, usage: usage)
    }

    /// The well-formed stream of the reply: every token, the finish chunk, the usage chunk when configured,
    /// `[DONE]`, with the configured pings.
    func stream(_ configuration: DemoServerConfiguration) -> StreamScript {
        StreamScript(
            tokens: tokens,
            ending: .finish(reason: finishReason, usage: configuration.sendUsageChunk ? usage : nil, done: true),
            pingInterval: configuration.pingInterval
        )
    }

    /// A stream of the first `count` tokens (fewer when the reply is shorter) followed by `ending`.
    func truncatedStream(
        after count: Int, ending: StreamScript.Ending, pingInterval: Double?
    ) -> StreamScript {
        StreamScript(tokens: Array(tokens.prefix(max(count, 0))), ending: ending, pingInterval: pingInterval)
    }
}
