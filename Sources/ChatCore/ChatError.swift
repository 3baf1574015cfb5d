/// Why a request failed, specific enough to tell the user what to do.
public enum ChatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a non-2xx status; `message` is its own explanation.
    case http(status: Int, message: String)
    /// A 2xx stream carried an error object.
    case inStream(message: String)
    /// The connection could not be made or broke.
    case connection(String)
    /// The server's bytes could not be understood.
    case malformed(String)
    /// A 200 response that ended with no content and no finish reason.
    case emptyStream
    /// The endpoint address is unusable.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .http(let status, let message):
            return message.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(message)"
        case .inStream(let message):
            return "server error: \(message)"
        case .connection(let detail):
            return "connection failed: \(detail)"
        case .malformed(let detail):
            return "malformed response: \(detail)"
        case .emptyStream:
            return "the server answered with an empty stream"
        case .invalidURL(let url):
            return "invalid endpoint URL: \(url)"
        }
    }
}
