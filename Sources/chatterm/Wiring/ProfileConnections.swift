import ChatConfig
import ChatCore
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

    /// Where a failing turn goes (`fallback_profiles`), for the chat and `ask` alike. The
    /// fallback asks for its own profile's model, else its server's first: a `--model` given
    /// for the run named one of the server that failed.
    var failover: Failover {
        let options = self.options
        return Failover(
            chain: { profile in (try? options.configFile())?.fallbackChain(of: profile) ?? [] },
            connect: { [weak self] name in
                guard let self else { throw CommandFailure("chatterm is quitting") }
                let connection = try await self.connection(name)
                let file = try options.configFile()
                var choice = connection.modelChoice()
                if choice.flag != nil {
                    choice.flag = nil
                    choice.configured = file?.profiles[name]?.model ?? file?.defaults.model
                }
                let model = try await connection.findModel(choice)
                let transport = connection.transport
                return FailoverTarget(
                    endpoint: connection.session, model: model, listModels: { try await transport.listModels() })
            })
    }

    private func connect(_ name: String) async throws -> ChatEndpoint {
        try await connection(name).chatEndpoint()
    }

    private func connection(_ name: String) async throws -> Connection {
        // Off the main actor: reading the file and running a profile's `api_key_cmd` (up to 30 s)
        // must not freeze the screen.
        let (options, theme, noColor) = (self.options, self.theme, self.noColor)
        let settings = try await Task.detached {
            try options.settings(profile: name, theme: theme, noColor: noColor)
        }.value
        let connection = try await options.connect(settings, reusing: demoServer)
        if let server = connection.demoServer { demoServer = server }
        return connection
    }

    func shutdown() async {
        try? await demoServer?.shutdown()
    }
}
