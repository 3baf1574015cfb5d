import Foundation

/// One finished round of `chatterm probe --watch`: when it started, the model it asked for, what
/// its request saw, and its verdict.
public struct WatchRound: Sendable, Hashable {
    /// Counted from 1.
    public var number: Int
    /// The wall-clock time the round started, for the line's time and the JSON's `time`.
    public var startedAt: Date
    /// The model asked for; nil when there was none to ask for (the model list failed or was
    /// empty), which the observation then says.
    public var model: String?
    /// What the round's request saw, its server text already redacted.
    public var observation: ProbeObservation
    public var verdict: WatchVerdict

    public init(
        number: Int, startedAt: Date, model: String?, observation: ProbeObservation, verdict: WatchVerdict
    ) {
        self.number = number
        self.startedAt = startedAt
        self.model = model
        self.observation = observation
        self.verdict = verdict
    }

    /// Whether the stream came back empty: true for an empty stream, false once text arrived,
    /// nil when the request failed before any text (it did not come back at all).
    public var cameBackEmpty: Bool? {
        if verdict == .empty { return true }
        if observation.textPieces > 0 { return false }
        return nil
    }
}
