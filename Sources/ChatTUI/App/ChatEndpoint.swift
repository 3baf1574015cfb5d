import ChatCore

/// What the chat talks to and how: what the session needs (the runner, the request settings),
/// the model and what the screen shows of a configuration profile. `/profile NAME` replaces it
/// for the next reply; the app's owner builds it, since the screen knows nothing of HTTP or
/// config files.
public struct ChatEndpoint: Sendable {
    /// The profile's name, or nil when none is in use.
    public var profile: String?
    /// "demo" or the endpoint's host:port, for the status bar.
    public var label: String
    /// What `ChatSession.use` takes: the runner, the request settings, the system prompt.
    public var session: SessionEndpoint
    /// The model `ModelChoice` names without asking the server; nil: `findModel` asks it.
    public var model: String?
    /// A theme's name or file, when the profile asks for one.
    public var theme: String?
    /// What the user should know about it, e.g. a key variable that is not set.
    public var warnings: [String]
    /// Whether its model sees images (`vision`): `/attach` refuses images otherwise.
    public var vision = false
    /// The server's models (`/model` alone).
    public var listModels: @Sendable () async throws -> [String]
    /// The model to use when none is named (`ModelChoice.resolve`); throws with the words to show.
    public var findModel: @Sendable () async throws -> String

    public init(
        profile: String?, label: String, session: SessionEndpoint, model: String?, theme: String? = nil,
        warnings: [String] = [], listModels: @escaping @Sendable () async throws -> [String],
        findModel: @escaping @Sendable () async throws -> String
    ) {
        self.profile = profile
        self.label = label
        self.session = session
        self.model = model
        self.theme = theme
        self.warnings = warnings
        self.listModels = listModels
        self.findModel = findModel
    }
}
