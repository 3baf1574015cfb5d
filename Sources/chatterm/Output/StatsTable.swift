import ChatCore
import ChatStore
import ChatTUI
import Foundation

/// `chatterm stats` as text for a terminal: a line that says what was counted, then two tables
/// keyed by endpoint, model and profile (latency with the daily trend; how replies ended and
/// what it took), the failed replies by kind, and what the abbreviations mean. Model names,
/// profiles and hosts come from files: every cell is sanitised.
struct StatsTable {
    /// The longest trend: one character a day.
    static let trendDays = 30

    let stats: HistoryStats
    /// Draw the trend in ASCII: the locale is not UTF-8.
    let ascii: Bool
    /// How `--since` was given, to repeat it.
    let since: String?

    func lines() -> [String] {
        var lines = [summary(), ""]
        let trend = trendDays()
        lines += latencyTable(trend: trend).lines()
        lines.append("")
        lines += endingsTable().lines()
        let failures = failureLines()
        if !failures.isEmpty {
            lines += ["", "Failed replies by kind:"] + failures
        }
        lines += [
            "", "TTFT: time to first token, of the replies that showed text; p50, p90, p99: nearest-rank percentiles.",
        ]
        if let trend {
            lines += [
                "TREND: daily p50 TTFT, \(trend.lowerBound) to \(trend.upperBound), a character a day from "
                    + "\(ascii ? "." : "▁") (near 0) to \(ascii ? "#" : "█") (PEAK,",
                "the group's slowest day); blank: no reply that day.",
            ]
        }
        lines.append(
            "EMPTY: empty streams; NO STREAM: replies that came without streaming; WARM-UP: replies after a warm-up.")
        return lines
    }

    private func summary() -> String {
        var text =
            "\(Figures.count(stats.turns)) \(stats.turns == 1 ? "reply" : "replies") in "
            + "\(Figures.count(stats.conversations)) \(stats.conversations == 1 ? "conversation" : "conversations")"
        text += Self.filterText(stats.filter, since: since)
        if let days = stats.dayRange {
            text +=
                days.lowerBound == days.upperBound
                ? ", on \(days.lowerBound)" : ", \(days.lowerBound) to \(days.upperBound)"
        }
        text += " (\(Sanitizer.singleLineText(stats.folder)))"
        if !stats.problems.isEmpty {
            let count = stats.problems.count
            text += "; \(count) \(count == 1 ? "file" : "files") could not be read, named on standard error"
        }
        return text + "."
    }

    /// " since 2026-11-20, model x, profile y", as the filter says.
    static func filterText(_ filter: StatsFilter, since: String?) -> String {
        var parts: [String] = []
        if let date = filter.since {
            let text = since.map(Sanitizer.singleLineText) ?? ""
            let shown = HistoryTable.localTimeFormatter().string(from: date)
            parts.append("since " + (text.hasSuffix("d") || text.hasSuffix("h") ? "\(shown) (\(text))" : shown))
        }
        if let model = filter.model { parts.append("model " + Sanitizer.singleLineText(model)) }
        if let profile = filter.profile { parts.append("profile " + Sanitizer.singleLineText(profile)) }
        return parts.isEmpty ? "" : " " + parts.joined(separator: ", ")
    }

    /// The days the trend shows: up to `trendDays` up to the last day with a reply, from the
    /// first day with one, or from `--since`'s day when that is later.
    private func trendDays() -> ClosedRange<StatsDay>? {
        guard let range = stats.dayRange else { return nil }
        var first = max(range.lowerBound, range.upperBound.adding(1 - Self.trendDays))
        if let since = stats.filter.since { first = max(first, min(StatsDay(since), range.upperBound)) }
        return first...range.upperBound
    }

    private func keyColumns() -> [TextTable.Column] {
        [
            TextTable.Column(title: "ENDPOINT", limit: 28), TextTable.Column(title: "MODEL", limit: 24),
            TextTable.Column(title: "PROFILE", limit: 16),
        ]
    }

    private func key(_ group: StatsGroup) -> [String] {
        [group.endpoint, group.model, group.profile].map { Sanitizer.singleLineText($0 ?? "-") }
    }

    private func latencyTable(trend: ClosedRange<StatsDay>?) -> TextTable {
        let right = ["REPLIES", "TTFT p50", "p90", "p99", "TOK/S p50"].map {
            TextTable.Column(title: $0, alignsRight: true)
        }
        var columns = keyColumns() + right
        if trend != nil {
            columns += [TextTable.Column(title: "TREND"), TextTable.Column(title: "PEAK", alignsRight: true)]
        }
        var table = TextTable(columns)
        for group in stats.groups {
            var row = key(group) + [Figures.count(group.turns)]
            row += [group.firstToken?.p50, group.firstToken?.p90, group.firstToken?.p99].map {
                $0.map(Figures.milliseconds) ?? "-"
            }
            row.append(group.tokensPerSecondP50.map(Figures.oneDecimal) ?? "-")
            if let trend {
                let byDay = Dictionary(uniqueKeysWithValues: group.days.map { ($0.day, $0.firstTokenP50) })
                let values = (trend.lowerBound.ordinal...trend.upperBound.ordinal).map { ordinal -> Double? in
                    byDay[StatsDay(ordinal: ordinal)].flatMap { $0 }.map { Double($0) }
                }
                let peak = values.compactMap { $0 }.max()
                row += [Sparkline.render(values, ascii: ascii), peak.map { Figures.milliseconds(Int($0)) } ?? "-"]
            }
            table.append(row)
        }
        return table
    }

    private func endingsTable() -> TextTable {
        let titles = ["COMPLETE", "INTERRUPTED", "CANCELLED", "FAILED", "RETRIES", "EMPTY", "NO STREAM", "WARM-UP"]
        var table = TextTable(keyColumns() + titles.map { TextTable.Column(title: $0, alignsRight: true) })
        for group in stats.groups {
            let figures = [
                group.complete, group.interrupted, group.cancelled, group.failed, group.retries, group.emptyStreams,
                group.fallbacks, group.warmups,
            ]
            table.append(key(group) + figures.map(Figures.count))
        }
        return table
    }

    /// "  gpu-box:8000 chatglm3-6b gpu: 5 timeout, 3 server" for each group with failures, the
    /// commonest kind first.
    private func failureLines() -> [String] {
        stats.groups.filter { $0.failed > 0 }.map { group in
            let kinds = group.failedBy.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let label = key(group).filter { $0 != "-" }.joined(separator: " ")
            return "  \(label): "
                + kinds.map { "\(Figures.count($0.value)) \(Sanitizer.singleLineText($0.key))" }
                .joined(separator: ", ")
        }
    }
}
