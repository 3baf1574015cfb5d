import ChatClient
import Foundation

/// What `chatterm probe --watch --json` prints for log collectors: one JSON object per line, one
/// per round (`"summary": false`), then the summary (`"summary": true`). Every key is always
/// there, null when it does not apply, so a collector can read any of them without checking;
/// times are RFC 3339 in UTC, durations milliseconds to one decimal. Nothing else goes to stdout.
enum WatchJSON {
    /// One round's object.
    struct Round: Encodable {
        let round: WatchRound
        /// The base URL watched (never the key).
        let endpoint: String

        private enum CodingKeys: String, CodingKey {
            case summary, round, time, endpoint, model, status, firstTokenMs, totalMs, tokens, tokensPerSecond
            case empty, verdict, succeeded, error
        }

        func encode(to encoder: any Encoder) throws {
            let observation = round.observation
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(false, forKey: .summary)
            try container.encode(round.number, forKey: .round)
            try container.encode(WatchJSON.time(round.startedAt), forKey: .time)
            try container.encode(endpoint, forKey: .endpoint)
            try container.encode(round.model, forKey: .model)
            try container.encode(observation.status, forKey: .status)
            try container.encode(observation.firstTokenMs.map(WatchJSON.tenths), forKey: .firstTokenMs)
            try container.encode(WatchJSON.tenths(observation.totalMs), forKey: .totalMs)
            try container.encode(observation.completionTokens, forKey: .tokens)
            try container.encode(observation.tokensPerSecond.map(WatchJSON.tenths), forKey: .tokensPerSecond)
            try container.encode(round.cameBackEmpty, forKey: .empty)
            try container.encode(round.verdict.word, forKey: .verdict)
            try container.encode(round.verdict.succeeded, forKey: .succeeded)
            try container.encode(observation.error, forKey: .error)
        }
    }

    /// The closing object: the same figures as the text summary, and the exit status.
    struct Summary: Encodable {
        let summary: WatchSummary
        let endpoint: String
        let model: String?
        let endedAt: Date

        private enum CodingKeys: String, CodingKey {
            case summary, time, endpoint, model, rounds, succeeded, slow, failed, failures, firstTokenMs
            case tokensPerSecond, exitStatus
        }

        private enum PercentileKeys: String, CodingKey {
            case p50, p95
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(true, forKey: .summary)
            try container.encode(WatchJSON.time(endedAt), forKey: .time)
            try container.encode(endpoint, forKey: .endpoint)
            try container.encode(model, forKey: .model)
            try container.encode(summary.rounds, forKey: .rounds)
            try container.encode(summary.succeeded, forKey: .succeeded)
            try container.encode(summary.slow, forKey: .slow)
            try container.encode(summary.failed, forKey: .failed)
            try container.encode(
                Dictionary(summary.failures.map { ($0.kind, $0.count) }, uniquingKeysWith: +), forKey: .failures)
            var firstToken = container.nestedContainer(keyedBy: PercentileKeys.self, forKey: .firstTokenMs)
            try firstToken.encode(summary.firstTokenP50Ms.map(WatchJSON.tenths), forKey: .p50)
            try firstToken.encode(summary.firstTokenP95Ms.map(WatchJSON.tenths), forKey: .p95)
            var rate = container.nestedContainer(keyedBy: PercentileKeys.self, forKey: .tokensPerSecond)
            try rate.encode(summary.tokensPerSecondP50.map(WatchJSON.tenths), forKey: .p50)
            try container.encode(ProbeCommand.watchStatus(summary), forKey: .exitStatus)
        }
    }

    /// `value` as one line of JSON, keys sorted, with its newline.
    static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// "2026-11-27T14:05:03.123Z".
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// To one decimal: finer is noise.
    static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
