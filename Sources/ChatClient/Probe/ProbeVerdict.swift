import Foundation

/// What a probe's results mean, in plain words: a pure function of the observations, so every
/// case can be checked with made-up results.
///
/// Every line is a sentence that ends with a full stop and, where there is something to do, says
/// what. The first lines answer "does it work, and how"; warnings about the dialect follow. When
/// one cause explains everything (the server is unreachable, every request gets the same HTTP
/// error, every request times out, every answer is empty) that is the whole verdict.
///
/// An empty answer to the warm-up is not a finding: the warm-up asks for `max_tokens: 1`, and
/// ChatGLM3's server answers that with nothing (DESIGN.md §2). It counts only when the real
/// prompts come back empty too.
public struct ProbeVerdict: Sendable, Hashable {
    /// The verdict, one finding per line, most important first.
    public var lines: [String]
    /// Whether at least one streaming or non-streaming request got a reply.
    public var works: Bool

    /// The probe's flag for its per-request deadline, named wherever a timeout is reported.
    public static let timeoutFlag = "--timeout"

    /// - Parameters:
    ///   - models: the `GET /models` step.
    ///   - warmup: the warm-up request, when one was sent.
    ///   - requests: the streaming and non-streaming requests.
    ///   - timeoutSeconds: the per-request deadline, for the words about timeouts.
    ///   - host: `host:port`, for the words about an unreachable server.
    public init(
        models: ProbeModelList, warmup: ProbeObservation?, requests: [ProbeObservation], timeoutSeconds: Double,
        host: String
    ) {
        works = requests.contains { $0.outcome == .ok }
        let context = Context(
            models: models, warmup: warmup, requests: requests, timeout: timeoutSeconds, host: host)
        lines = context.overall() ?? context.detailed()
    }

    /// "30 s", "0.5 s": how the report words a number of seconds.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }

    /// "30 s (--timeout)": the deadline as every timeout message names it.
    public static func limit(_ seconds: Double) -> String {
        "\(Self.seconds(seconds)) (\(timeoutFlag))"
    }

    /// "~840 ms", "~2.3 s".
    static func duration(_ ms: Double) -> String {
        ms < 1000 ? "~\(Int(ms.rounded())) ms" : "~\((ms / 100).rounded() / 10) s"
    }

    private struct Context {
        let models: ProbeModelList
        let warmup: ProbeObservation?
        let requests: [ProbeObservation]
        let timeout: Double
        let host: String

        /// The requests that can show a cause common to all: the real ones, and the warm-up unless
        /// its answer was merely empty (normal for `max_tokens: 1`).
        var everything: [ProbeObservation] {
            let telling = warmup.flatMap { $0.outcome == .empty ? nil : $0 }
            return (telling.map { [$0] } ?? []) + requests
        }
        var streams: [ProbeObservation] { requests.filter { $0.mode == .stream } }
        var plain: [ProbeObservation] { requests.filter { $0.mode == .nonStream } }

        /// A single cause that explains every request, if there is one.
        func overall() -> [String]? {
            let all = everything
            guard !requests.isEmpty else { return ["No requests were sent."] }
            if all.allSatisfy({ $0.errorKind == .connection && $0.status == nil }) {
                let detail = all[0].error ?? "no connection"
                let reason =
                    detail.lowercased().contains("refused")
                    ? "The server at \(host) is unreachable: the connection is refused."
                    : "The server at \(host) is unreachable: " + Self.sentence(detail)
                return [
                    reason,
                    "Check that the server runs, that the host and port are right, and that the base URL ends in /v1.",
                ]
            }
            if all.allSatisfy({ $0.errorKind == .http }) {
                let statuses = Set(all.compactMap(\.status))
                if statuses.count == 1, let status = statuses.first {
                    return [
                        "Every request fails with HTTP \(status): " + Self.sentence(all[0].error ?? "")
                            + Self.hint(status)
                    ]
                }
                let distinct = Self.distinct(all.map { "HTTP \($0.status ?? 0) (\($0.error ?? ""))" })
                let hints = Set(statuses.map(Self.hint))
                return [
                    "Every request fails with an HTTP error: " + distinct.joined(separator: ", ") + "."
                        + (hints.count == 1 ? hints.first ?? "" : "")
                ]
            }
            if all.allSatisfy({ $0.outcome == .timedOut }) {
                let silent = all.allSatisfy { $0.contentCharacters + $0.reasoningCharacters == 0 }
                let limit = ProbeVerdict.limit(timeout)
                return [
                    silent
                        ? "Every request times out: no first token comes within \(limit)."
                        : "Every request times out: no reply ends within \(limit), though some had begun.",
                    "The server may be overloaded or still loading the model: try a longer \(ProbeVerdict.timeoutFlag).",
                ]
            }
            if requests.allSatisfy({ $0.outcome == .empty }) {
                let warmupToo = warmup?.outcome == .empty ? ", the warm-up included," : ""
                return [
                    "Every request\(warmupToo) comes back empty: the server answers HTTP 200 without any text, "
                        + "streamed or not.",
                    "Check the server's log, and that the model it serves is the one asked for (--model).",
                ]
            }
            return nil
        }

        /// Streaming, non-streaming, then the dialect's quirks.
        func detailed() -> [String] {
            var lines = streamingLines() + nonStreamingLines()
            lines += inStreamErrorLines()
            lines += endingLines()
            if let keepAlive = keepAliveLine() { lines.append(keepAlive) }
            if let warmupLine = warmupLine() { lines.append(warmupLine) }
            if let failure = models.failureDescription {
                lines.append("GET /models fails (\(failure)): pass --model NAME.")
            } else if models.ids.isEmpty {
                lines.append("GET /models lists no models: pass --model NAME.")
            }
            return lines
        }

        private func streamingLines() -> [String] {
            let streams = self.streams
            guard !streams.isEmpty else { return [] }
            let ok = streams.filter { $0.outcome == .ok }
            if ok.count == streams.count {
                return [
                    "Streaming works: \(Self.count(ok.count, of: streams.count)) streams delivered a reply, "
                        + "the first token after \(firstToken(ok))."
                ]
            }
            var lines: [String] = []
            let empty = streams.filter { $0.outcome == .empty }
            if !empty.isEmpty {
                let short = streams.filter { $0.prompt == .short }
                let emptyShort = empty.filter { $0.prompt == .short }
                let emptyLong = empty.filter { $0.prompt == .long }
                var line: String
                if !short.isEmpty && emptyShort.count == short.count && emptyLong.isEmpty {
                    line = "Streaming returns an empty body whenever the answer is short"
                } else if empty.count == streams.count {
                    line = "Streaming always returns an empty body"
                } else {
                    line =
                        "Streaming sometimes returns an empty body (\(Self.count(empty.count, of: streams.count)) "
                        + "streams: \(emptyShort.count) short, \(emptyLong.count) long)"
                }
                if plain.contains(where: { $0.outcome == .ok }) {
                    line += ", while non-streaming works: chatterm falls back to non-streaming by itself"
                    line += empty.count == streams.count ? ", and --no-stream skips the streams." : "."
                } else if !plain.isEmpty {
                    line += ", and non-streaming does not work either."
                } else {
                    line += "."
                }
                lines.append(line)
            }
            let failed = streams.filter { $0.outcome != .ok && $0.outcome != .empty && $0.errorKind != .inStream }
            if !failed.isEmpty {
                lines.append(
                    "Streaming fails in \(Self.count(failed.count, of: streams.count)) requests: "
                        + summary(failed) + "." + Self.timeoutHint(failed))
            }
            if !ok.isEmpty {
                lines.append(
                    "The other streams work: \(Self.count(ok.count, of: streams.count)) delivered a reply, "
                        + "the first token after \(firstToken(ok)).")
            }
            return lines
        }

        /// Each prompt's time on its own: a one-word answer and a few paragraphs take very
        /// different times, and their mean is the time of neither.
        private func nonStreamingLines() -> [String] {
            let plain = self.plain
            guard !plain.isEmpty else { return [] }
            let ok = plain.filter { $0.outcome == .ok }
            let total = "\(Self.count(ok.count, of: plain.count)) replies arrived"
            let failed = plain.filter { $0.outcome != .ok }
            if ok.isEmpty {
                return [
                    "Non-streaming fails in \(Self.count(failed.count, of: plain.count)) requests: "
                        + summary(failed) + "." + Self.timeoutHint(failed)
                ]
            }
            if failed.isEmpty { return ["Non-streaming works: \(total), \(timesByPrompt(ok))."] }
            return [
                "Non-streaming is unreliable: \(total), \(timesByPrompt(ok)); the others failed: \(summary(failed))."
                    + Self.timeoutHint(failed)
            ]
        }

        /// "the short answer in ~400 ms and the long one in ~2.3 s": medians of each prompt's
        /// replies.
        private func timesByPrompt(_ replies: [ProbeObservation]) -> String {
            let short = replies.filter { $0.prompt == .short }.map(\.totalMs)
            let long = replies.filter { $0.prompt == .long }.map(\.totalMs)
            switch (short.isEmpty, long.isEmpty) {
            case (false, false):
                return "the short answer in \(ProbeVerdict.duration(median(short))) "
                    + "and the long one in \(ProbeVerdict.duration(median(long)))"
            case (false, true):
                return "the short answer in \(ProbeVerdict.duration(median(short)))"
            case (true, false):
                return "the long answer in \(ProbeVerdict.duration(median(long)))"
            case (true, true):
                return "in \(ProbeVerdict.duration(median(replies.map(\.totalMs))))"
            }
        }

        private func inStreamErrorLines() -> [String] {
            let inStream = requests.filter { $0.errorKind == .inStream }
            guard let first = inStream.first else { return [] }
            let streamsWithError = inStream.filter { $0.mode == .stream }.count
            let scope =
                streamsWithError == streams.count
                ? "every stream" : "\(Self.count(streamsWithError, of: streams.count)) streams"
            return [
                "The server puts an error inside its HTTP 200 streams (\(scope)): " + Self.sentence(first.error ?? "")
                    + " Check its log."
            ]
        }

        /// Missing `[DONE]` and `finish_reason`, judged on streams that otherwise worked.
        private func endingLines() -> [String] {
            let answered = streams.filter { $0.outcome == .ok }
            guard !answered.isEmpty else { return [] }
            var lines: [String] = []
            let withoutDone = answered.filter { !$0.sawDone }.count
            if withoutDone > 0 {
                lines.append(
                    Self.streamsEnd(withoutDone, of: answered.count) + " without [DONE], which chatterm accepts.")
            }
            let withoutFinish = answered.filter { $0.finishReason == nil }.count
            if withoutFinish > 0 {
                lines.append(
                    Self.streamsEnd(withoutFinish, of: answered.count)
                        + " without finish_reason, so a reply cut short looks complete.")
            }
            return lines
        }

        private func keepAliveLine() -> String? {
            let dialect = everything.reduce(WireDialect()) { $0.merged(with: $1.dialect) }
            var kinds: [String] = []
            if dialect.comments > 0 { kinds.append("\": ping\" comments") }
            if dialect.pingEvents > 0 { kinds.append("\"event: ping\" events") }
            guard !kinds.isEmpty else { return nil }
            return "The server sends keep-alive pings (" + kinds.joined(separator: " and ")
                + "), which chatterm takes as a sign of life."
        }

        /// The warm-up, when it says something the rest does not: an empty answer is normal for
        /// `max_tokens: 1` (worth a neutral note, since its row says "empty"); a failure only
        /// matters where the real prompts work, as otherwise they say it better.
        private func warmupLine() -> String? {
            guard let warmup else { return nil }
            switch warmup.outcome {
            case .ok:
                return nil
            case .empty:
                return "The warm-up's empty answer is normal: it asks for max_tokens 1, "
                    + "and some servers (ChatGLM3's) answer that with no text."
            case .failed, .timedOut:
                guard requests.contains(where: { $0.outcome == .ok }) else { return nil }
                return "The warm-up request (max_tokens 1) fails (\(Self.failurePhrase(warmup))), "
                    + "though the chat goes ahead without it: --warmup never skips it."
            }
        }

        private func firstToken(_ streams: [ProbeObservation]) -> String {
            ProbeVerdict.duration(median(streams.compactMap(\.firstTokenMs)))
        }

        /// The failures grouped: "2× empty reply; 1× HTTP 400: context length exceeded".
        private func summary(_ failures: [ProbeObservation]) -> String {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for failure in failures {
                let phrase = Self.failurePhrase(failure)
                if counts[phrase] == nil { order.append(phrase) }
                counts[phrase, default: 0] += 1
            }
            return order.map { "\(counts[$0]!)× \($0)" }.joined(separator: "; ")
        }

        /// A failure as a phrase; a timeout's message (`ProbeObservation.timeoutMessage`) already
        /// names the limit and the flag.
        static func failurePhrase(_ observation: ProbeObservation) -> String {
            let error = observation.error ?? ""
            switch observation.errorKind {
            case .http: return "HTTP \(observation.status.map(String.init) ?? "?"): \(error)"
            case .inStream: return "error inside the stream: \(error)"
            case .connection: return "connection failed: \(error)"
            case .malformed: return "malformed reply: \(error)"
            case .timeout: return error
            case nil: return observation.mode == .stream ? "empty stream" : "empty reply"
            }
        }

        /// What to do when some of `failures` ran out of time, as a sentence of its own.
        static func timeoutHint(_ failures: [ProbeObservation]) -> String {
            failures.contains { $0.outcome == .timedOut }
                ? " A slow server needs a longer \(ProbeVerdict.timeoutFlag)." : ""
        }

        /// "4 of 4", "1 of 4".
        static func count(_ count: Int, of total: Int) -> String {
            "\(count) of \(total)"
        }

        /// "Streams end" when all of them, else "1 of 4 streams ends", "2 of 4 streams end".
        static func streamsEnd(_ count: Int, of total: Int) -> String {
            if count == total { return "Streams end" }
            return "\(Self.count(count, of: total)) streams " + (count == 1 ? "ends" : "end")
        }

        /// The server's words as the end of a sentence: a full stop added unless they end in one.
        static func sentence(_ text: String) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let last = trimmed.last else { return "(no message)." }
            return ".!?".contains(last) ? trimmed : trimmed + "."
        }

        /// What to do about an HTTP status, as a sentence of its own (with its leading space).
        static func hint(_ status: Int) -> String {
            switch status {
            case 401, 403: return " Check OPENAI_API_KEY."
            case 404: return " Check the base URL (most servers want …/v1) and --model."
            case 429: return " The server is rate limiting: try again later."
            case 500...599: return " The server itself is failing: check its log."
            default: return ""
            }
        }

        static func distinct(_ items: [String]) -> [String] {
            var seen = Set<String>()
            return items.filter { seen.insert($0).inserted }
        }

        private func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}
