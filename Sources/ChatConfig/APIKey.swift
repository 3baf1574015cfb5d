/// An API key read from the environment. It prints as where it came from, never as itself, so
/// no message or report can show it by accident.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    /// The environment variable it was read from.
    public let variable: String

    public init(_ value: String, from variable: String) {
        self.value = value
        self.variable = variable
    }

    public var description: String { "set (from \(variable))" }
    public var debugDescription: String { description }
}
