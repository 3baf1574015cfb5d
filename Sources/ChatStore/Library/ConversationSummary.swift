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
    public var messageCount: Int
    /// The file's size in bytes.
    public var bytes: Int
    /// The conversation's file.
    public var path: String
    /// In a search, how many messages matched (0 when only the title did); nil in a plain list.
    public var matchingMessages: Int?

    public init(
        id: String, title: String, updatedAt: Date, createdAt: Date, model: String?, baseURL: String?,
        messageCount: Int, bytes: Int, path: String, matchingMessages: Int? = nil
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
        self.matchingMessages = matchingMessages
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
