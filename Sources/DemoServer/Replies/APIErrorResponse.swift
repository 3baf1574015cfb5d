/// An OpenAI-style error body, `{"error":{"message","type","code"}}`, used both as an HTTP error body and as
/// the payload of an error event inside a stream. It is an `Error` so that parsing can return it in a `Result`.
struct APIErrorResponse: Encodable, Equatable, Error {
    /// The `error` object.
    struct Body: Encodable, Equatable, Sendable {
        /// A specific, human-readable message.
        var message: String
        /// `"invalid_request_error"` or `"server_error"`.
        var type: String
        /// A machine-readable code; omitted when `nil`.
        var code: String?
    }

    /// The `error` object.
    var error: Body

    /// An error with the given message, type and optional code.
    init(message: String, type: String, code: String? = nil) {
        self.error = Body(message: message, type: type, code: code)
    }

    /// A 400-class error caused by the request.
    static func invalidRequest(_ message: String, code: String? = nil) -> APIErrorResponse {
        APIErrorResponse(message: message, type: "invalid_request_error", code: code)
    }

    /// The body of the `status:NNN` fault's error: `demo server fault: HTTP NNN <reason phrase>`, of type
    /// `invalid_request_error` for 4xx and `server_error` for 5xx, with the reason phrase in snake case as its
    /// code (`internal_server_error`, `service_unavailable`).
    static func statusFault(code: Int, reasonPhrase: String) -> APIErrorResponse {
        let snakeCase = reasonPhrase.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "_")
        return APIErrorResponse(
            message: "demo server fault: HTTP \(code) \(reasonPhrase)",
            type: code < 500 ? "invalid_request_error" : "server_error",
            code: snakeCase.isEmpty ? nil : snakeCase
        )
    }

    /// The body of the `rate-limit:S` fault's HTTP 429.
    static func rateLimitFault(retryAfter seconds: Int) -> APIErrorResponse {
        APIErrorResponse(
            message: "demo server fault: HTTP 429 Too Many Requests; retry after \(seconds) s",
            type: "rate_limit_error",
            code: "rate_limit_exceeded"
        )
    }

    /// The body of the `echo-headers-401` fault's HTTP 401: the request's headers, key included, quoted as a JSON
    /// object in the message, as a debugging gateway quotes what it refused.
    static func echoedHeaders(_ headers: [(String, String)]) -> APIErrorResponse {
        let quoted = PythonJSON.object(headers.map { (key: $0.0, value: PythonJSON.string($0.1)) })
        return APIErrorResponse(
            message: "demo server fault: HTTP 401 Unauthorized: invalid credentials; request headers: \(quoted)",
            type: "authentication_error",
            code: "invalid_api_key"
        )
    }

    /// The payload of the `error-in-stream` fault's error event.
    static let streamFault = APIErrorResponse(
        message: "demo server fault: error inside the stream", type: "server_error")
}
