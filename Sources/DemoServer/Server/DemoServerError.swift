/// Errors thrown by ``DemoServer``'s lifecycle methods.
public enum DemoServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ``DemoServer/start(host:port:)`` was called on a server that is already running.
    case alreadyStarted
    /// The server could not listen on `host:port`; `underlying` describes the system error.
    case bindFailed(host: String, port: Int, underlying: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .alreadyStarted:
            return "the demo server is already running"
        case .bindFailed(let host, let port, let underlying):
            return "the demo server could not listen on \(host):\(port): \(underlying)"
        }
    }
}
