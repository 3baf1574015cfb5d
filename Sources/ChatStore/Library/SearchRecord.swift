import ChatCore
import Foundation

/// A summary plus the searchable text of each message (content and reasoning), for a search;
/// dates, stats and the rest of each message are skipped.
struct SearchRecord: Decodable {
    var summary: SummaryRecord
    var texts: [(content: String, reasoning: String?)]

    private struct MessageText: Decodable {
        var content: String
        var reasoning: String?
    }

    init(from decoder: any Decoder) throws {
        summary = try SummaryRecord(from: decoder)
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        var messages = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages"))
        texts = []
        texts.reserveCapacity(messages.count ?? 0)
        while !messages.isAtEnd {
            let text = try messages.decode(MessageText.self)
            texts.append((text.content, text.reasoning))
        }
    }
}
