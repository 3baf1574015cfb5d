/// What a session's requests go to and carry besides the messages and the model: the runner
/// (the endpoint and its policy) and the request settings of a profile, the flags and the
/// configuration file. The executable builds it; `ChatSession` takes it at start and on
/// `/profile` (`ChatSession+Endpoint`).
public struct SessionEndpoint: Sendable {
    /// Recorded with the conversation (never a key).
    public var baseURL: String
    /// The configuration profile it comes from, if any: recorded with the conversation and with
    /// each reply, and where a failing turn fails over from (`Failover`).
    public var profile: String?
    public var runner: TurnRunner
    public var temperature: Double?
    public var maxTokens: Int?
    /// Whether requests ask for a streamed reply.
    public var stream: Bool
    /// The system prompt that leads a new conversation.
    public var system: String?
    /// "demo" or the server's host:port, for messages and each reply's figures.
    public var label: String?
    /// `context_window`: the model's context in tokens, said in the configuration; nil asks the
    /// server (`ChatSession.learnContextWindow`).
    public var contextWindow: Int?

    public init(
        baseURL: String, profile: String? = nil, runner: TurnRunner, temperature: Double? = nil,
        maxTokens: Int? = nil, stream: Bool = true, system: String? = nil, label: String? = nil,
        contextWindow: Int? = nil
    ) {
        self.contextWindow = contextWindow
        self.baseURL = baseURL
        self.profile = profile
        self.runner = runner
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stream = stream
        self.system = system
        self.label = label
    }
}
