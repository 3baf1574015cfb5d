import ChatCore

/// What the chat talks to and how: the runner (endpoint and policy), the model and the request
/// settings that go with a configuration profile. `/profile NAME` replaces it for the next
/// reply; the app's owner builds it, since the screen knows nothing of HTTP or config files.
public struct ChatEndpoint: Sendable {
    /// The profile's name, or nil when none is in use.
    public var profile: String?
    /// "demo" or the endpoint's host:port, for the status bar.
    public var label: String
    /// Recorded with the conversation.
    public var baseURL: String
    public var runner: TurnRunner
    /// Nil: the first model the server lists, found by `findModel`.
    public var model: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var stream: Bool
    /// The system prompt for a conversation that has not started yet.
    public var system: String?
    /// A theme's name or file, when the profile asks for one.
    public var theme: String?
    /// What the user should know about it, e.g. a key variable that is not set.
    public var warnings: [String]
    /// The server's models (`/model` alone).
    public var listModels: @Sendable () async throws -> [String]
    /// The model to use when none is configured.
    public var findModel: @Sendable () async throws -> String

    public init(
        profile: String?, label: String, baseURL: String, runner: TurnRunner, model: String?,
        temperature: Double? = nil, maxTokens: Int? = nil, stream: Bool = true, system: String? = nil,
        theme: String? = nil, warnings: [String] = [], listModels: @escaping @Sendable () async throws -> [String],
        findModel: @escaping @Sendable () async throws -> String
    ) {
        self.profile = profile
        self.label = label
        self.baseURL = baseURL
        self.runner = runner
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stream = stream
        self.system = system
        self.theme = theme
        self.warnings = warnings
        self.listModels = listModels
        self.findModel = findModel
    }
}
