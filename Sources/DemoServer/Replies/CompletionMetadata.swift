/// The identity every chunk or object of one completion repeats: `id`, `created` and `model`.
struct CompletionMetadata: Sendable, Equatable {
    /// `chatcmpl-demo-N`, with N counting the server's completions from 1.
    var id: String
    /// Unix time in seconds at which the request was answered.
    var created: Int
    /// The configured model id.
    var model: String
}
