import Foundation

/// What `chatterm stats` reports: the saved replies the filter keeps, by endpoint, model and
/// profile, and the files that could not be read (each named, none fatal).
public struct HistoryStats: Sendable {
    public var filter: StatsFilter
    /// The conversations folder read.
    public var folder: String
    /// Largest first.
    public var groups: [StatsGroup]
    /// Conversations with at least one reply counted.
    public var conversations: Int
    public var problems: [StoreError]
    /// Every model and profile the readable files name, whatever the filter: what `--model` and
    /// `--profile` can be given.
    public var models: [String]
    public var profiles: [String]

    /// Replies counted.
    public var turns: Int { groups.reduce(0) { $0 + $1.turns } }

    /// The first and the last local day with a reply counted, nil when none was.
    public var dayRange: ClosedRange<StatsDay>? {
        let days = groups.flatMap { [$0.days.first?.day, $0.days.last?.day] }.compactMap { $0 }
        guard let first = days.min(), let last = days.max() else { return nil }
        return first...last
    }
}
