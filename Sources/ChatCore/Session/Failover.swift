/// Where a turn goes when the server of the profile in use fails in a way another may cure
/// (`ChatError.anotherServerMayCure`). The executable builds it from the configuration file,
/// which `ChatCore` does not read; `ChatSession` decides when to use it.
public struct Failover {
    /// The profiles a turn on `profile` fails over to, in order (`fallback_profiles`).
    public var chain: @MainActor (_ profile: String) -> [String]
    /// Connects to a profile and finds its model; throws with the words to show when it cannot.
    public var connect: @MainActor (_ profile: String) async throws -> FailoverTarget

    public init(
        chain: @escaping @MainActor (String) -> [String],
        connect: @escaping @MainActor (String) async throws -> FailoverTarget
    ) {
        self.chain = chain
        self.connect = connect
    }
}

/// A profile a turn fails over to: its endpoint (which names the profile and its label) and
/// the model to ask it for (`ModelChoice`: the profile's, else its server's first).
public struct FailoverTarget: Sendable {
    public var endpoint: SessionEndpoint
    public var model: String
    /// Its server's models, for the chat's `/model` once the turn has failed over.
    public var listModels: (@Sendable () async throws -> [String])?

    public init(
        endpoint: SessionEndpoint, model: String, listModels: (@Sendable () async throws -> [String])? = nil
    ) {
        self.endpoint = endpoint
        self.model = model
        self.listModels = listModels
    }
}
