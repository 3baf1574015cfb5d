/// What a probe's results mean, in plain words: a pure function of the observations, so every
/// case can be checked with made-up results.
///
/// The first lines answer "does it work, and how"; warnings about the dialect follow. When one
/// cause explains everything (the server is unreachable, every request gets the same HTTP error,
/// every request times out) that is the whole verdict.
public struct ProbeVerdict: Sendable, Hashable {
    /// The verdict, one finding per line, most important first.
    public var lines: [String]
    /// Whether at least one streaming or non-streaming request got a reply.
    public var works: Bool

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

        var everything: [ProbeObservation] { (warmup.map { [$0] } ?? []) + requests }
        var streams: [ProbeObservation] { requests.filter { $0.mode == .stream } }
        var plain: [ProbeObservation] { requests.filter { $0.mode == .nonStream } }

        /// A single cause that explains every request, if there is one.
        func overall() -> [String]? {
            let all = everything
            guard !all.isEmpty else { return ["no requests were sent"] }
            if all.allSatisfy({ $0.errorKind == .connection && $0.status == nil }) {
                let detail = all[0].error ?? "no connection"
                let reason =
                    detail.lowercased().contains("refused")
                    ? "the server is unreachable: connection refused at \(host)"
                    : "the server is unreachable at \(host): \(detail)"
                return [reason, "check that the server runs, the host and port, and that the URL ends in /v1"]
            }
            if all.allSatisfy({ $0.errorKind == .http }) {
                let statuses = Set(all.compactMap(\.status))
                if statuses.count == 1, let status = statuses.first {
                    return ["every request fails with HTTP \(status): \(all[0].error ?? "")" + Self.hint(status)]
                }
                let distinct = Self.distinct(all.map { "HTTP \($0.status ?? 0): \($0.error ?? "")" })
                return ["every request fails with an HTTP error: " + distinct.joined(separator: "; ")]
            }
            if all.allSatisfy({ $0.outcome == .timedOut }) {
                let silent = all.allSatisfy { $0.contentCharacters + $0.reasoningCharacters == 0 }
                return [
                    "requests time out after \(ProbeVerdict.seconds(timeout)) "
                        + (silent ? "before the first token" : "in the middle of the reply"),
                    "the server may be overloaded or still loading the model; try a longer --timeout",
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
            if let warmup, warmup.outcome != .ok, requests.contains(where: { $0.outcome == .ok }) {
                lines.append("the warm-up request (max_tokens 1) " + Self.failurePhrase(warmup, timeout: timeout))
            }
            if let failure = models.failureDescription {
                lines.append("GET /models fails (\(failure)); pass --model NAME")
            } else if models.ids.isEmpty {
                lines.append("GET /models lists no models; pass --model NAME")
            }
            return lines
        }

        private func streamingLines() -> [String] {
            let streams = self.streams
            guard !streams.isEmpty else { return [] }
            let ok = streams.filter { $0.outcome == .ok }
            if ok.count == streams.count {
                return ["streaming works: \(ok.count)/\(streams.count) replies, first token in \(firstToken(ok))"]
            }
            var lines: [String] = []
            let empty = streams.filter { $0.outcome == .empty }
            if !empty.isEmpty {
                let short = streams.filter { $0.prompt == .short }
                let emptyShort = empty.filter { $0.prompt == .short }
                let emptyLong = empty.filter { $0.prompt == .long }
                var line: String
                if !short.isEmpty && emptyShort.count == short.count && emptyLong.isEmpty {
                    line = "streaming returns empty bodies for short answers"
                } else if empty.count == streams.count {
                    line = "streaming always returns empty bodies"
                } else {
                    line =
                        "streaming sometimes returns empty bodies (\(empty.count)/\(streams.count): "
                        + "\(emptyShort.count) short, \(emptyLong.count) long)"
                }
                if plain.contains(where: { $0.outcome == .ok }) {
                    line += " while non-streaming works; chatterm falls back to non-streaming automatically"
                } else if !plain.isEmpty {
                    line += ", and non-streaming does not work either"
                }
                lines.append(line)
            }
            let failed = streams.filter { $0.outcome != .ok && $0.outcome != .empty && $0.errorKind != .inStream }
            if !failed.isEmpty {
                lines.append(
                    "streaming fails in \(failed.count)/\(streams.count) requests: " + summary(failed))
            }
            if !ok.isEmpty {
                lines.append(
                    "the other streams work: \(ok.count)/\(streams.count) replies, first token in \(firstToken(ok))")
            }
            return lines
        }

        private func nonStreamingLines() -> [String] {
            let plain = self.plain
            guard !plain.isEmpty else { return [] }
            let ok = plain.filter { $0.outcome == .ok }
            let total = "\(ok.count)/\(plain.count) replies"
            if ok.count == plain.count {
                return ["non-streaming works: \(total) in \(ProbeVerdict.duration(median(ok.map(\.totalMs))))"]
            }
            let failed = plain.filter { $0.outcome != .ok }
            if ok.isEmpty { return ["non-streaming fails: " + summary(failed)] }
            return ["non-streaming is unreliable: \(total); " + summary(failed)]
        }

        private func inStreamErrorLines() -> [String] {
            let inStream = requests.filter { $0.errorKind == .inStream }
            guard let first = inStream.first else { return [] }
            let streamsWithError = inStream.filter { $0.mode == .stream }.count
            let scope =
                streamsWithError == streams.count ? "every stream" : "\(streamsWithError)/\(streams.count) streams"
            return ["the server puts an error inside a 200 stream (\(scope)): \(first.error ?? "")"]
        }

        /// Missing `[DONE]` and `finish_reason`, judged on streams that otherwise worked.
        private func endingLines() -> [String] {
            let answered = streams.filter { $0.outcome == .ok }
            guard !answered.isEmpty else { return [] }
            var lines: [String] = []
            let withoutDone = answered.filter { !$0.sawDone }.count
            if withoutDone > 0 {
                lines.append(
                    Self.scope(withoutDone, of: answered.count) + " end without [DONE]; chatterm accepts that")
            }
            let withoutFinish = answered.filter { $0.finishReason == nil }.count
            if withoutFinish > 0 {
                lines.append(
                    Self.scope(withoutFinish, of: answered.count)
                        + " end without finish_reason, so a reply cut short looks complete")
            }
            return lines
        }

        private func keepAliveLine() -> String? {
            let dialect = everything.reduce(WireDialect()) { $0.merged(with: $1.dialect) }
            var kinds: [String] = []
            if dialect.comments > 0 { kinds.append("\": ping\" comments") }
            if dialect.pingEvents > 0 { kinds.append("\"event: ping\" events") }
            guard !kinds.isEmpty else { return nil }
            return "the server sends keep-alive pings (" + kinds.joined(separator: " and ") + ")"
        }

        private func firstToken(_ streams: [ProbeObservation]) -> String {
            ProbeVerdict.duration(median(streams.compactMap(\.firstTokenMs)))
        }

        /// The failures grouped: "2× empty reply; 1× HTTP 400: context length exceeded".
        private func summary(_ failures: [ProbeObservation]) -> String {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for failure in failures {
                let phrase = Self.failurePhrase(failure, timeout: timeout)
                if counts[phrase] == nil { order.append(phrase) }
                counts[phrase, default: 0] += 1
            }
            return order.map { "\(counts[$0]!)× \($0)" }.joined(separator: "; ")
        }

        static func failurePhrase(_ observation: ProbeObservation, timeout: Double) -> String {
            let error = observation.error ?? ""
            switch observation.errorKind {
            case .http: return "HTTP \(observation.status.map(String.init) ?? "?"): \(error)"
            case .inStream: return "error inside the stream: \(error)"
            case .connection: return "connection failed: \(error)"
            case .malformed: return "malformed reply: \(error)"
            case .timeout:
                let silent = observation.contentCharacters + observation.reasoningCharacters == 0
                return "timed out after \(ProbeVerdict.seconds(timeout))"
                    + (silent ? " before the first token" : " mid-reply")
            case nil: return observation.mode == .stream ? "empty stream" : "empty reply"
            }
        }

        /// "streams" when all of them, else "2/5 streams".
        static func scope(_ count: Int, of total: Int) -> String {
            count == total ? "streams" : "\(count)/\(total) streams"
        }

        static func hint(_ status: Int) -> String {
            switch status {
            case 401, 403: return " — check OPENAI_API_KEY"
            case 404: return " — check the base URL (most servers want …/v1) and --model"
            case 429: return " — the server is rate limiting; try again later"
            case 500...599: return " — the server itself is failing; check its log"
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
