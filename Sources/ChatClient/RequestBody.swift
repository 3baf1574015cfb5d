import ChatCore
import Foundation

/// The JSON body of `POST /chat/completions`.
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

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature
        case maxTokens = "max_tokens"
    }

    init(_ request: ChatRequest) {
        model = request.model
        messages = request.messages.map { Message(role: $0.role.rawValue, content: $0.content) }
        stream = request.stream
        temperature = request.temperature
        maxTokens = request.maxTokens
    }

    static func encode(_ request: ChatRequest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(RequestBody(request))
    }
}
