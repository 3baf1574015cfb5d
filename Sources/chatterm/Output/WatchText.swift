import ChatClient
import ChatCore
import ChatTUI
import Foundation

/// The human form of `chatterm probe --watch`: a header of column titles, one aligned line per
/// round (local time, HTTP status, time to first token, tokens per second, whether the stream
/// came back empty, the verdict in a word and, for a round that did not simply work, why), and
/// the summary at the end. Plain text; the server's words pass `Sanitizer.singleLineText`, so a
/// hostile server can neither drive the terminal nor break a line in two.
struct WatchText {
    /// Where the lines' times are told.
    let timeZone: TimeZone
    /// `--slow`, named where a round is slow.
    let slowSeconds: Double

    /// The columns: title, width, and whether the cells are numbers (aligned right). The reason
    /// after the verdict has no column of its own: it takes the rest of the line.
    private static let columns: [(title: String, width: Int, numeric: Bool)] = [
        ("time", 8, false), ("status", 6, true), ("ttft ms", 7, true), ("tok/s", 7, true), ("empty", 5, false),
        ("verdict", 10, false),
    ]

    /// The column titles, printed first on a terminal.
    static var header: String { row(columns.map(\.title)) }

    /// The round's line.
    func line(for round: WatchRound) -> String {
        let observation = round.observation
        let empty: String
        switch round.cameBackEmpty {
        case true?: empty = "yes"
        case false?: empty = "no"
        case nil: empty = "-"
        }
        return Self.row([
            time(round.startedAt),
            observation.status.map(String.init) ?? "-",
            observation.firstTokenMs.map { "\(Int($0.rounded()))" } ?? "-",
            observation.tokensPerSecond.map(Figures.oneDecimal) ?? "-",
            empty,
            round.verdict.word,
            reason(round),
        ])
    }

    /// Why a round was not simply ok, in a few words; empty for an ok round.
    private func reason(_ round: WatchRound) -> String {
        switch round.verdict {
        case .ok:
            return ""
        case .slow:
            let firstToken = Int((round.observation.firstTokenMs ?? 0).rounded())
            return "first token after \(Figures.milliseconds(firstToken)) (--slow \(ProbeVerdict.seconds(slowSeconds)))"
        case .empty:
            return "the stream ended without any text"
        case .failed:
            return Sanitizer.singleLineText(round.observation.error ?? "")
        }
    }

    /// The summary's lines: rounds and failures by kind, then the time to first token's median
    /// and 95th percentile and the median rate. `label` is `host:port` (or "demo").
    func summaryLines(_ summary: WatchSummary, label: String, model: String?) -> [String] {
        let heading = ([label] + (model.map { [Sanitizer.singleLineText($0)] } ?? [])).joined(separator: " · ")
        guard summary.rounds > 0 else { return ["\(heading) · stopped before the first round ended"] }
        var outcome = "\(Self.count(summary.rounds, "round")): \(summary.succeeded) succeeded"
        if summary.slow > 0 { outcome += " (\(summary.slow) slow)" }
        outcome += ", \(summary.failed) failed"
        if !summary.failures.isEmpty {
            outcome += " (" + summary.failures.map { "\($0.count)× \($0.kind)" }.joined(separator: ", ") + ")"
        }
        let firstToken: String
        if let p50 = summary.firstTokenP50Ms, let p95 = summary.firstTokenP95Ms {
            firstToken = "first token p50 \(Self.ms(p50)), p95 \(Self.ms(p95))"
        } else {
            firstToken = "first token: no round got one"
        }
        let rate = summary.tokensPerSecondP50.map { "tokens per second p50 \(Figures.oneDecimal($0))" }
        return [heading + " · " + outcome, ([firstToken] + (rate.map { [$0] } ?? [])).joined(separator: " · ")]
    }

    /// "14:03:07" in `timeZone`.
    private func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return [parts.hour, parts.minute, parts.second].map { Self.twoDigits($0 ?? 0) }.joined(separator: ":")
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func ms(_ value: Double) -> String { Figures.milliseconds(Int(value.rounded())) }

    /// "1 round", "3 rounds".
    private static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    /// Cells padded to their columns, numbers aligned right; the cell past the last column as it
    /// is; no trailing spaces.
    private static func row(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            guard index < columns.count else {
                line += cell
                break
            }
            let column = columns[index]
            let padding = String(repeating: " ", count: max(0, column.width - cell.count))
            line += (column.numeric ? padding + cell : cell + padding) + "  "
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
