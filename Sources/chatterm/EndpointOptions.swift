import ArgumentParser
import ChatClient
import ChatCore
import DemoServer
import Foundation

/// The endpoint, model and request options, shared by `chat` and `ask` so that a flag that
/// works in the UI works in a script.
struct EndpointOptions: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The server's OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1.",
            discussion: "Defaults to CHATTERM_BASE_URL, then OPENAI_BASE_URL; with none, demo mode.",
            valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The model to ask for (default: the first one the server lists).", valueName: "name"))
    var model: String?

    @Option(help: ArgumentHelp("A system prompt to start the conversation with.", valueName: "text"))
    var system: String?

    @Option(help: ArgumentHelp("Sampling temperature sent with each request.", valueName: "t"))
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Longest reply, in tokens.", valueName: "n"))
    var maxTokens: Int?

    @Flag(name: .customLong("no-stream"), help: "Ask for whole replies instead of streamed ones.")
    var noStream = false

    @Flag(help: "Use the built-in demo server even when an endpoint is configured.")
    var demo = false

    @Option(
        name: .customLong("demo-speed"),
        help: ArgumentHelp(
            "Tokens per second of the demo server's replies (0 = as fast as possible).", valueName: "tps"))
    var demoSpeed: Double = 40

    @Option(
        help: ArgumentHelp(
            "Warm the endpoint up first: auto (first reply, and after --warmup-after-idle), always or never.",
            valueName: "when"))
    var warmup: WarmupMode = .auto

    @Option(
        name: .customLong("warmup-after-idle"),
        help: ArgumentHelp("With --warmup auto, warm up again after this many idle seconds.", valueName: "s"))
    var warmupAfterIdle: Double = 600

    @Option(
        help: ArgumentHelp(
            "Retries of a failed request before its reply fails.",
            discussion: """
                Connection failures, timeouts before the first token, HTTP 408, 409, 429 and 5xx, and \
                empty streams are retried with backoff (or after the server's Retry-After); after two \
                empty or broken streams the request is sent once without streaming.
                """,
            valueName: "n"))
    var retries: Int = 3

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp("Seconds to connect and send the request.", valueName: "s"))
    var connectTimeout: Double = 10

    @Option(
        name: .customLong("first-token-timeout"),
        help: ArgumentHelp(
            "Seconds from sending the request to the first token (long prompts take a long prefill).",
            valueName: "s"))
    var firstTokenTimeout: Double = 120

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Seconds without new text before a streaming reply is given up.", valueName: "s"))
    var idleTimeout: Double = 60

    @Option(
        name: .customLong("turn-timeout"),
        help: ArgumentHelp("Seconds for a whole reply, retries included (default: no limit).", valueName: "s"))
    var turnTimeout: Double?

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) {
            throw ValidationError("--temperature must be between 0 and 2.")
        }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1.") }
        if demoSpeed < 0 { throw ValidationError("--demo-speed cannot be negative.") }
        if !(0...20).contains(retries) { throw ValidationError("--retries must be between 0 and 20.") }
        for (name, value) in [
            ("--connect-timeout", connectTimeout), ("--first-token-timeout", firstTokenTimeout),
            ("--idle-timeout", idleTimeout), ("--turn-timeout", turnTimeout ?? 1),
            ("--warmup-after-idle", warmupAfterIdle),
        ] where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be a number of seconds above 0 (at most a day).")
        }
    }

    /// The retry, warm-up and timeout rules these options ask for.
    var policy: TurnPolicy {
        TurnPolicy(
            retry: RetryPolicy(maxRetries: retries), warmup: warmup,
            warmupAfterIdle: Self.duration(warmupAfterIdle), connectTimeout: Self.duration(connectTimeout),
            firstTokenTimeout: Self.duration(firstTokenTimeout), idleTimeout: Self.duration(idleTimeout),
            turnTimeout: turnTimeout.map(Self.duration))
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The configured base URL: the flag, then CHATTERM_BASE_URL, then OPENAI_BASE_URL.
    var configuredBaseURL: String? {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [baseURL, environment["CHATTERM_BASE_URL"], environment["OPENAI_BASE_URL"]] {
            if let value = candidate?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    /// Connects to the configured endpoint, or starts the demo server when there is none (or
    /// `--demo` asks for it).
    func connect() async throws -> Connection {
        if !demo, let url = configuredBaseURL {
            let key = ProcessInfo.processInfo.environment["OPENAI_API_KEY"]
            let endpoint: Endpoint
            do {
                endpoint = try Endpoint(baseURL: url, apiKey: key)
            } catch {
                throw ValidationError(error.description)
            }
            return Connection(
                endpoint: endpoint, demoServer: nil,
                transport: HTTPChatTransport(endpoint: endpoint))
        }
        let server = DemoServer(configuration: DemoServerConfiguration(tokensPerSecond: demoSpeed))
        try await server.start()
        let endpoint = try Endpoint(baseURL: server.baseURL)
        return Connection(
            endpoint: endpoint, demoServer: server,
            transport: HTTPChatTransport(endpoint: endpoint))
    }

    /// The request settings these options ask for.
    func request(model: String, messages: [ChatRequest.Message]) -> ChatRequest {
        ChatRequest(
            model: model, messages: messages, stream: !noStream, temperature: temperature, maxTokens: maxTokens)
    }
}

/// A live endpoint: the transport to it, and the demo server behind it in demo mode.
struct Connection: Sendable {
    let endpoint: Endpoint
    let demoServer: DemoServer?
    let transport: HTTPChatTransport
    /// What this run learns about the endpoint, shared by its replies.
    let health = EndpointHealth()

    var isDemo: Bool { demoServer != nil }

    /// Runs replies over this connection with `policy`, sharing what the run learns about the endpoint.
    func runner(_ policy: TurnPolicy) -> TurnRunner {
        TurnRunner(transport: transport, policy: policy, health: health)
    }
    var label: String { isDemo ? "demo" : endpoint.hostLabel }

    /// The model to use: the one asked for, the demo model, or the first the server lists.
    func resolveModel(requested: String?) async throws(ChatError) -> String {
        if let requested, !requested.isEmpty { return requested }
        if isDemo { return DemoServerConfiguration().model }
        let models: [String]
        do {
            models = try await transport.listModels()
        } catch let error as ChatError {
            throw error
        } catch {
            throw .connection(String(describing: error))
        }
        guard let first = models.first else {
            throw .malformed("the server lists no models; pass --model")
        }
        return first
    }

    func shutdown() async {
        try? await demoServer?.shutdown()
    }
}
