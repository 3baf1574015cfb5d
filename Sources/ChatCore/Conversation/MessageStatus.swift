/// Where a message stands in its life: a user message is `complete` at once; an assistant
/// message is `streaming` while its reply arrives and ends in one of the other states.
public enum MessageStatus: String, Codable, Sendable, Hashable {
    case complete
    case streaming
    /// The reply stopped early without the user asking: the connection dropped, the process was killed.
    case interrupted
    /// The user cancelled the reply; what arrived is kept.
    case cancelled
    case failed
}
