import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import Foundation

/// `chatterm stats`: how the servers have been doing, from the saved conversations: latency,
/// how replies ended, what they took, per endpoint, model and profile.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Latency and failure figures from the saved conversations, per endpoint, model and profile.",
        discussion: """
            Reads every saved reply (only its date, status and figures: fast over thousands of \
            conversations) and groups them by endpoint (host:port, as the status bar names it), \
            model and profile. For each: replies; time to first token (TTFT) p50, p90 and p99; \
            tokens per second p50; how replies ended (complete, interrupted, cancelled, failed, \
            and the failed ones by kind: \(HistoryStats.failureCategories.joined(separator: ", "))); \
            retries, empty streams, replies that came without streaming, warm-ups; and a daily \
            trend of the TTFT p50 as a sparkline (▁▂▃▄▅▆▇█, or .,:-=+*# when the locale is not \
            UTF-8), for up to the last \(StatsTable.trendDays) days.

            Percentiles are nearest-rank: the p-th percentile of n values is the value at rank \
            ceil(p·n/100) in ascending order, always one that was measured (of 10, 20 and 30 ms, \
            p50 is 20 ms and p90 30 ms).

            Conversations record the profile they were held with from this version on; older \
            ones count under no profile (-). Replies saved before chatterm counted retries, empty \
            streams and the kind of failure have them worked out from what was saved.

            Options besides those below:
              --model NAME     only replies of this model (as `chatterm history` shows it)
              --profile NAME   only conversations held with this profile

            Examples:
              chatterm stats --since 7d
              chatterm stats --since 2026-11-20 --model chatglm3-6b
              chatterm stats --json | jq '.groups[] | {endpoint, p90: .firstTokenMs.p90}'

            --json prints one JSON document, every key always present (null when it does not \
            apply); keys are stable, a change of meaning raises "version":
            \(HistoryStats.jsonShape)

            A file that cannot be read is named on standard error with the reason, and the \
            others are counted; the exit status stays 0. An empty history says so, also with \
            status 0.
            """
    )

    @OptionGroup var filter: StatsFilterOptions

    /// `--model` and `--profile`: the root command parses them before this one sees them, and
    /// this group of the same type is handed what it parsed.
    @OptionGroup(visibility: .private) var endpoint: EndpointOptions

    @Flag(help: "Print one JSON document (its shape is below) instead of the tables.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let since = filter.since, StatsSince.parse(since, now: Date()) == nil {
            throw ValidationError(
                "--since takes a date (2026-11-20), a date and time (2026-11-20T09:00:00Z), or a number of days "
                    + "or hours back from now (7d, 24h); got '\(since)'.")
        }
    }

    func run() throws {
        let utf8 = TerminalLocale.adopt()
        let chosen = filter.filter(model: endpoint.model, profile: endpoint.profile, now: Date())
        let stats = ConversationStore(directory: store.directory).stats(chosen)
        if json {
            StandardOutput.json(stats.json())
        } else if stats.turns == 0 {
            StandardOutput.write(emptyLine(stats) + "\n")
        } else {
            StandardOutput.write(
                StatsTable(stats: stats, ascii: !utf8, since: filter.since).lines().joined(separator: "\n") + "\n")
        }
        for problem in stats.problems { StandardOutput.problem(problem.description) }
    }

    private func emptyLine(_ stats: HistoryStats) -> String {
        let folder = Sanitizer.singleLineText(stats.folder)
        let options = [("--since", filter.since), ("--model", endpoint.model), ("--profile", endpoint.profile)]
            .compactMap { name, value in
                value.map { "\(name) \(Sanitizer.singleLineText($0))" }
            }
        if !options.isEmpty {
            var known: [String] = []
            if !stats.models.isEmpty { known.append("models saved: " + Self.some(stats.models)) }
            if !stats.profiles.isEmpty { known.append("profiles: " + Self.some(stats.profiles)) }
            let hint = known.isEmpty ? "" : " (\(known.joined(separator: "; ")))"
            return "No saved reply in \(folder) matches \(options.joined(separator: " "))\(hint)."
        }
        if !stats.problems.isEmpty {
            return "No reply in \(folder) could be counted; each file that could not be read is named below."
        }
        return
            "No saved replies yet. chatterm keeps conversations in \(folder) (change with --data-dir or CHATTERM_DATA_DIR)."
    }

    /// Up to ten names, sanitised, and how many more there are.
    private static func some(_ names: [String]) -> String {
        let shown = names.prefix(10).map(Sanitizer.singleLineText).joined(separator: ", ")
        return names.count > 10 ? shown + " and \(names.count - 10) more" : shown
    }
}
