/// What a binding is pressed as: one key, or a prefix key and then a key (Ctrl-X Ctrl-E).
public struct KeyChord: Sendable, Hashable {
    /// The key pressed first, nil for a single key.
    public let prefix: Key?
    public let key: Key

    public init(_ key: Key, after prefix: Key? = nil) {
        self.prefix = prefix
        self.key = key
    }

    /// "Ctrl-X Ctrl-E", "PgUp".
    public var name: String {
        [prefix, key].compactMap { $0?.name }.joined(separator: " ")
    }
}
