import Foundation

/// How many tokens the model's context holds (prompt and reply together), and who said so.
///
/// `context_window` in the configuration wins; else the server's own word, asked once per
/// endpoint and model (`ChatTransport.contextWindow(model:)`): llama.cpp's `GET /props`, vLLM's
/// `max_model_len` on the model in `GET /v1/models`, Ollama's `POST /api/show`; else the number
/// in an overflow error ("maximum context length is 4096 tokens"). llama-cpp-python's server
/// says it nowhere but in that error.
public struct ContextWindow: Sendable, Hashable {
    public var tokens: Int
    public var source: Source

    public init(tokens: Int, source: Source) {
        self.tokens = tokens
        self.source = source
    }

    /// Where the limit came from.
    public enum Source: String, Sendable, Hashable {
        case configured = "context_window"
        case llamaCppProps = "GET /props (llama.cpp)"
        case modelList = "max_model_len in GET /models (vLLM)"
        case ollamaShow = "POST /api/show (Ollama)"
        case overflowError = "the server's overflow error"
    }

    /// The largest limit believed: a server that claims more is misreporting.
    static let largest: Int64 = 100_000_000

    /// A limit from outside, when it is a believable number of tokens.
    static func believable(_ value: JSONValue?) -> Int? {
        guard case .int(let tokens) = value, (1...largest).contains(tokens) else { return nil }
        return Int(tokens)
    }

    /// `body` as a JSON object's fields, or nil.
    static func fields(_ body: Data) -> [String: JSONValue]? {
        guard case .object(let fields) = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        return fields
    }
}

extension ContextWindow {
    /// llama.cpp's `GET /props`: `{"default_generation_settings": {"n_ctx": 8192, …}, …}`.
    public static func fromLlamaCppProps(_ body: Data) -> ContextWindow? {
        guard case .object(let settings) = fields(body)?["default_generation_settings"],
            let tokens = believable(settings["n_ctx"])
        else { return nil }
        return ContextWindow(tokens: tokens, source: .llamaCppProps)
    }

    /// vLLM's `GET /v1/models`: `{"data": [{"id": "…", "max_model_len": 8096, …}]}`, for `model`.
    public static func fromModelList(_ body: Data, model: String) -> ContextWindow? {
        guard case .array(let data) = fields(body)?["data"],
            case .object(let entry) = data.first(where: {
                if case .object(let entry) = $0, entry["id"] == .string(model) { return true }
                return false
            }),
            let tokens = believable(entry["max_model_len"])
        else { return nil }
        return ContextWindow(tokens: tokens, source: .modelList)
    }

    /// Ollama's `POST /api/show`: `{"model_info": {"llama.context_length": 131072, …}, …}`, the
    /// key's prefix being the model's architecture. A `num_ctx` in its `parameters` (a text of
    /// "name value" lines) is what the server runs with, and wins.
    public static func fromOllamaShow(_ body: Data) -> ContextWindow? {
        guard let object = fields(body) else { return nil }
        if case .string(let parameters) = object["parameters"] {
            for line in parameters.split(separator: "\n") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                if words.count == 2, words[0] == "num_ctx", let tokens = Int(words[1]),
                    (1...Int(largest)).contains(tokens)
                {
                    return ContextWindow(tokens: tokens, source: .ollamaShow)
                }
            }
        }
        guard case .object(let info) = object["model_info"],
            let key = info.keys.sorted().first(where: { $0.hasSuffix(".context_length") }),
            let tokens = believable(info[key])
        else { return nil }
        return ContextWindow(tokens: tokens, source: .ollamaShow)
    }

    /// The limit an overflow error names: OpenAI's, vLLM's and llama-cpp-python's "This model's
    /// maximum context length is 4096 tokens. However, you requested …", newer vLLM's "You passed
    /// 99073 input tokens … However, the model's context length is only 131072 tokens", llama-server's
    /// "request (9412 tokens) exceeds the available context size (8192 tokens), try increasing it".
    public static func fromOverflowMessage(_ message: String) -> ContextWindow? {
        for marker in ["maximum context length is ", "context length is only ", "available context size ("] {
            guard let range = message.range(of: marker) else { continue }
            let digits = message[range.upperBound...].prefix(while: \.isNumber)
            if let tokens = Int(digits), (1...Int(largest)).contains(tokens) {
                return ContextWindow(tokens: tokens, source: .overflowError)
            }
        }
        return nil
    }

    /// Whether a server's error says the request did not fit the context.
    public static func isOverflow(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return [
            "maximum context length", "context length is only", "exceeds the available context size",
            "context_length_exceeded",
            "exceed_context_size_error",
        ].contains { lowered.contains($0) }
    }
}
