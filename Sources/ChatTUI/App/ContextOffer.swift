import ChatCore

/// The chat's offer to leave the oldest messages out of a request that would not fit the
/// context (or did not: the server said so), waiting for Enter (yes) or Esc (no) in the status
/// bar. Any other key withdraws it and goes to the draft.
enum ContextOffer: Sendable, Hashable {
    /// The draft would not fit: Enter sends it without `leaveOut` of the oldest messages.
    case beforeSending(ContextShortfall)
    /// The last reply failed because the context was full: Enter asks again without them.
    case afterOverflow(ContextShortfall)
    /// The prompt being edited (`/edit`) would not fit in place of the one it replaces: Enter
    /// sends it as a new branch without `leaveOut` of the oldest messages.
    case beforeEditing(ContextShortfall)

    var shortfall: ContextShortfall {
        switch self {
        case .beforeSending(let shortfall), .afterOverflow(let shortfall), .beforeEditing(let shortfall):
            return shortfall
        }
    }

    /// What the status bar says while the offer waits.
    var text: String {
        let shortfall = self.shortfall
        switch self {
        case .beforeSending, .beforeEditing:
            guard shortfall.leaveOut != nil else {
                return shortfall.summary + ", too many even alone: Enter sends it anyway, Esc keeps editing"
            }
            return shortfall.summary + ": Enter sends it without \(shortfall.leftOutPhrase), Esc keeps editing"
        case .afterOverflow:
            guard shortfall.leaveOut != nil else {
                return "the server's context (\(ContextUse.short(shortfall.limit)) tokens) is full, "
                    + "and no older message is left to leave out"
            }
            return "the server's context (\(ContextUse.short(shortfall.limit)) tokens) is full: "
                + "Enter asks again without \(shortfall.leftOutPhrase), Esc leaves it"
        }
    }
}
