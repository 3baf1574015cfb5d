import Foundation

/// The figures of the saved replies of one endpoint (its `host:port`), model and profile: one
/// row of `chatterm stats`. Percentiles are nearest-rank (`Percentile`).
public struct StatsGroup: Sendable, Hashable {
    /// The endpoint's `host:port`; nil for conversations that recorded none.
    public var endpoint: String?
    public var model: String?
    /// Nil when the conversations did not record one: held without a profile, or saved before
    /// chatterm recorded it.
    public var profile: String?
    public var conversations = 0
    /// Replies counted.
    public var turns = 0
    /// Time to first token, over the replies that showed text.
    public var firstToken: Latency?
    /// Tokens per second over the replies that measured a rate: how many, and their median.
    public var tokensPerSecondCount = 0
    public var tokensPerSecondP50: Double?
    public var complete = 0
    public var interrupted = 0
    public var cancelled = 0
    public var failed = 0
    /// Failed replies by `ChatError.Category` (`server`, `timeout`, `empty`, `connection`,
    /// `malformed`), or `other` when the file no longer says.
    public var failedBy: [String: Int] = [:]
    public var retries = 0
    public var emptyStreams = 0
    /// Replies that came without streaming.
    public var fallbacks = 0
    public var warmups = 0
    /// Each local day with a reply, oldest first.
    public var days: [Day] = []

    /// Percentiles of the time to first token, in milliseconds.
    public struct Latency: Sendable, Hashable {
        public var count: Int
        public var p50: Int
        public var p90: Int
        public var p99: Int

        public init(count: Int, p50: Int, p90: Int, p99: Int) {
            self.count = count
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
        }
    }

    /// One day of a group: its replies and the median time to first token among them.
    public struct Day: Sendable, Hashable {
        public var day: StatsDay
        public var turns: Int
        public var firstTokenP50: Int?
    }

    public init(endpoint: String?, model: String?, profile: String?) {
        self.endpoint = endpoint
        self.model = model
        self.profile = profile
    }

    /// The largest groups first; ties by endpoint, model and profile.
    static func largestFirst(_ a: StatsGroup, _ b: StatsGroup) -> Bool {
        if a.turns != b.turns { return a.turns > b.turns }
        let left = [a.endpoint ?? "", a.model ?? "", a.profile ?? ""]
        let right = [b.endpoint ?? "", b.model ?? "", b.profile ?? ""]
        return left.lexicographicallyPrecedes(right)
    }
}
