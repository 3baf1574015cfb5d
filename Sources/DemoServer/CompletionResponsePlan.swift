import NIOHTTP1

/// What the server answers to one valid chat-completions request.
///
/// This is the one place where a ``DemoFault`` turns into behaviour: each fault is one case of the switch in
/// ``make(for:fault:configuration:metadata:)``.
enum CompletionResponsePlan {
    /// An HTTP error with a JSON error body.
    case error(status: HTTPResponseStatus, APIErrorResponse)
    /// A non-streaming `chat.completion` object.
    case completion(ChatCompletionResponse)
    /// HTTP 200 with event-stream headers and no body bytes at all.
    case emptyStream
    /// HTTP 200 with a stream of events.
    case stream(StreamScript)

    /// The plan for `request` under `fault`.
    static func make(
        for request: ChatCompletionRequest,
        fault: DemoFault,
        configuration: DemoServerConfiguration,
        metadata: CompletionMetadata
    ) -> CompletionResponsePlan {
        if fault == .httpError {
            return .error(status: .internalServerError, .internalFault)
        }
        var tokens =
            configuration.cannedReply.map(DemoTokenizer.tokenize)
            ?? DemoReply.tokens(forPrompt: request.prompt, count: configuration.replyTokens)
        var finishReason = "stop"
        if let limit = request.tokenLimit, tokens.count > limit {
            tokens.removeSubrange(limit...)
            finishReason = "length"
        }
        let usage = CompletionUsage(promptTokens: request.promptTokenCount, completionTokens: tokens.count)
        guard request.isStreaming else {
            let response = ChatCompletionResponse(
                metadata, content: tokens.joined(), finishReason: finishReason, usage: usage)
            return .completion(response)
        }
        let tokensBeforeFailure = Array(tokens.prefix(DemoFault.contentTokensBeforeFailure))
        switch fault {
        case .none, .httpError:
            let usageChunk = configuration.sendUsageChunk ? usage : nil
            return .stream(StreamScript(tokens: tokens, ending: .finish(reason: finishReason, usage: usageChunk)))
        case .emptyBody:
            return .emptyStream
        case .errorInStream:
            return .stream(StreamScript(tokens: tokensBeforeFailure, ending: .error(.streamFault)))
        case .dropMidStream:
            return .stream(StreamScript(tokens: tokensBeforeFailure, ending: .dropConnection))
        }
    }
}
