extension ChatRequest {
    /// The request headers that are chatterm's own, by their names on the wire: its transport
    /// writes some, the HTTP client the others, and an endpoint's own headers (a profile's
    /// `headers`) never set any of them. `headers_env` alone may replace `Authorization` (with
    /// `Basic …`, say). `User-Agent` is chatterm's too, but a gateway may want its own, so it is
    /// not listed.
    public enum Header: String, Sendable, CaseIterable {
        /// `Bearer <key>`, or the base URL's user and password.
        case authorization = "Authorization"
        /// `application/json`.
        case contentType = "Content-Type"
        /// `text/event-stream` for a streamed reply, else `application/json`.
        case accept = "Accept"
        case contentLength = "Content-Length"
        case host = "Host"
        case transferEncoding = "Transfer-Encoding"
        case connection = "Connection"

        /// The header called `name`, in any case.
        public init?(named name: String) {
            guard let header = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                return nil
            }
            self = header
        }

        /// Whether chatterm's transport writes it; the HTTP client writes the others, from the URL
        /// and the body.
        public var isWrittenByChatterm: Bool {
            switch self {
            case .authorization, .contentType, .accept: return true
            case .contentLength, .host, .transferEncoding, .connection: return false
            }
        }

        /// Whether an endpoint's own header of this name may replace chatterm's: only
        /// `Authorization`, and only from `headers_env`, which the configuration checks.
        public var endpointMayReplace: Bool { self == .authorization }
    }
}
