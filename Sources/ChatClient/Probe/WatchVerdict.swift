/// One round of `chatterm probe --watch` in a word, for a person scanning the lines and a log
/// collector counting them: a pure function of what the round observed and the `--slow` limit.
///
/// A slow round succeeded: the server answered, only late. An empty stream failed: a chat would
/// have had to ask again without streaming.
public enum WatchVerdict: Sendable, Hashable {
    /// Text arrived, its first token within the limit, and nothing went wrong.
    case ok
    /// Text arrived and nothing went wrong, but its first token came after the limit.
    case slow
    /// A success status, no text and no error: the stream came back empty.
    case empty
    /// The request failed, in the way the probe names (`http`, `timeout`, …), whether or not
    /// text had arrived before.
    case failed(ProbeObservation.ErrorKind)

    /// - Parameters:
    ///   - observation: what the round's request saw.
    ///   - slowAfterMs: the time to first token above which a round that worked is slow.
    public init(_ observation: ProbeObservation, slowAfterMs: Double) {
        if let kind = observation.errorKind {
            self = .failed(kind)
        } else if observation.outcome == .empty {
            self = .empty
        } else if let firstToken = observation.firstTokenMs, firstToken > slowAfterMs {
            self = .slow
        } else {
            self = .ok
        }
    }

    /// "ok", "slow", "empty", or the failure's kind as the probe's JSON spells it: "http",
    /// "in-stream", "connection", "malformed", "timeout".
    public var word: String {
        switch self {
        case .ok: return "ok"
        case .slow: return "slow"
        case .empty: return "empty"
        case .failed(let kind): return kind.rawValue
        }
    }

    /// Whether the round counts as a success for the exit status: the server answered with text.
    public var succeeded: Bool {
        switch self {
        case .ok, .slow: return true
        case .empty, .failed: return false
        }
    }
}
