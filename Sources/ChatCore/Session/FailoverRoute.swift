/// The profiles one turn has been sent to, and the next: the chain of the profile the turn
/// started on, each profile at most once per turn, so a turn whose fallbacks all fail ends
/// instead of going round.
public struct FailoverRoute: Sendable, Hashable {
    /// The profile the turn was sent to first; nil when none was in use, and nothing to fail
    /// over from.
    public let origin: String?
    /// The profiles tried after it, in order.
    public private(set) var tried: [String] = []
    /// Why the turn left the server it was sent to first, once it did.
    public private(set) var reason: String?

    public init(from origin: String?) {
        self.origin = origin
    }

    /// The next profile of `chain` to send the turn to after `server` failed with `error`, or
    /// nil when the error is not one another server may cure, or every profile was tried.
    public mutating func next(after error: ChatError, of server: String, in chain: [String]) -> String? {
        guard origin != nil, error.anotherServerMayCure,
            let next = chain.first(where: { $0 != origin && !tried.contains($0) })
        else { return nil }
        tried.append(next)
        if reason == nil { reason = "\(server) failed (\(error.failoverReason))" }
        return next
    }

    /// The next profile of `chain` after the one tried last could not be connected to.
    public mutating func skip(in chain: [String]) -> String? {
        guard let next = chain.first(where: { $0 != origin && !tried.contains($0) }) else { return nil }
        tried.append(next)
        return next
    }
}
