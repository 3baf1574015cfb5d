import ChatClient
import ChatConfig
import ChatCore
import ChatTUI
import DemoServer

/// A live endpoint: the transport to it, the settings it was made from, and the demo server
/// behind it in demo mode.
struct Connection: Sendable {
    let endpoint: Endpoint
    let demoServer: DemoServer?
    let transport: HTTPChatTransport
    let settings: Settings
    /// What this run learns about the endpoint, shared by its replies.
    let health = EndpointHealth()

    var isDemo: Bool { demoServer != nil }

    /// Runs replies over this connection with the settings' policy, sharing what the run learns
    /// about the endpoint.
    func runner() -> TurnRunner {
        TurnRunner(transport: transport, policy: settings.policy, health: health)
    }

    var label: String { isDemo ? "demo" : endpoint.hostLabel }

    /// The profile in use, or empty.
    var profile: String { settings.profile.value ?? "" }

    /// The request the settings ask for.
    func request(model: String, messages: [ChatRequest.Message]) -> ChatRequest {
        ChatRequest(
            model: model, messages: messages, stream: settings.stream.value, temperature: settings.temperature.value,
            maxTokens: settings.maxTokens.value)
    }

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

    /// The chat's view of this connection, for `/profile`.
    func chatEndpoint() -> ChatEndpoint {
        let transport = self.transport
        let connection = self
        return ChatEndpoint(
            profile: settings.profile.value, label: label, baseURL: endpoint.baseURL, runner: runner(),
            model: settings.model.value ?? (isDemo ? DemoServerConfiguration().model : nil),
            temperature: settings.temperature.value, maxTokens: settings.maxTokens.value,
            stream: settings.stream.value, system: settings.system.value,
            theme: profileTheme, warnings: settings.warnings,
            listModels: { try await transport.listModels() },
            findModel: { try await connection.resolveModel(requested: nil) })
    }

    /// The theme the profile itself names. One from a flag or the file's top level is already
    /// on screen, or was replaced with `/theme` since: switching profiles must not undo that.
    private var profileTheme: String? {
        if case .profile = settings.theme.source { return settings.theme.value }
        return nil
    }

    func shutdown() async {
        try? await demoServer?.shutdown()
    }
}
