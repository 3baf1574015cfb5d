/// What the turn machine asks its driver (`TurnRunner`) to do: the only I/O of a reply. The
/// driver carries these out and never shows them; what a reply shows is a `TurnEvent`.
public enum TurnCommand: Sendable, Hashable {
    /// Warm the endpoint up with this one-token request.
    case warmUp(ChatRequest)
    /// Send request number `attempt`.
    case send(ChatRequest, attempt: Int)
    /// Abort the request under way.
    case cancelRequest
    /// Abandon the warm-up.
    case cancelWarmUp
    /// Tell the run how streaming fared in this reply (`EndpointHealth.record`).
    case report(StreamingReport)
    /// Tell the run the endpoint answered just now, so it is awake (`EndpointHealth.answered`).
    case endpointAnswered
}
