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
        name: .customLong("head-timeout"),
        help: ArgumentHelp("Seconds to wait for the server's response head.", valueName: "s"))
    var headTimeout: Double = 120

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) {
            throw ValidationError("--temperature must be between 0 and 2.")
        }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1.") }
        if demoSpeed < 0 { throw ValidationError("--demo-speed cannot be negative.") }
        if headTimeout <= 0 { throw ValidationError("--head-timeout must be positive.") }
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
                transport: HTTPChatTransport(endpoint: endpoint, headTimeoutSeconds: headTimeout))
        }
        let server = DemoServer(configuration: DemoServerConfiguration(tokensPerSecond: demoSpeed))
        try await server.start()
        let endpoint = try Endpoint(baseURL: server.baseURL)
        return Connection(
            endpoint: endpoint, demoServer: server,
            transport: HTTPChatTransport(endpoint: endpoint, headTimeoutSeconds: headTimeout))
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

    var isDemo: Bool { demoServer != nil }
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
