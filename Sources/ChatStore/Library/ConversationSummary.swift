import Foundation

/// One line of the history: what a list or a search says about a conversation without loading
/// its messages.
public struct ConversationSummary: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var updatedAt: Date
    public var createdAt: Date
    public var model: String?
    public var baseURL: String?
    /// The messages of every branch.
    public var messageCount: Int
    /// How many of `messageCount` are in branches other than the one in view; nil when the
    /// conversation never branched.
    public var otherBranchMessages: Int?
    /// The file's size in bytes.
    public var bytes: Int
    /// The conversation's file.
    public var path: String
    /// In a search, how many messages matched, in every branch (0 when only the title did); nil
    /// in a plain list.
    public var matchingMessages: Int?
    /// In a search, how many of `matchingMessages` are in branches other than the one in view;
    /// nil when none is.
    public var matchingInOtherBranches: Int?

    public init(
        id: String, title: String, updatedAt: Date, createdAt: Date, model: String?, baseURL: String?,
        messageCount: Int, bytes: Int, path: String, otherBranchMessages: Int? = nil,
        matchingMessages: Int? = nil, matchingInOtherBranches: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.updatedAt = updatedAt
        self.createdAt = createdAt
        self.model = model
        self.baseURL = baseURL
        self.messageCount = messageCount
        self.bytes = bytes
        self.path = path
        self.otherBranchMessages = otherBranchMessages
        self.matchingMessages = matchingMessages
        self.matchingInOtherBranches = matchingInOtherBranches
    }

    /// The messages of the branch in view.
    public var messagesInView: Int { messageCount - (otherBranchMessages ?? 0) }

    /// A count as the history shows it: "12", or "9+3" when 3 of them are in other branches.
    public static func countText(_ total: Int, otherBranches: Int?) -> String {
        guard let others = otherBranches, others > 0 else { return "\(total)" }
        return "\(total - others)+\(others)"
    }

    /// `summaries` as a pretty-printed JSON array with sorted keys and RFC 3339 dates, ending in
    /// a newline: what `chatterm history --json` prints.
    public static func jsonArray(_ summaries: [ConversationSummary]) -> String {
        let data = (try? ConversationFile.makeEncoder().encode(summaries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Newest first by `updatedAt`; ties (files saved in the same millisecond) by id, newest first.
    static func newestFirst(_ a: ConversationSummary, _ b: ConversationSummary) -> Bool {
        a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.id > b.id
    }
}
