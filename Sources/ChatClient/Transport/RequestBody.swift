import ChatCore
import Foundation

/// The JSON body of `POST /chat/completions`: chatterm's fields, then the endpoint's extra ones.
struct RequestBody: Encodable {
    /// One message: `content` a string, or with images an array of content parts
    /// (`[{"type": "text", …}, {"type": "image_url", "image_url": {"url": "data:…"}}]`).
    struct Message: Encodable {
        var role: String
        var content: String
        /// The `data:` URLs of the message's images, in the order attached.
        var images: [String] = []

        init(_ message: ChatRequest.Message) {
            role = message.role.rawValue
            content = AttachmentPrompt.text(message.content, attachments: message.attachments)
            images = message.attachments.compactMap { attachment in
                guard case .image(let mediaType, let data) = attachment.content else { return nil }
                return AttachmentPrompt.dataURL(mediaType: mediaType, data: data)
            }
        }

        private enum Key: String, CodingKey {
            case role, content, type, text
            case imageURL = "image_url"
            case url
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(role, forKey: .role)
            guard !images.isEmpty else { return try container.encode(content, forKey: .content) }
            var parts = container.nestedUnkeyedContainer(forKey: .content)
            if !content.isEmpty {
                var part = parts.nestedContainer(keyedBy: Key.self)
                try part.encode("text", forKey: .type)
                try part.encode(content, forKey: .text)
            }
            for url in images {
                var part = parts.nestedContainer(keyedBy: Key.self)
                try part.encode("image_url", forKey: .type)
                var image = part.nestedContainer(keyedBy: Key.self, forKey: .imageURL)
                try image.encode(url, forKey: .url)
            }
        }
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
        messages = request.messages.map(Message.init)
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
