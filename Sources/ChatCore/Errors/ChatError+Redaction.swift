/// Hiding secrets in a failure's text.
extension ChatError {
    /// The same failure with `redactor` applied to every text it carries: a server's words, a
    /// connection's detail, a URL.
    public func redacted(by redactor: Redactor) -> ChatError {
        switch self {
        case .http(let status, let message, let retryAfter):
            return .http(status: status, message: redactor(message), retryAfter: retryAfter)
        case .inStream(let message): return .inStream(message: redactor(message))
        case .connection(let detail): return .connection(redactor(detail))
        case .malformed(let detail): return .malformed(redactor(detail))
        case .invalidURL(let url): return .invalidURL(redactor(url))
        case .tls(let detail): return .tls(redactor(detail))
        case .stopped(let reason): return .stopped(redactor(reason))
        case .emptyStream, .emptyReply, .endedEarly, .timeout: return self
        }
    }
}
