import Foundation

/// Which saved replies `chatterm stats` counts: those asked at or after `since`, of `model`,
/// with `profile` (each nil: any).
public struct StatsFilter: Sendable, Hashable {
    public var since: Date?
    public var model: String?
    public var profile: String?

    public init(since: Date? = nil, model: String? = nil, profile: String? = nil) {
        self.since = since
        self.model = model
        self.profile = profile
    }
}
