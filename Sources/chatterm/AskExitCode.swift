import ChatCore

/// The exit status of `chatterm ask`, one per way a reply can end, so a script can tell a
/// server's refusal from a timeout from an empty reply.
enum AskExitCode: Int32, CaseIterable {
    case complete = 0
    case otherFailure = 1
    case serverError = 3
    case timeout = 4
    case emptyReply = 5
    case cannotConnect = 6
    case cutShort = 7
    case usage = 64
    case cancelled = 130

    init(_ outcome: TurnOutcome) {
        switch outcome {
        case .complete: self = .complete
        case .cancelled: self = .cancelled
        case .interrupted: self = .cutShort
        case .failed(let error):
            switch error.category {
            case .server: self = .serverError
            case .timeout: self = .timeout
            case .empty: self = .emptyReply
            case .connection: self = .cannotConnect
            case .malformed: self = .otherFailure
            }
        }
    }

    /// The table for `--help` and the README.
    static let help = """
        Exit status: 0 the whole reply arrived; 3 the server refused or reported an error \
        (HTTP status or an error inside the stream); 4 a time limit passed; 5 the server sent an \
        empty reply; 6 the server could not be reached; 7 the reply was cut short (what arrived \
        is printed); 1 any other failure; 64 no prompt or a bad option; 130 interrupted (Ctrl-C).
        """
}
