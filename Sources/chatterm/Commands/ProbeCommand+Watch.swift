import ArgumentParser
import ChatClient
import ChatCore
import Foundation

/// `chatterm probe --watch SECONDS`: the probe kept going, a line per round, for someone watching
/// a server from a remote shell or a log collector reading its output (`ProbeWatch`).
extension ProbeCommand {
    static let watchHelp = """
        Watching (--watch s): keeps probing, gently. Each round streams one short request (a count \
        to ten, max_tokens \(ProbeWatch.Plan.defaultMaxTokens) unless --max-tokens says otherwise) and \
        prints one line: the local time, the HTTP status, the time to first token in ms, tokens per \
        second, whether the stream came back empty, and the verdict in a word: ok, slow (the first \
        token came after --slow, \(ProbeVerdict.seconds(ProbeWatch.Plan.defaultSlowSeconds)) by default), \
        empty, or how the round failed (http, in-stream, connection, malformed, timeout), then why. On \
        a terminal a line of column titles comes first. Rounds start every s seconds (at least \
        \(ProbeWatch.Plan.shortestInterval)) and never overlap: a round that takes longer delays the \
        next, which starts as soon as it ends. Ctrl-C, SIGTERM or a hang-up ends the watch (so does \
        --count n, after n rounds) with a summary: rounds, failures by kind, the time to first token's \
        p50 and p95, and the tokens per second's p50. A round cut short by Ctrl-C is not counted.

        With --json, every round is one JSON object on a line of its own ("summary": false, "round", \
        "time" in RFC 3339, "endpoint", "model", "status", "firstTokenMs", "totalMs", "tokens", \
        "tokensPerSecond", "empty", "verdict", "succeeded", "error"), and the summary one more \
        ("summary": true, "rounds", "succeeded", "slow", "failed", "failures" by kind, \
        "firstTokenMs": {"p50", "p95"}, "tokensPerSecond": {"p50"}, "exitStatus"). Every key is always \
        there, null when it does not apply; nothing else goes to standard output.

        Examples:
          chatterm probe --watch 10 --base-url http://gpu-box:8000/v1
          chatterm probe --watch 60 --json --model qwen2.5 >> probe.log
          chatterm probe --watch 1 --count 5 --json | jq -r 'select(.summary | not).verdict'

        Exit status with --watch: 0 every round succeeded (ok or slow); 1 a round failed (empty, http, \
        …) or none finished; 64 a usage error.
        """

    /// The exit status of a watch that ended with `summary`.
    static func watchStatus(_ summary: WatchSummary) -> Int32 {
        summary.allSucceeded ? 0 : 1
    }

    /// The options of a watch, checked before anything is sent.
    func validateWatch() throws {
        let longest = ProbeWatch.Plan.longestInterval
        if let watch, !(watch.isFinite && watch >= ProbeWatch.Plan.shortestInterval && watch <= longest) {
            throw ValidationError(
                "--watch takes the seconds between rounds, from \(ProbeWatch.Plan.shortestInterval) "
                    + "to \(Int(longest)) (a day); got \(Self.number(watch)).")
        }
        if requests != nil {
            throw ValidationError("--requests sets the requests of one probe; --watch sends one request a round.")
        }
        if let count, !(1...1_000_000).contains(count) {
            throw ValidationError("--count must be between 1 and 1000000; got \(count).")
        }
        if let slow, !(slow.isFinite && slow > 0 && slow <= longest) {
            throw ValidationError(
                "--slow takes the seconds to the first token above which a round is slow, above 0 "
                    + "and at most \(Int(longest)) (a day); got \(Self.number(slow)).")
        }
    }

    /// Probes every `seconds` until Ctrl-C, SIGTERM, a hang-up, `--count` or a closed stdout,
    /// then prints the summary; fails with status 1 unless every round succeeded.
    func runWatch(every seconds: Double) async throws {
        StandardOutput.ignoreBrokenPipes()
        // Caught from here on, so that a Ctrl-C while connecting still ends in a summary.
        let signals = SignalCanceller()
        defer { signals.stop() }
        let connection = try await endpoint.connect()
        if connection.isDemo {
            StandardOutput.problem("demo mode: no endpoint configured (use --base-url); watching the built-in server")
        }
        for warning in connection.settings.warnings { StandardOutput.problem(warning) }
        let plan = ProbeWatch.Plan(
            intervalSeconds: seconds, count: count, timeoutSeconds: timeout,
            slowSeconds: slow ?? ProbeWatch.Plan.defaultSlowSeconds, model: connection.modelChoice(),
            maxTokens: endpoint.maxTokens ?? ProbeWatch.Plan.defaultMaxTokens,
            temperature: connection.settings.temperature.value)
        let watcher = ProbeWatch(endpoint: connection.endpoint, plan: plan)
        let text = WatchText(timeZone: .current, slowSeconds: plan.slowSeconds)
        let json = self.json
        let baseURL = connection.endpoint.baseURL
        if !json && StandardOutput.isTerminal { StandardOutput.write(WatchText.header + "\n") }
        let running = Task {
            await watcher.run { round in
                guard json else { return StandardOutput.write(text.line(for: round) + "\n") }
                guard let line = try? WatchJSON.line(WatchJSON.Round(round: round, endpoint: baseURL)) else {
                    return false
                }
                return StandardOutput.json(line)
            }
        }
        signals.receiver.onSignal { _ in running.cancel() }
        let rounds = await running.value
        await connection.shutdown()
        let summary = WatchSummary(rounds)
        let model = rounds.last(where: { $0.model != nil })?.model
        if json {
            StandardOutput.json(
                try WatchJSON.line(
                    WatchJSON.Summary(summary: summary, endpoint: baseURL, model: model, endedAt: Date())))
        } else {
            let lines = text.summaryLines(summary, label: connection.label, model: model)
            StandardOutput.write("\n" + lines.joined(separator: "\n") + "\n")
        }
        let status = Self.watchStatus(summary)
        if status != 0 { throw ExitCode(status) }
    }

    /// "0", "-1", "0.2", "nan": a number as the user typed it, near enough.
    private static func number(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
