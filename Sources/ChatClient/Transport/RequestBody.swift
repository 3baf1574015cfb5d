import ChatCore
import Foundation

/// The JSON body of `POST /chat/completions`: chatterm's fields, then the endpoint's extra ones.
struct RequestBody: Encodable {
    struct Message: Encodable {
        var role: String
        var content: String
    }

    var model: String
    var messages: [Message]
    var stream: Bool
    var temperature: Double?
    var maxTokens: Int?
    /// Fields a configuration adds (`top_p`, `repetition_penalty`, …); never one of the above.
    var extra: [String: JSONValue]

    init(_ request: ChatRequest, extra: [String: JSONValue] = [:]) {
        model = request.model
        messages = request.messages.map { Message(role: $0.role.rawValue, content: $0.content) }
        stream = request.stream
        temperature = request.temperature
        maxTokens = request.maxTokens
        self.extra = extra.filter { ChatRequest.Field(rawValue: $0.key) == nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ field: ChatRequest.Field) -> DynamicCodingKey { DynamicCodingKey(field.rawValue) }
        try container.encode(model, forKey: key(.model))
        try container.encode(messages, forKey: key(.messages))
        try container.encode(stream, forKey: key(.stream))
        try container.encodeIfPresent(temperature, forKey: key(.temperature))
        try container.encodeIfPresent(maxTokens, forKey: key(.maxTokens))
        for (name, value) in extra { try container.encode(value, forKey: DynamicCodingKey(name)) }
    }

    static func encode(_ request: ChatRequest, extra: [String: JSONValue] = [:]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(RequestBody(request, extra: extra))
    }
}
