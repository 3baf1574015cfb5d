import ArgumentParser
import ChatClient
import ChatCore
import ChatTUI
import Foundation

/// `chatterm probe`: diagnoses an endpoint in one screen, for the person whose stream "sometimes
/// returns nothing". The report goes to stdout as the requests finish (or as one JSON object
/// with `--json`); the exit status says whether anything worked.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Diagnose an endpoint (models, latency, streaming, wire dialect), or keep probing it (--watch).",
        discussion: """
            Lists the models (GET /models), sends a warm-up request (max_tokens 1), then sends a \
            short-answer prompt and a long-answer prompt, streamed and not streamed, interleaved, \
            --requests times each. Every request is one row: HTTP status, body bytes, SSE events, \
            keep-alive comments, characters, time to first token, total time, finish_reason and \
            the server's own error message. Then the wire dialect (LF or CRLF line ends, `data:` \
            with or without a space, pings, the reasoning field, usage chunks, [DONE], repeated \
            roles) and a verdict in plain sentences, e.g. "Streaming returns an empty body whenever \
            the answer is short, while non-streaming works: chatterm falls back to non-streaming by \
            itself." An empty answer to the warm-up is normal (ChatGLM3's server answers max_tokens 1 \
            with no text) and counts only when the real prompts come back empty too.

            Example:
              chatterm probe --base-url http://127.0.0.1:8000/v1 --requests 3
              chatterm probe --json --requests 1 | jq .verdict

            Each request must finish within --timeout seconds, so a hanging server cannot hang \
            the probe; a request cut off says which part did not come in time, e.g. "no first \
            token within 30 s (--timeout)". The long prompt is sent with max_tokens 200 unless --max-tokens says \
            otherwise; --no-stream is ignored, since the probe tries both modes. The model is the \
            one the chat would ask for: --model, else the profile's, else the first the server lists; \
            with none, the probe sends nothing and says so.

            Exit status: 0 the endpoint answered in at least one mode; 1 nothing worked, or there \
            is no model to ask for; 64 a usage error (such as a bad --base-url).

            \(ProbeCommand.watchHelp)
            """
    )

    /// `--requests` unless given.
    static let defaultRequests = 5

    @Option(
        help: ArgumentHelp(
            "Times to send each prompt in each mode (default: \(ProbeCommand.defaultRequests)).", valueName: "n"))
    var requests: Int?

    @Option(
        help: ArgumentHelp(
            "Keep probing: one short streamed request every s seconds (at least 0.5), a line each, until Ctrl-C.",
            valueName: "s"))
    var watch: Double?

    @Option(help: ArgumentHelp("With --watch: stop after n rounds.", valueName: "n"))
    var count: Int?

    @Option(
        help: ArgumentHelp(
            "With --watch: a round whose first token takes longer than s seconds is slow (default: 5).",
            valueName: "s"))
    var slow: Double?

    @Flag(
        help: ArgumentHelp(
            "Print one JSON object (models, warmup, requests, dialect, verdict) instead of the report.",
            discussion: "With --watch: one JSON object per line, per round, then the summary's."))
    var json = false

    @Option(help: ArgumentHelp("Seconds each request may take, head and body together.", valueName: "s"))
    var timeout: Double = 30

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        guard timeout > 0 && timeout.isFinite else { throw ValidationError("--timeout must be a positive number.") }
        if watch != nil {
            try validateWatch()
        } else {
            guard (1...100).contains(requests ?? Self.defaultRequests) else {
                throw ValidationError("--requests must be between 1 and 100.")
            }
            if count != nil { throw ValidationError("--count counts the rounds of --watch, which is missing.") }
            if slow != nil { throw ValidationError("--slow judges the rounds of --watch, which is missing.") }
        }
    }

    func run() async throws {
        if let watch {
            try await runWatch(every: watch)
            return
        }
        let connection = try await endpoint.connect()
        if connection.isDemo {
            StandardOutput.problem("demo mode: no endpoint configured (use --base-url); probing the built-in server")
        }
        for warning in connection.settings.warnings { StandardOutput.problem(warning) }
        let probe = EndpointProbe(
            endpoint: connection.endpoint,
            plan: EndpointProbe.Plan(
                rounds: requests ?? Self.defaultRequests, timeoutSeconds: timeout, model: connection.modelChoice(),
                maxTokens: connection.settings.maxTokens.value, temperature: connection.settings.temperature.value))
        let text = ProbeReportText(label: connection.label)
        let json = self.json
        let report: ProbeReport
        do {
            report = try await probe.run { step in
                if !json { Self.write(text.lines(for: step)) }
            }
        } catch {
            // Said as `ask` says it.
            await connection.shutdown()
            StandardOutput.problem("error: " + error.description)
            throw ExitCode(1)
        }
        await connection.shutdown()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            StandardOutput.json(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        } else {
            Self.write(text.closingLines(for: report.mapServerText(Sanitizer.singleLineText)))
        }
        if !report.verdict.works { throw ExitCode(1) }
    }

    /// Lines to stdout, each step as it is ready, so a pipe sees it at once. A reader that went
    /// away (`chatterm probe | head`) is not an error worth a crash.
    private static func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
