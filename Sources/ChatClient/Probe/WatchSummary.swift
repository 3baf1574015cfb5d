import ChatCore

/// What a `chatterm probe --watch` run comes to when it ends: rounds, failures by kind, and the
/// spread of the time to first token and of the rate. A pure function of the rounds.
///
/// Percentiles are by nearest rank (the smallest value with at least p % of the values at or
/// below it), so each one is a figure a round really had.
public struct WatchSummary: Sendable, Hashable {
    /// How many rounds failed with one verdict.
    public struct Failures: Sendable, Hashable {
        /// The verdict's word: "http", "empty", "timeout", …
        public var kind: String
        public var count: Int
    }

    public var rounds: Int
    /// Rounds that got text without an error, slow ones included.
    public var succeeded: Int
    /// Of those, the ones whose first token came after the `--slow` limit.
    public var slow: Int
    /// The failed rounds by verdict, in the order each kind first happened.
    public var failures: [Failures]
    /// Of the rounds that got a first token, the median time to it and the 95th percentile.
    public var firstTokenP50Ms: Double?
    public var firstTokenP95Ms: Double?
    /// Of the rounds whose rate could be measured, the median tokens per second.
    public var tokensPerSecondP50: Double?

    public init(_ rounds: [WatchRound]) {
        self.rounds = rounds.count
        succeeded = rounds.filter(\.verdict.succeeded).count
        slow = rounds.filter { $0.verdict == .slow }.count
        var failures: [Failures] = []
        for round in rounds where !round.verdict.succeeded {
            let kind = round.verdict.word
            if let index = failures.firstIndex(where: { $0.kind == kind }) {
                failures[index].count += 1
            } else {
                failures.append(Failures(kind: kind, count: 1))
            }
        }
        self.failures = failures
        let firstTokens = rounds.compactMap(\.observation.firstTokenMs)
        let sortedFirstTokens = firstTokens.sorted()
        firstTokenP50Ms = Percentile.nearestRank(sortedFirstTokens, 50)
        firstTokenP95Ms = Percentile.nearestRank(sortedFirstTokens, 95)
        tokensPerSecondP50 = Percentile.nearestRank(rounds.compactMap(\.observation.tokensPerSecond).sorted(), 50)
    }

    public var failed: Int { rounds - succeeded }

    /// Whether the watch ends with status 0: at least one round ran, and every one succeeded.
    public var allSucceeded: Bool { rounds > 0 && failed == 0 }
}
