/// The JSON of ChatGLM3's `openai_api_demo/api_server.py`, byte for byte.
///
/// Its pydantic models write their fields in declaration order. Stream chunks are written with
/// `model_dump_json(exclude_unset=True)`, so a field appears only when the code set it: `predict_stream` sets
/// `created` and every member of the delta, `parse_output_text` sets neither `created` nor `function_call`. The
/// non-streaming answer goes through FastAPI's response model, which writes every field. `id` is always empty
/// and `model` is the one the request named.
enum ChatGLM3Wire {
    /// Which of ChatGLM3's stream generators writes the chunks.
    enum Generator: Equatable {
        /// `predict_stream`: the normal path.
        case predictStream
        /// `parse_output_text`: the whole output at once, when it contained `get_` from the start.
        case parseOutputText
    }

    /// The chunk carrying `content`, written by `generator`.
    static func contentChunk(model: String, content: String, created: Int, generator: Generator) -> String {
        switch generator {
        case .predictStream:
            let delta = PythonJSON.object([
                ("role", PythonJSON.string("assistant")), ("content", PythonJSON.string(content)),
                ("function_call", "null"),
            ])
            return chunk(model: model, delta: delta, finishReason: nil, created: created)
        case .parseOutputText:
            let delta = PythonJSON.object([
                ("role", PythonJSON.string("assistant")), ("content", PythonJSON.string(content)),
            ])
            return chunk(model: model, delta: delta, finishReason: nil, created: nil)
        }
    }

    /// The chunk with `finish_reason` `reason` that ends the text of a stream: `predict_stream` sends the
    /// generator's last, unchanged output as an empty `content`; `parse_output_text` sends an empty delta.
    static func finishChunk(model: String, reason: String, created: Int, generator: Generator) -> String {
        switch generator {
        case .predictStream:
            let delta = PythonJSON.object([
                ("role", PythonJSON.string("assistant")), ("content", PythonJSON.string("")),
                ("function_call", "null"),
            ])
            return chunk(model: model, delta: delta, finishReason: reason, created: created)
        case .parseOutputText:
            return chunk(model: model, delta: "{}", finishReason: reason, created: nil)
        }
    }

    /// The `chat.completion` object answering a non-streaming request: `finish_reason` is always `"stop"`
    /// (ChatGLM3 never reports `"length"`), and its usage lists `total_tokens` before `completion_tokens`.
    static func completion(
        model: String, content: String, created: Int, promptTokens: Int, completionTokens: Int
    ) -> String {
        let message = PythonJSON.object([
            ("role", PythonJSON.string("assistant")), ("content", PythonJSON.string(content)), ("name", "null"),
            ("function_call", "null"),
        ])
        let choice = PythonJSON.object([
            ("index", "0"), ("message", message), ("finish_reason", PythonJSON.string("stop")),
        ])
        let usage = PythonJSON.object([
            ("prompt_tokens", String(promptTokens)), ("total_tokens", String(promptTokens + completionTokens)),
            ("completion_tokens", String(completionTokens)),
        ])
        return PythonJSON.object([
            ("model", PythonJSON.string(model)), ("id", PythonJSON.string("")),
            ("object", PythonJSON.string("chat.completion")), ("choices", "[" + choice + "]"),
            ("created", String(created)), ("usage", usage),
        ])
    }

    /// A `chat.completion.chunk` with one choice; `created` only when the generator set it.
    private static func chunk(model: String, delta: String, finishReason: String?, created: Int?) -> String {
        let choice = PythonJSON.object([
            ("delta", delta), ("finish_reason", PythonJSON.optionalString(finishReason)), ("index", "0"),
        ])
        var members = [
            (key: "model", value: PythonJSON.string(model)), ("id", PythonJSON.string("")),
            ("object", PythonJSON.string("chat.completion.chunk")), ("choices", "[" + choice + "]"),
        ]
        if let created {
            members.append(("created", String(created)))
        }
        return PythonJSON.object(members)
    }
}
