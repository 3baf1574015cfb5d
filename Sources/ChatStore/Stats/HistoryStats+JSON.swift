import ChatCore
import Foundation

/// `chatterm stats --json`: one JSON document whose keys are always all there (null when one
/// does not apply), pretty-printed with sorted keys. Its shape is `HistoryStats.jsonShape`,
/// which `--help` shows.
extension HistoryStats {
    /// The document's format name; `version` grows when a key changes meaning or goes away.
    public static let jsonFormat = "chatterm.stats"
    public static let jsonVersion = 1

    /// The categories `failedBy` always has, zero or not.
    public static var failureCategories: [String] {
        ChatError.Category.allCases.map(\.rawValue) + [ReplyFigures.otherFailure]
    }

    /// The shape of the document, for `--help` and the README.
    public static let jsonShape = """
        { "format": "chatterm.stats", "version": 1, "folder": "…",
          "since": "RFC 3339"|null, "model": "…"|null, "profile": "…"|null,
          "percentiles": "nearest-rank", "conversations": 12, "turns": 40,
          "groups": [ { "endpoint": "host:port"|null, "model": "…"|null,
                        "profile": "…"|null, "conversations": 12, "turns": 40,
                        "firstTokenMs": { "count": 38, "p50": 420, "p90": 1300,
                                          "p99": 4000 }|null,
                        "tokensPerSecond": { "count": 35, "p50": 38.2|null },
                        "ended": { "complete": 36, "interrupted": 1,
                                   "cancelled": 1, "failed": 2 },
                        "failedBy": { "server": 1, "timeout": 1, "empty": 0,
                                      "connection": 0, "malformed": 0, "other": 0 },
                        "retries": 3, "emptyStreams": 2, "fallbacks": 2,
                        "warmups": 5,
                        "daily": [ { "date": "2026-11-27", "turns": 4,
                                     "firstTokenP50Ms": 410|null } ] } ],
          "unreadable": [ { "path": "…", "problem": "…" } ] }
        """

    /// The document, ending in a newline.
    public func json() -> String {
        let document = JSONValue.object([
            "format": .string(Self.jsonFormat), "version": .int(Int64(Self.jsonVersion)),
            "folder": .string(folder),
            "since": filter.since.map { .string(RFC3339.string(from: $0)) } ?? .null,
            "model": filter.model.map(JSONValue.string) ?? .null,
            "profile": filter.profile.map(JSONValue.string) ?? .null,
            "percentiles": .string(Percentile.method),
            "conversations": .int(Int64(conversations)), "turns": .int(Int64(turns)),
            "groups": .array(groups.map(Self.json)),
            "unreadable": .array(problems.map(Self.json)),
        ])
        let data = (try? ConversationFile.makeEncoder().encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func json(_ group: StatsGroup) -> JSONValue {
        let firstToken = group.firstToken.map { latency -> JSONValue in
            .object([
                "count": .int(Int64(latency.count)), "p50": .int(Int64(latency.p50)),
                "p90": .int(Int64(latency.p90)), "p99": .int(Int64(latency.p99)),
            ])
        }
        var failedBy: [String: JSONValue] = [:]
        for category in failureCategories { failedBy[category] = .int(Int64(group.failedBy[category] ?? 0)) }
        for (category, count) in group.failedBy where failedBy[category] == nil {
            failedBy[category] = .int(Int64(count))
        }
        return .object([
            "endpoint": group.endpoint.map(JSONValue.string) ?? .null,
            "model": group.model.map(JSONValue.string) ?? .null,
            "profile": group.profile.map(JSONValue.string) ?? .null,
            "conversations": .int(Int64(group.conversations)), "turns": .int(Int64(group.turns)),
            "firstTokenMs": firstToken ?? .null,
            "tokensPerSecond": .object([
                "count": .int(Int64(group.tokensPerSecondCount)),
                "p50": group.tokensPerSecondP50.map { .double(($0 * 100).rounded() / 100) } ?? .null,
            ]),
            "ended": .object([
                "complete": .int(Int64(group.complete)), "interrupted": .int(Int64(group.interrupted)),
                "cancelled": .int(Int64(group.cancelled)), "failed": .int(Int64(group.failed)),
            ]),
            "failedBy": .object(failedBy),
            "retries": .int(Int64(group.retries)), "emptyStreams": .int(Int64(group.emptyStreams)),
            "fallbacks": .int(Int64(group.fallbacks)), "warmups": .int(Int64(group.warmups)),
            "daily": .array(
                group.days.map { day in
                    .object([
                        "date": .string(day.day.description), "turns": .int(Int64(day.turns)),
                        "firstTokenP50Ms": day.firstTokenP50.map { .int(Int64($0)) } ?? .null,
                    ])
                }),
        ])
    }

    private static func json(_ problem: StoreError) -> JSONValue {
        .object(["path": problem.path.map(JSONValue.string) ?? .null, "problem": .string(problem.description)])
    }
}
