import Foundation

/// The conversation file's form of an attachment (DESIGN §5): `{"kind": "text", "name", "bytes",
/// "lines", "text"}` or `{"kind": "image", "name", "mediaType", "bytes", "data": base64}`. The
/// store adds and checks the image's `sha256` around it.
extension Attachment: Codable {
    private enum Key: String, CodingKey {
        case kind, name, bytes, lines, text, mediaType, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let name = try container.decode(String.self, forKey: .name)
        switch try container.decode(String.self, forKey: .kind) {
        case "text":
            self.init(name: name, content: .text(try container.decode(String.self, forKey: .text)))
        case "image":
            let encoded = try container.decode(String.self, forKey: .data)
            guard let data = Data(base64Encoded: encoded) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .data, in: container, debugDescription: "the image \(name) is not valid base64")
            }
            self.init(
                name: name,
                content: .image(mediaType: try container.decode(String.self, forKey: .mediaType), data: data))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown attachment kind \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: .name)
        try container.encode(byteCount, forKey: .bytes)
        switch content {
        case .text(let text):
            try container.encode("text", forKey: .kind)
            try container.encode(lineCount ?? 0, forKey: .lines)
            try container.encode(text, forKey: .text)
        case .image(let mediaType, let data):
            try container.encode("image", forKey: .kind)
            try container.encode(mediaType, forKey: .mediaType)
            try container.encode(data.base64EncodedString(), forKey: .data)
        }
    }
}
