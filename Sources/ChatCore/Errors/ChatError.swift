/// Why a request failed, specific enough to tell the user what to do.
public enum ChatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a non-2xx status; `message` is its own explanation. `retryAfter`
    /// is how long it asked the client to wait (`retry-after-ms` or `Retry-After`), if it did.
    case http(status: Int, message: String, retryAfter: Duration? = nil)
    /// A 2xx stream carried an error object.
    case inStream(message: String)
    /// The connection could not be made or broke.
    case connection(String)
    /// The server's bytes could not be understood.
    case malformed(String)
    /// A 200 stream that ended before any text and without a finish reason.
    case emptyStream
    /// A non-streaming answer with no text and no finish reason.
    case emptyReply
    /// A stream that had delivered text ended without a finish reason; `sawDone` tells whether
    /// it still sent `[DONE]` (llama.cpp does when another request interrupts it).
    case endedEarly(sawDone: Bool)
    /// A phase of the request took longer than its configured limit.
    case timeout(TimeoutKind, limit: Duration)
    /// The endpoint address is unusable.
    case invalidURL(String)
    /// The secure connection failed: a certificate not trusted or not for this host, a client
    /// certificate missing or refused. Asking again cannot help; `detail` says how to fix it.
    case tls(String)
    /// chatterm itself stopped the reply: the terminal hung up, or it was told to quit.
    case stopped(String)

    /// A phase with its own time limit.
    public enum TimeoutKind: String, Sendable, Hashable {
        /// Making the connection and sending the request.
        case connect
        /// From sending a streaming request to the first token (covers the response head and the
        /// prefill).
        case firstToken
        /// From sending a non-streaming request to its whole answer, which the first-token limit
        /// also bounds.
        case wholeReply
        /// Between two pieces of text once the reply streams.
        case idle
        /// The whole reply, retries included.
        case turn
        /// The warm-up request.
        case warmUp
    }

    /// The broad kind of failure, for exit codes and for deciding what to try next. Its raw
    /// value is how a reply's figures save it (`TurnStats.errorCategory`).
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// The server refused or reported an error in its own words.
        case server
        case timeout
        /// The server answered but said nothing.
        case empty
        case connection
        case malformed
    }

    public var category: Category {
        switch self {
        case .http, .inStream: return .server
        case .timeout: return .timeout
        case .emptyStream, .emptyReply: return .empty
        case .connection, .invalidURL, .endedEarly, .stopped, .tls: return .connection
        case .malformed: return .malformed
        }
    }

    public var description: String {
        switch self {
        case .http(let status, let message, _):
            return message.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(message)"
        case .inStream(let message):
            return "server error: \(message)"
        case .connection(let detail):
            return "connection failed: \(detail)"
        case .malformed(let detail):
            return "malformed response: \(detail)"
        case .emptyStream:
            return "empty stream"
        case .emptyReply:
            return "the server sent an empty reply"
        case .endedEarly(let sawDone):
            return sawDone
                ? "the stream ended without saying the reply was finished"
                : "the stream ended before the reply finished"
        case .timeout(let kind, let limit):
            let seconds = Self.seconds(limit)
            switch kind {
            case .connect: return "could not connect within \(seconds) (--connect-timeout)"
            case .firstToken: return "no first token within \(seconds) (--first-token-timeout)"
            case .wholeReply: return "no reply within \(seconds) (--first-token-timeout)"
            case .idle: return "no new text for \(seconds) (--idle-timeout)"
            case .turn: return "the reply took longer than \(seconds) (--turn-timeout)"
            case .warmUp: return "warm-up took longer than \(seconds)"
            }
        case .invalidURL(let url):
            return "invalid endpoint URL: \(url)"
        case .tls(let detail):
            return "secure connection failed: \(detail)"
        case .stopped(let reason):
            return reason
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = TurnStateMachine.seconds(duration)
        if value < 1 { return "\(TurnStateMachine.milliseconds(duration)) ms" }
        return value == value.rounded() ? "\(Int(value)) s" : "\((value * 10).rounded() / 10) s"
    }
}
