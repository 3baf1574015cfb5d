import ChatClient
import ChatConfig
import ChatCore
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

    /// What a session sending over this connection takes: the runner and the request settings.
    var session: SessionEndpoint {
        SessionEndpoint(
            baseURL: endpoint.baseURL, profile: settings.profile.value, runner: runner(),
            temperature: settings.temperature.value, maxTokens: settings.maxTokens.value, stream: settings.stream.value,
            system: settings.system.value, label: label, contextWindow: settings.contextWindow.value)
    }

    /// The settings' say in which model to ask for, with the conversation `resumed` was last
    /// held with, if one is resumed.
    func modelChoice(resumed: EndpointInfo? = nil) -> ModelChoice {
        let model = settings.model
        let fromFlag: Bool
        if case .flag = model.source { fromFlag = true } else { fromFlag = false }
        return ModelChoice(
            flag: fromFlag ? model.value : nil, resumed: resumed, configured: fromFlag ? nil : model.value,
            baseURL: endpoint.baseURL, listed: isDemo ? [DemoServerConfiguration().model] : nil)
    }

    /// The model `choice` names, else the first the server lists.
    func findModel(_ choice: ModelChoice) async throws(ModelChoice.Failure) -> String {
        let transport = self.transport
        return try await choice.resolve { try await transport.listModels() }
    }

    func shutdown() async {
        try? await demoServer?.shutdown()
    }
}
