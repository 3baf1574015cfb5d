import Foundation

/// One saved conversation as the history browser lists it. The app fills these from the store
/// (ChatTUI never reads files); the text fields come from files and are sanitised when drawn.
public struct HistoryEntry: Sendable, Hashable, Identifiable {
    /// The conversation's id, given back by `HistoryBrowser.Action.open`.
    public var id: String
    public var title: String
    public var updatedAt: Date
    /// The model it was held with ("" when unknown).
    public var model: String
    /// The messages of every branch.
    public var messageCount: Int
    /// How many of `messageCount` are in branches other than the one in view.
    public var otherBranchMessages: Int
    /// The size of its file.
    public var bytes: Int
    /// How many times a full-text search found the query in it; nil outside search results.
    public var matchCount: Int?
    /// How many of `matchCount` are in branches other than the one in view.
    public var otherBranchMatches: Int

    public init(
        id: String, title: String, updatedAt: Date, model: String = "", messageCount: Int = 0, bytes: Int = 0,
        matchCount: Int? = nil, otherBranchMessages: Int = 0, otherBranchMatches: Int = 0
    ) {
        self.id = id
        self.title = title
        self.updatedAt = updatedAt
        self.model = model
        self.messageCount = messageCount
        self.bytes = bytes
        self.matchCount = matchCount
        self.otherBranchMessages = otherBranchMessages
        self.otherBranchMatches = otherBranchMatches
    }
}
