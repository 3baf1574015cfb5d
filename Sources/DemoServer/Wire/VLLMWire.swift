/// The JSON of vLLM's OpenAI-compatible server, byte for byte.
enum VLLMWire {
    /// The body of the HTTP 400 that answers a chat request that does not fit `max_model_len`, as vLLM 0.18
    /// and later write it: its `ErrorResponse` (`{"error": {message, type, param, code}}`) through Starlette's
    /// compact `JSONResponse`, the message ending in the `(parameter=…, value=…)` its validation errors add.
    ///
    /// `outputTokens` is the request's `max_tokens` (or `max_completion_tokens`), 0 when it has none.
    static func contextLengthExceeded(contextTokens: Int, promptTokens: Int, outputTokens: Int) -> String {
        let message =
            "This model's maximum context length is \(contextTokens) tokens. "
            + "However, you requested \(outputTokens) output tokens and your prompt contains \(promptTokens) "
            + "input tokens, for a total of \(promptTokens + outputTokens) tokens. "
            + "Please reduce the length of the input prompt or the number of requested output tokens. "
            + "(parameter=input_tokens, value=\(promptTokens))"
        let error = PythonJSON.object([
            ("message", PythonJSON.string(message)), ("type", PythonJSON.string("BadRequestError")),
            ("param", PythonJSON.string("input_tokens")), ("code", "400"),
        ])
        return PythonJSON.object([("error", error)])
    }
}
