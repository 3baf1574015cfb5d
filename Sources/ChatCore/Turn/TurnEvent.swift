/// What a reply shows, in order, to those who consume it (`ChatSession`, `chatterm ask`): its
/// phases, its text, news about the endpoint, and last `.finished`, after which nothing follows.
/// The commands that make the reply happen stay with the driver (`TurnCommand`).
public enum TurnEvent: Sendable, Hashable {
    /// The reply entered this phase; its end is `.finished`, never a phase.
    case phase(TurnPhase)
    /// Text to show, and how many of the server's pieces (tokens) it joins.
    case content(String, pieces: Int = 1)
    case reasoning(String, pieces: Int = 1)
    /// The text and reasoning this reply has shown so far are void: what follows replaces
    /// them (a whole reply recovered after the stream broke).
    case resetText
    /// A keep-alive arrived while waiting: the server is working on it.
    case serverAlive
    case warmedUp(WarmUpReport)
    /// The run stopped asking this endpoint for streams, for the reason given.
    case streamingOff(String)
    /// The reply is over, with its figures as the machine counted them; nothing follows.
    case finished(TurnOutcome, TurnStats)
}
