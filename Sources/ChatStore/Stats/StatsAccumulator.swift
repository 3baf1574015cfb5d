import ChatCore
import Foundation

/// Gathers the replies of the conversations read for `chatterm stats`, one group per endpoint,
/// model and profile, and turns them into `HistoryStats` at the end.
struct StatsAccumulator {
    struct Key: Hashable {
        var endpoint: String?
        var model: String?
        var profile: String?
    }

    private struct Group {
        var figures: StatsGroup
        var firstTokens: [Int] = []
        var rates: [Double] = []
        var days: [StatsDay: (turns: Int, firstTokens: [Int])] = [:]
    }

    let filter: StatsFilter
    private var groups: [Key: Group] = [:]
    private var hostLabels: [String: String] = [:]
    private var conversations = 0
    private var models: Set<String> = []
    private var profiles: Set<String> = []

    init(filter: StatsFilter) {
        self.filter = filter
    }

    /// Counts the replies of one conversation that the filter keeps, each under the endpoint,
    /// model and profile that answered it as it recorded them (a turn that failed over was
    /// answered by another profile), else under the conversation's. `isLive` says whether a
    /// chatterm holds the conversation now (asked only of a reply still marked streaming).
    mutating func add(_ record: StatsRecord, isLive: () -> Bool) {
        if let since = filter.since, record.updatedAt < since { return }
        let conversationEndpoint = record.endpoint.map { hostLabel($0.baseURL) }
        var groupsCounted: Set<Key> = []
        for reply in record.replies {
            let key = Key(
                endpoint: reply.stats?.endpoint ?? conversationEndpoint,
                model: reply.stats?.model ?? record.endpoint?.model,
                profile: reply.stats?.profile ?? record.profile)
            if let model = key.model { models.insert(model) }
            if let profile = key.profile { profiles.insert(profile) }
            if let wanted = filter.model, wanted != key.model { continue }
            if let wanted = filter.profile, wanted != key.profile { continue }
            guard let figures = ReplyFigures(reply, conversationUpdated: record.updatedAt, isLive: isLive) else {
                continue
            }
            if let since = filter.since, figures.date < since { continue }
            // Taken out while it grows, so that its arrays are not copied on write.
            var group =
                groups.removeValue(forKey: key)
                ?? Group(figures: StatsGroup(endpoint: key.endpoint, model: key.model, profile: key.profile))
            add(figures, to: &group)
            if groupsCounted.insert(key).inserted { group.figures.conversations += 1 }
            groups[key] = group
        }
        if !groupsCounted.isEmpty { conversations += 1 }
    }

    private func add(_ reply: ReplyFigures, to group: inout Group) {
        group.figures.turns += 1
        switch reply.ending {
        case .complete: group.figures.complete += 1
        case .interrupted: group.figures.interrupted += 1
        case .cancelled: group.figures.cancelled += 1
        case .failed: group.figures.failed += 1
        }
        if let failure = reply.failure { group.figures.failedBy[failure, default: 0] += 1 }
        group.figures.retries += reply.retries
        group.figures.emptyStreams += reply.emptyStreams
        if reply.fallback { group.figures.fallbacks += 1 }
        if reply.warmup { group.figures.warmups += 1 }
        if let rate = reply.tokensPerSecond { group.rates.append(rate) }
        let day = StatsDay(reply.date)
        var daily = group.days[day] ?? (0, [])
        daily.turns += 1
        if let ttft = reply.ttftMs {
            group.firstTokens.append(ttft)
            daily.firstTokens.append(ttft)
        }
        group.days[day] = daily
    }

    /// The endpoint's `host:port`, worked out once per base URL.
    private mutating func hostLabel(_ baseURL: String) -> String {
        if let label = hostLabels[baseURL] { return label }
        let label = BaseURL.hostLabel(baseURL)
        hostLabels[baseURL] = label
        return label
    }

    /// The figures gathered, with the files that could not be read.
    func result(folder: String, problems: [StoreError]) -> HistoryStats {
        let groups = self.groups.values.map { group -> StatsGroup in
            var figures = group.figures
            let firstTokens = group.firstTokens.sorted()
            if let p50 = Percentile.nearestRank(firstTokens, 50), let p90 = Percentile.nearestRank(firstTokens, 90),
                let p99 = Percentile.nearestRank(firstTokens, 99)
            {
                figures.firstToken = StatsGroup.Latency(count: firstTokens.count, p50: p50, p90: p90, p99: p99)
            }
            figures.tokensPerSecondCount = group.rates.count
            figures.tokensPerSecondP50 = Percentile.nearestRank(group.rates.sorted(), 50)
            figures.days = group.days.keys.sorted().map { day in
                let daily = group.days[day]!
                return StatsGroup.Day(
                    day: day, turns: daily.turns, firstTokenP50: Percentile.nearestRank(daily.firstTokens.sorted(), 50))
            }
            return figures
        }
        return HistoryStats(
            filter: filter, folder: folder, groups: groups.sorted(by: StatsGroup.largestFirst),
            conversations: conversations, problems: problems, models: models.sorted(), profiles: profiles.sorted())
    }
}
