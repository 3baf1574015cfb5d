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

    /// The body of the `http-error` fault's HTTP 500.
    static let internalFault = APIErrorResponse(
        message: "demo server fault: internal error", type: "server_error", code: "internal_error")

    /// The payload of the `error-in-stream` fault's error event.
    static let streamFault = APIErrorResponse(
        message: "demo server fault: error inside the stream", type: "server_error")
}
