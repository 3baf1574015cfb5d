import ChatCore
import Crypto
import Foundation

/// An attachment as the file holds it: `Attachment`'s own fields, and for an image the SHA-256
/// of its bytes, written on save and checked on load, so that data damaged or edited in the
/// file is refused by name instead of being sent to a model as another picture.
struct AttachmentRecord: Codable {
    var attachment: Attachment

    init(_ attachment: Attachment) {
        self.attachment = attachment
    }

    init(from decoder: any Decoder) throws {
        attachment = try Attachment(from: decoder)
        guard case .image(_, let data) = attachment.content else { return }
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        if let recorded = try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("sha256")),
            recorded.lowercased() != Self.sha256(data)
        {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "the image \(attachment.name) does not match its sha256: its data was damaged or edited"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        try attachment.encode(to: encoder)
        guard case .image(_, let data) = attachment.content else { return }
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        try container.encode(Self.sha256(data), forKey: DynamicCodingKey("sha256"))
    }

    /// The SHA-256 of `data` in lowercase hex, as `sha256sum` prints it.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
