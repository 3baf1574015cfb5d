/// The JSON of llama-cpp-python's OpenAI server (`llama_cpp/server`), byte for byte.
enum LlamaCppWire {
    /// The body of the HTTP 400 that answers a chat request whose prompt does not fit the context, as the
    /// server's `RouteErrorHandler` writes it (Starlette's `JSONResponse`: compact, keys in this order).
    ///
    /// The figures are those of its message: the request's `max_tokens` (Python's `None` when the request has
    /// none) plus the prompt's tokens, then each of them.
    static func contextLengthExceeded(contextTokens: Int, promptTokens: Int, maxTokens: Int?) -> String {
        let message =
            "This model's maximum context length is \(contextTokens) tokens. "
            + "However, you requested \((maxTokens ?? 0) + promptTokens) tokens "
            + "(\(promptTokens) in the messages, \(maxTokens.map(String.init) ?? "None") in the completion). "
            + "Please reduce the length of the messages or completion."
        let error = PythonJSON.object([
            ("message", PythonJSON.string(message)), ("type", PythonJSON.string("invalid_request_error")),
            ("param", PythonJSON.string("messages")), ("code", PythonJSON.string("context_length_exceeded")),
        ])
        return PythonJSON.object([("error", error)])
    }
}
