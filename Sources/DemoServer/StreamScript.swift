/// What one streamed response will contain: the content tokens, then how the stream ends.
struct StreamScript {
    /// How a stream ends once its content tokens are written.
    enum Ending {
        /// A chunk with `finish_reason`, then the usage chunk when `usage` is set, then `data: [DONE]`.
        case finish(reason: String, usage: CompletionUsage?)
        /// An error event, then the end of the body (no `finish_reason`, no `[DONE]`).
        case error(APIErrorResponse)
        /// The connection is closed without ending the chunked body.
        case dropConnection
    }

    /// The content tokens, one event each.
    var tokens: [String]
    /// What follows the tokens.
    var ending: Ending
}
