import ChatCore
import Foundation

/// A summary plus the searchable text of each message (content and reasoning) of every branch,
/// for a search: the branch in view's first (`inView` of them); dates, stats and the rest of each
/// message are skipped.
struct SearchRecord: Decodable {
    var summary: SummaryRecord
    var texts: [(content: String, reasoning: String?)]
    /// How many of `texts` are of the branch in view.
    var inView: Int

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
        inView = texts.count
        guard summary.otherBranchMessages > 0 else { return }
        var others = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("otherBranches"))
        while !others.isAtEnd {
            let text = try others.decode(MessageText.self)
            texts.append((text.content, text.reasoning))
        }
    }
}
