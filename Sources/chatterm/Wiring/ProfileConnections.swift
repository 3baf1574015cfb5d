import ChatTUI
import DemoServer

/// Connects the chat to another profile on `/profile NAME`: the settings are resolved as if
/// chatterm had been started with `--profile NAME` and the same other flags and environment,
/// and the configuration file is read again, so an edit made meanwhile counts. All
/// connections share one HTTP client and, in demo mode, one demo server.
@MainActor
final class ProfileConnections {
    private let options: EndpointOptions
    private let theme: String?
    private let noColor: Bool
    private var demoServer: DemoServer?

    init(options: EndpointOptions, theme: String?, noColor: Bool, first: Connection) {
        self.options = options
        self.theme = theme
        self.noColor = noColor
        demoServer = first.demoServer
    }

    /// What the chat calls for `/profile`.
    var switcher: ProfileSwitcher {
        let options = self.options
        return ProfileSwitcher(
            names: { try options.configFile()?.profileNames ?? [] },
            connect: { [weak self] name in
                guard let self else { throw CommandFailure("chatterm is quitting") }
                return try await self.connect(name)
            })
    }

    private func connect(_ name: String) async throws -> ChatEndpoint {
        // Off the main actor: reading the file and running a profile's `api_key_cmd` (up to 30 s)
        // must not freeze the screen.
        let (options, theme, noColor) = (self.options, self.theme, self.noColor)
        let settings = try await Task.detached {
            try options.settings(profile: name, theme: theme, noColor: noColor)
        }.value
        let connection = try await options.connect(settings, reusing: demoServer)
        if let server = connection.demoServer { demoServer = server }
        return connection.chatEndpoint()
    }

    func shutdown() async {
        try? await demoServer?.shutdown()
    }
}
