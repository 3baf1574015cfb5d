/// Which failures another server may cure, for failing a turn over to another profile
/// (`FailoverRoute`). Only a turn that failed before any text asks: one that showed text ends
/// where it stopped, and one the user cancelled stays cancelled.
extension ChatError {
    /// The server could not be reached (or not with a certificate chatterm trusts), took too long before any text, was overloaded or
    /// broken (429, 5xx, once the retries are spent), or answered nothing. Not a 4xx the request
    /// itself caused, nor an answer that said something (an error in the stream, bytes that are
    /// not a reply), nor chatterm stopping the reply.
    public var anotherServerMayCure: Bool {
        switch self {
        // A certificate the server's own (expired, another name's): that server cannot be used
        // safely now, and the notice says why, so the broken setting does not go unseen.
        case .connection, .tls: return true
        case .timeout(let kind, _): return kind != .idle && kind != .warmUp
        case .http(let status, _, _): return status == 429 || (500...599).contains(status)
        case .emptyStream, .emptyReply: return true
        case .inStream, .malformed, .endedEarly, .invalidURL, .stopped: return false
        }
    }

    /// The failure in a few words for "server … failed (connection refused)".
    var failoverReason: String {
        if case .connection(let detail) = self { return detail }
        return description
    }
}
