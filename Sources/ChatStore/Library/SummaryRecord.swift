import ChatCore
import Foundation

/// The fields a history line needs, decoded without materializing any message: the messages are
/// only counted, those of every branch. This is what keeps listing a thousand conversations cheap.
struct SummaryRecord: Decodable {
    var title: String
    var createdAt: Date
    var updatedAt: Date
    var endpoint: EndpointInfo?
    /// The messages of the branch in view.
    var messageCount: Int
    /// The messages of the other branches (format version 2).
    var otherBranchMessages: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        let version = try ConversationFile.checkHeader(container)
        title = try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("title")) ?? ""
        createdAt = try container.decodeDate(forKey: "createdAt")
        updatedAt = try container.decodeDate(forKey: "updatedAt")
        endpoint = try container.decodeIfPresent(EndpointInfo.self, forKey: DynamicCodingKey("endpoint"))
        messageCount = try container.nestedUnkeyedContainer(forKey: DynamicCodingKey("messages")).count ?? 0
        let others = DynamicCodingKey("otherBranches")
        otherBranchMessages =
            version >= 2 && container.contains(others)
            ? try container.nestedUnkeyedContainer(forKey: others).count ?? 0 : 0
    }

    func summary(id: String, bytes: Int, path: String) -> ConversationSummary {
        ConversationSummary(
            id: id, title: title, updatedAt: updatedAt, createdAt: createdAt, model: endpoint?.model,
            baseURL: endpoint.map { BaseURL.withoutCredentials($0.baseURL) },
            messageCount: messageCount + otherBranchMessages, bytes: bytes, path: path,
            otherBranchMessages: otherBranchMessages > 0 ? otherBranchMessages : nil)
    }
}
