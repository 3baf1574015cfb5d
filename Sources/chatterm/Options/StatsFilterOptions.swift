import ArgumentParser
import ChatStore
import Foundation

/// Which replies `chatterm stats` counts: `--since` here, and `--model` and `--profile`, which
/// the root command's own options (the chat's, `EndpointOptions`) take wherever they stand on
/// the command line; `StatsCommand` reads them from there.
struct StatsFilterOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only replies since a date (2026-11-20, from local midnight) or a span back from now (7d, 24h).",
            valueName: "date|span"))
    var since: String?

    /// The filter, `--since` taken back from `now`.
    func filter(model: String?, profile: String?, now: Date) -> StatsFilter {
        StatsFilter(since: since.flatMap { StatsSince.parse($0, now: now) }, model: model, profile: profile)
    }
}
