import ChatCore
import Foundation

/// Turns the `data` of one server-sent event into `StreamEvent`s, across the dialects of
/// OpenAI-compatible servers: `delta.content`, `delta.reasoning` or `delta.reasoning_content`,
/// `finish_reason`, `usage` (also in a chunk with `choices: []`), an `error` inside the stream
/// (object or string, or FastChat's `error_code`), the `[DONE]` marker, and old
/// sse-starlette `event: ping` events.
///
/// The server's words in an error pass `redactor` before they become a `ChatError`.
public struct ChunkDecoder: Sendable {
    private let decoder = JSONDecoder()
    private let redactor: Redactor

    public init(redactor: Redactor = Redactor()) {
        self.redactor = redactor
    }

    /// Decodes one event. Throws `ChatError.inStream` for an error the server put in the stream,
    /// and `ChatError.malformed` for data that is not a JSON object.
    public func decode(_ event: SSEEvent) throws(ChatError) -> [StreamEvent] {
        if event.type == "ping" { return [.keepAlive] }
        let data = event.data
        if Self.isDone(data) { return [.done] }
        if event.type == "error" {
            throw .inStream(message: ErrorBody.message(from: Array(data.utf8), redactor: redactor) ?? redactor(data))
        }
        guard let chunk = decodeChunk(data.utf8) else {
            throw .malformed("a stream event is not a JSON chunk: \(ErrorBody.excerpt(data, redactor: redactor))")
        }
        return try events(of: chunk)
    }

    /// The chunk `json` holds, or nil when it is not one. A lone surrogate escape, which
    /// JSONDecoder refuses, is read as U+FFFD (`LoneSurrogateRepair`), on a second try only.
    private func decodeChunk(_ json: some Collection<UInt8>) -> WireChunk? {
        if let chunk = try? decoder.decode(WireChunk.self, from: Data(json)) { return chunk }
        guard let repaired = LoneSurrogateRepair.repaired(json) else { return nil }
        return try? decoder.decode(WireChunk.self, from: Data(repaired))
    }

    /// Whether the data is the `[DONE]` marker, allowing stray spaces around it. Checked on every
    /// event, so it avoids Foundation's character-set trimming, which costs more than the JSON decode.
    static func isDone(_ data: String) -> Bool {
        if data == "[DONE]" { return true }
        let bytes = data.utf8
        guard bytes.count <= 32, bytes.contains(UInt8(ascii: "[")) else { return false }
        return bytes.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }.elementsEqual("[DONE]".utf8)
    }

    /// Decodes a whole non-streaming `chat.completion` body (also used when a server ignores
    /// `"stream": true` and answers with plain JSON).
    public func decodeCompletion(_ body: [UInt8]) throws(ChatError) -> [StreamEvent] {
        guard let chunk = decodeChunk(body) else {
            throw .malformed(
                "the reply is not a JSON completion: \(ErrorBody.excerpt(String(decoding: body, as: UTF8.self), redactor: redactor))"
            )
        }
        return try events(of: chunk)
    }

    private func events(of chunk: WireChunk) throws(ChatError) -> [StreamEvent] {
        do {
            return try chunk.streamEvents()
        } catch {
            throw error.redacted(by: redactor)
        }
    }
}

/// The union of the chunk and completion shapes that servers send; every field is optional.
struct WireChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
            var reasoning: String?
            var reasoningContent: String?

            enum CodingKeys: String, CodingKey {
                case content, reasoning
                case reasoningContent = "reasoning_content"
            }
        }
        var delta: Delta?
        var message: Delta?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case delta, message
            case finishReason = "finish_reason"
        }
    }

    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }

    var choices: [Choice]?
    var usage: Usage?
    var error: WireError?
    var errorCode: Int?
    var text: String?

    enum CodingKeys: String, CodingKey {
        case choices, usage, error, text
        case errorCode = "error_code"
    }

    func streamEvents() throws(ChatError) -> [StreamEvent] {
        if let error { throw .inStream(message: error.message) }
        if let code = errorCode, code != 0 {
            throw .inStream(message: text.map { "\($0) (error code \(code))" } ?? "error code \(code)")
        }
        var events: [StreamEvent] = []
        if let choice = choices?.first {
            for part in [choice.delta, choice.message] {
                guard let part else { continue }
                if let reasoning = part.reasoning ?? part.reasoningContent, !reasoning.isEmpty {
                    events.append(.reasoning(reasoning))
                }
                if let content = part.content, !content.isEmpty {
                    events.append(.content(content))
                }
            }
            if let reason = choice.finishReason, !reason.isEmpty {
                events.append(.finish(reason: reason))
            }
        }
        if let usage {
            events.append(
                .usage(
                    TokenUsage(
                        promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
                        totalTokens: usage.totalTokens)))
        }
        return events
    }
}

/// An `error` field: an object with a `message`, or a bare string.
struct WireError: Decodable {
    var message: String

    private struct Object: Decodable {
        var message: String?
        var type: String?
        var code: FlexibleCode?
    }

    /// `code` is a string for OpenAI and a number for others.
    private struct FlexibleCode: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = String(try container.decode(Int.self))
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            message = string
            return
        }
        let object = try container.decode(Object.self)
        message = object.message ?? object.type ?? object.code?.text ?? "unspecified error"
    }
}
