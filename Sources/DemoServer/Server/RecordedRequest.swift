extension DemoServer {
    /// One HTTP request as the server received it.
    public struct RecordedRequest: Sendable {
        /// The HTTP method, e.g. `"POST"`.
        public var method: String
        /// The request target as sent, including any query string, e.g. `"/v1/chat/completions"`.
        public var path: String
        /// The header fields in the order received, names as sent.
        public var headers: [(String, String)]
        /// The body decoded as UTF-8 (invalid sequences replaced); empty when there was none.
        public var body: String
        /// The number of the connection that carried the request, counting from 1 per server; requests that
        /// share a number were sent over one kept-alive connection.
        public var connection: Int

        /// A recorded request with the given parts.
        public init(method: String, path: String, headers: [(String, String)], body: String, connection: Int) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.connection = connection
        }

        /// The first value of the header `name`, compared case-insensitively, or `nil`.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }
}
