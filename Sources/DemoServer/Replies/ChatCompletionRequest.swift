import Foundation

/// The parts of an OpenAI chat-completions request body the demo server uses.
struct ChatCompletionRequest: Decodable {
    /// One entry of `messages`.
    struct Message: Decodable {
        /// `"system"`, `"user"`, `"assistant"`, …
        var role: String
        /// The message text; `nil` when the request sent `null` or no content.
        var content: Content?
    }

    /// A message's `content`: a string, or an array of content parts of which the `text` parts count.
    enum Content: Decodable {
        /// `"content": "…"`.
        case text(String)
        /// `"content": [{"type": "text", "text": "…"}, …]`.
        case parts([Part])

        /// The text of the content; text parts are joined with line breaks, other parts are ignored.
        var text: String {
            switch self {
            case .text(let text):
                return text
            case .parts(let parts):
                return parts.compactMap { $0.type == "text" ? $0.text : nil }.joined(separator: "\n")
            }
        }

        /// Decodes either form, with a specific message when the value is neither.
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let parts = try? container.decode([Part].self) {
                self = .parts(parts)
            } else {
                throw DecodingError.typeMismatch(
                    Content.self,
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected a string or an array of {\"type\": \"text\", \"text\": …} parts"
                    )
                )
            }
        }
    }

    /// One element of an array `content`.
    struct Part: Decodable {
        /// `"text"`, `"image_url"`, …
        var type: String
        /// The text of a `"text"` part.
        var text: String?
    }

    /// The requested model; the demo server answers as its configured model whatever this says.
    var model: String?
    /// The conversation; never empty after ``parse(_:)``.
    var messages: [Message]
    /// Whether to stream; absent means `false`.
    var stream: Bool?
    /// The reply's token limit.
    var maxTokens: Int?
    /// The newer spelling of the token limit; `max_tokens` wins when both are present.
    var maxCompletionTokens: Int?
    /// Accepted and ignored: the reply is deterministic.
    var temperature: Double?

    private enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    /// Whether the client asked for a stream.
    var isStreaming: Bool { stream ?? false }

    /// The token limit, if any.
    var tokenLimit: Int? { maxTokens ?? maxCompletionTokens }

    /// The prompt: the text of the last `user` message, or the empty string when there is none.
    var prompt: String {
        messages.last { $0.role == "user" }?.content?.text ?? ""
    }

    /// The conversation the request sends, as one string: the same conversation asked again (a
    /// retry) gives the same string.
    var conversationKey: String {
        messages.map { $0.role + "\u{0}" + ($0.content?.text ?? "") }.joined(separator: "\u{1}")
    }

    /// Tokens in all messages, for `usage.prompt_tokens`.
    var promptTokenCount: Int {
        messages.reduce(0) { $0 + DemoTokenizer.tokenize($1.content?.text ?? "").count }
    }

    /// Decodes and validates a request body, or explains specifically what is wrong with it.
    static func parse(_ body: [UInt8]) -> Result<ChatCompletionRequest, APIErrorResponse> {
        guard !body.isEmpty else {
            return .failure(.invalidRequest("request body is empty; expected a JSON object"))
        }
        let request: ChatCompletionRequest
        do {
            request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body))
        } catch let error as DecodingError {
            return .failure(.invalidRequest(describe(error)))
        } catch {
            return .failure(.invalidRequest("request body could not be read: \(error)"))
        }
        if request.messages.isEmpty {
            return .failure(.invalidRequest("'messages' must contain at least one message"))
        }
        if let limit = request.tokenLimit, limit < 1 {
            return .failure(.invalidRequest("'max_tokens' must be at least 1, got \(limit)"))
        }
        return .success(request)
    }

    /// A short, specific explanation of a decoding failure, naming the offending field.
    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' must not be null"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "request body must be a JSON object"
        case .typeMismatch(let type, let context):
            let expected = type == Content.self ? context.debugDescription : "expected \(describe(type))"
            return "field '\(path(context.codingPath))' has the wrong type: \(expected)"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "request body is not valid JSON"
        case .dataCorrupted(let context):
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "request body does not match the chat-completions schema"
        }
    }

    /// The JSON type name of a Swift type used in the request schema.
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is [Message].Type, is [Part].Type, is [Any].Type: return "an array"
        default: return "an object"
        }
    }

    /// A coding path written as `messages[0].content`.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce(into: "") { result, key in
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
    }
}
