import ChatCore
import Foundation

/// One message as `chatterm stats` reads it: whether it is a reply, and if so its date, status,
/// error and figures. Decoding it never fails, so one odd message cannot hide the others.
struct ReplyRecord: Decodable {
    var isReply = false
    var createdAt: Date?
    var status: MessageStatus?
    var error: String?
    var stats: TurnStats?

    init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: DynamicCodingKey.self),
            (try? container.decodeIfPresent(String.self, forKey: DynamicCodingKey("role"))) == Role.assistant.rawValue
        else { return }
        isReply = true
        createdAt = (try? container.decodeIfPresent(String.self, forKey: DynamicCodingKey("createdAt")))
            .flatMap { RFC3339.quickDate(from: $0) }
        status = try? container.decodeIfPresent(MessageStatus.self, forKey: DynamicCodingKey("status"))
        if status == .failed || status == .interrupted {
            error = try? container.decodeIfPresent(String.self, forKey: DynamicCodingKey("error"))
        }
        stats = try? container.decodeIfPresent(TurnStats.self, forKey: DynamicCodingKey("stats"))
    }
}
