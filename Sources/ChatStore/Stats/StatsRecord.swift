import ChatCore
import Foundation

/// What `chatterm stats` reads of a conversation file: the endpoint, the profile, and of each
/// reply, in every branch, only its date, status, error and figures. The texts of the messages are never turned
/// into strings, which keeps a thousand conversations cheap, as `SummaryRecord` does for the
/// history. A file whose envelope or endpoint cannot be read is a problem, as in the history;
/// a message this version cannot make sense of is skipped.
struct StatsRecord: Decodable {
    var updatedAt: Date
    var endpoint: EndpointInfo?
    var profile: String?
    var replies: [ReplyRecord] = []

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        let version = try ConversationFile.checkHeader(container)
        updatedAt = try container.decodeDate(forKey: "updatedAt")
        endpoint = try container.decodeIfPresent(EndpointInfo.self, forKey: DynamicCodingKey("endpoint"))
        profile = try? container.decodeIfPresent(String.self, forKey: DynamicCodingKey("profile"))
        var messages = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages"))
        while !messages.isAtEnd {
            let message = try messages.decode(ReplyRecord.self)
            if message.isReply { replies.append(message) }
        }
        let others = DynamicCodingKey("otherBranches")
        guard version >= 2, container.contains(others) else { return }
        var otherBranches = try container.nestedUnkeyedContainer(forKey: others)
        while !otherBranches.isAtEnd {
            let message = try otherBranches.decode(ReplyRecord.self)
            if message.isReply { replies.append(message) }
        }
    }
}
