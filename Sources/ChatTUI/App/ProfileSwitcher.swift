/// The profiles `/profile` offers, from the app's owner (which reads the configuration file).
public struct ProfileSwitcher {
    /// The profiles' names, for listing and Tab.
    public var names: @MainActor () throws -> [String]
    /// Connects to a profile's endpoint; throws with a message for the status bar (an unknown
    /// profile, a broken configuration file).
    public var connect: @MainActor (String) async throws -> ChatEndpoint

    public init(
        names: @escaping @MainActor () throws -> [String],
        connect: @escaping @MainActor (String) async throws -> ChatEndpoint
    ) {
        self.names = names
        self.connect = connect
    }
}
