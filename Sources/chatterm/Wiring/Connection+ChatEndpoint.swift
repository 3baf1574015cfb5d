import ChatCore
import ChatTUI

extension Connection {
    /// The chat's view of this connection, for `/profile`: the model as if the chat had been
    /// started with this profile and no conversation to resume.
    func chatEndpoint() -> ChatEndpoint {
        let transport = self.transport
        let connection = self
        let choice = modelChoice()
        var endpoint = ChatEndpoint(
            profile: settings.profile.value, label: label, session: session, model: choice.named,
            theme: profileTheme, warnings: settings.warnings,
            listModels: { try await transport.listModels() },
            findModel: { try await connection.findModel(choice) })
        endpoint.vision = settings.vision.value
        return endpoint
    }

    /// The theme the profile itself names. One from a flag or the file's top level is already
    /// on screen, or was replaced with `/theme` since: switching profiles must not undo that.
    private var profileTheme: String? {
        if case .profile = settings.theme.source { return settings.theme.value }
        return nil
    }
}
