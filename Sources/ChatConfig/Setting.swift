/// One effective setting: its value and where it came from, so `chatterm config` can say why a
/// value is what it is.
public struct Setting<Value: Sendable>: Sendable {
    public typealias Source = SettingSource

    public var value: Value
    public var source: Source
    /// A weaker source that set this too and was overridden: an environment variable over a
    /// profile's `base_url` is worth pointing out.
    public var overrides: Source?

    public init(_ value: Value, from source: Source, overrides: Source? = nil) {
        self.value = value
        self.source = source
        self.overrides = overrides
    }
}

extension Setting: Equatable where Value: Equatable {}
