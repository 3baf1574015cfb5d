import ChatCore

/// The context window on the chat screen: the offers to leave the oldest messages out of a
/// request (`ContextOffer`), never made silently.
extension ChatController {
    /// Whether `draft` would not fit the context: then the status bar makes the offer, the
    /// draft stays in the editor, and true is returned.
    /// With `editing`, the draft is an edited prompt that takes the place of the one at that index.
    func offersToFit(_ draft: String, editing index: Int? = nil) -> Bool {
        guard contextOffer == nil, let shortfall = session.contextShortfall(for: draft, editing: index) else {
            return false
        }
        contextOffer = index == nil ? .beforeSending(shortfall) : .beforeEditing(shortfall)
        notice = contextOffer?.text
        return true
    }

    /// After a reply failed because the context was full, offers to ask again without the
    /// oldest messages.
    func offerAfterOverflow() {
        guard contextOffer == nil, let shortfall = session.overflowShortfall else { return }
        contextOffer = .afterOverflow(shortfall)
        notice = contextOffer?.text
    }

    /// Answers the offer with `key`: Enter takes it, Esc declines it, and any other key withdraws
    /// it and is handled as usual (false).
    func answerContextOffer(_ offer: ContextOffer, with key: Key) -> Bool {
        contextOffer = nil
        notice = nil
        switch (key, offer) {
        case (.enter, .beforeSending(let shortfall)):
            guard case .send(let prompt) = screen.input.send() else { return true }
            recordPrompt(prompt)
            screen.scrollToBottom()
            let text = prompt.hasPrefix("//") ? String(prompt.dropFirst()) : prompt
            if session.send(text, attachments: waitingAttachments, leavingOut: shortfall.leaveOut ?? 0) {
                waitingAttachments = []
            }
            return true
        case (.enter, .beforeEditing(let shortfall)):
            if let editing = promptEdit.editing { sendEdit(editing, leavingOut: shortfall.leaveOut ?? 0) }
            return true
        case (.enter, .afterOverflow(let shortfall)):
            guard let count = shortfall.leaveOut else { return true }
            screen.scrollToBottom()
            do { try session.retry(leavingOut: count) } catch { notice = error.description }
            return true
        case (.escape, _):
            return true
        default:
            return false
        }
    }
}
