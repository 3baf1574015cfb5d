import ChatCore

/// Why `chatterm ask` did not get a whole reply, in the words it prints on stderr and puts in
/// `--json`'s `error`, with the exit status it ends with.
struct AskFailure: Error, Encodable {
    /// The kind of failure, stable for scripts.
    enum Category: String, Encodable, CaseIterable {
        /// The server refused or reported an error in its own words.
        case server
        case timeout
        /// The server answered but said nothing.
        case empty
        case connection
        /// The server's bytes could not be understood.
        case malformed
        /// chatterm was stopped: Ctrl-C, a hang-up, SIGTERM.
        case stopped
        /// No prompt.
        case usage
        /// The conversation `--resume` names cannot be found or read.
        case conversation
        /// The conversation `--resume` names is open in another chatterm.
        case busy
        /// The reply arrived but could not be saved (`--save`, `--resume`).
        case unsaved
        /// A file `--attach` names cannot be attached.
        case attachment
        /// The prompt would not fit the model's context (without `--fit-context`).
        case context
    }

    var category: Category
    var message: String
    /// The status the run ends with.
    var exitStatus: Int32

    init(_ category: Category, _ message: String, exitCode: AskExitCode) {
        self.category = category
        self.message = message
        exitStatus = exitCode.rawValue
    }

    /// The failure a reply ended with, or nil when it is complete; `exitStatus` is the status
    /// the run ends with (a signal's, say).
    init?(_ outcome: TurnOutcome, exitStatus: Int32) {
        switch outcome {
        case .complete:
            return nil
        case .cancelled:
            category = .stopped
            message = "cancelled"
        case .interrupted(let error), .failed(let error):
            category = Self.category(of: error)
            message = error.description
        }
        self.exitStatus = exitStatus
    }

    /// The category of a reply's error; chatterm's own stop (a signal, a closed output) is `stopped`.
    static func category(of error: ChatError) -> Category {
        if case .stopped = error { return .stopped }
        switch error.category {
        case .server: return .server
        case .timeout: return .timeout
        case .empty: return .empty
        case .connection: return .connection
        case .malformed: return .malformed
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(message, forKey: .message)
    }

    private enum CodingKeys: String, CodingKey {
        case category, message
    }
}
