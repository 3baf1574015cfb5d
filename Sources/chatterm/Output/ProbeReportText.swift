import ChatClient
import ChatTUI

/// The human form of a probe report: a header, one table row per request as it finishes, then the
/// wire dialect and the verdict. Plain text without escape codes; every piece of server-provided
/// text goes through `Sanitizer.singleLineText`, so a hostile server cannot drive the terminal or
/// break the table.
struct ProbeReportText {
    /// `host:port`, or "demo".
    let label: String

    /// The columns of the request table: title and width (the last one is not padded).
    private static let columns: [(title: String, width: Int)] = [
        ("#", 3), ("mode", 10), ("prompt", 7), ("status", 6), ("bytes", 7), ("events", 6), ("pings", 5),
        ("chars", 6), ("ttft ms", 8), ("total ms", 9), ("finish", 8), ("result", 0),
    ]

    /// The lines that a finished step adds to the report.
    func lines(for step: EndpointProbe.Step) -> [String] {
        switch step {
        case .models(let models, let model):
            let safe = models.mapServerText(Sanitizer.singleLineText)
            var lines = ["chatterm probe · \(label) · model \(Sanitizer.singleLineText(model))"]
            if let failure = safe.failureDescription {
                lines.append("models   failed after \(Self.ms(safe.latencyMs)): \(failure)")
            } else {
                let shown = safe.ids.prefix(5).joined(separator: ", ")
                let more = safe.ids.count > 5 ? " (+\(safe.ids.count - 5) more)" : ""
                lines.append(
                    "models   \(Self.ms(safe.latencyMs)) · \(safe.ids.isEmpty ? "none listed" : shown + more)")
            }
            return lines
        case .contextWindow(let window?):
            return ["context  \(window.tokens) tokens, from \(window.source.rawValue)"]
        case .contextWindow(nil):
            return ["context  not said by the server (context_window in the configuration says it)"]
        case .warmup(let warmup):
            let safe = warmup.mapServerText(Sanitizer.singleLineText)
            var parts = ["non-stream, max_tokens 1", safe.status.map { "HTTP \($0)" } ?? "no response"]
            parts.append(Self.ms(safe.totalMs))
            parts.append(safe.outcome == .empty ? "empty, as is normal for max_tokens 1" : result(safe))
            return ["warm-up  " + parts.joined(separator: " · "), "", Self.row(Self.columns.map(\.title))]
        case .request(let observation, let number):
            return [row(observation.mapServerText(Sanitizer.singleLineText), number: number)]
        }
    }

    /// The dialect summary and the verdict, after the last row.
    func closingLines(for report: ProbeReport) -> [String] {
        let safe = report.mapServerText(Sanitizer.singleLineText)
        var lines = [""] + dialectLines(safe)
        lines += ["", "verdict"]
        lines += safe.verdict.lines.map { "  - " + $0 }
        return lines
    }

    private func row(_ observation: ProbeObservation, number: Int) -> String {
        let isStream = observation.mode == .stream
        return Self.row([
            "\(number)",
            observation.mode.rawValue,
            observation.prompt.rawValue,
            observation.status.map(String.init) ?? "-",
            "\(observation.bodyBytes)",
            isStream ? "\(observation.events)" : "-",
            isStream ? "\(observation.dialect.comments + observation.dialect.pingEvents)" : "-",
            "\(observation.contentCharacters + observation.reasoningCharacters)",
            observation.firstTokenMs.map { "\(Int($0.rounded()))" } ?? "-",
            "\(Int(observation.totalMs.rounded()))",
            observation.finishReason ?? "-",
            result(observation),
        ])
    }

    /// The last column: the outcome, what a stream lacked, or the failure in the server's words.
    private func result(_ observation: ProbeObservation) -> String {
        let error = observation.error ?? ""
        switch observation.errorKind {
        case .http: return "HTTP error: \(error)"
        case .inStream: return "error in stream: \(error)"
        case .connection: return "connection failed: \(error)"
        case .malformed: return "malformed: \(error)"
        case .timeout: return error
        case nil:
            guard observation.outcome == .ok else {
                return observation.mode == .stream ? "empty stream" : "empty reply"
            }
            var notes = ["ok"]
            if observation.mode == .stream && !observation.sawDone { notes.append("no [DONE]") }
            if observation.finishReason == nil { notes.append("no finish_reason") }
            return notes.joined(separator: ", ")
        }
    }

    private func dialectLines(_ report: ProbeReport) -> [String] {
        let streams = report.streams.filter { $0.bodyBytes > 0 }
        guard !streams.isEmpty else { return ["wire dialect: no stream had a body to look at"] }
        let dialect = streams.reduce(WireDialect()) { $0.merged(with: $1.dialect) }
        var keepAlives: [String] = []
        if dialect.comments > 0 { keepAlives.append("\(dialect.comments) \": …\" comments") }
        if dialect.pingEvents > 0 { keepAlives.append("\(dialect.pingEvents) \"event: ping\"") }
        let role: String
        switch dialect.roleInEveryDelta {
        case true?: role = "repeated in every delta"
        case false?: role = "not repeated in every delta"
        case nil: role = "too few deltas to tell"
        }
        let facts: [(String, String)] = [
            ("line endings", dialect.lineEnding?.rawValue ?? "no complete line"),
            ("data prefix", Self.describe(dialect.dataPrefix)),
            ("keep-alives", keepAlives.isEmpty ? "none" : keepAlives.joined(separator: ", ")),
            ("reasoning field", dialect.reasoningField?.rawValue ?? "none"),
            ("usage chunk", dialect.usageChunks > 0 ? "yes (choices: [] with usage)" : "no"),
            ("[DONE]", "\(streams.filter(\.sawDone).count)/\(streams.count) streams"),
            ("role", role),
        ]
        return ["wire dialect (\(streams.count) stream\(streams.count == 1 ? "" : "s") with a body)"]
            + facts.map { "  " + $0.0.padding(toLength: 17, withPad: " ", startingAt: 0) + $0.1 }
    }

    private static func describe(_ prefix: WireDialect.DataPrefix?) -> String {
        switch prefix {
        case .space?: return "\"data: \" (with a space)"
        case .noSpace?: return "\"data:\" (no space)"
        case .mixed?: return "both \"data: \" and \"data:\""
        case nil: return "no data lines"
        }
    }

    /// Cells padded to their columns, numbers right-aligned.
    private static func row(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let width = columns[index].width
            let numeric = index == 0 || (3...9).contains(index)
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            if width == 0 {
                line += cell
            } else {
                line += (numeric ? padding + cell : cell + padding) + "  "
            }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    private static func ms(_ value: Double) -> String { "\(Int(value.rounded())) ms" }
}
