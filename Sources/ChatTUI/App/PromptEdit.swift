import ChatCore

/// `/edit` (Alt-E, `e` in selection mode): a prompt of the branch in view in the input editor,
/// to be sent as a new branch from where it stands. The draft the user had is set aside and comes
/// back when the edit ends, sent or left. Every transition is in `take(_:)`; the controller puts
/// the prompt in the editor and calls `ChatSession.edit`, and carries out the `Effect`.
///
/// ```
/// off ──start──▶ editing(prompt, draft set aside) ──start (another prompt)──▶ editing (same draft)
///                   │ Enter: sent ──▶ off (draft back)
///                   │ Esc: leave ──▶ off (draft back)
///                   └ the branch changed at or above the prompt, another conversation ──▶ off (draft back)
/// ```
enum PromptEdit: Sendable, Hashable {
    case off
    case editing(Editing)

    /// The prompt being edited and what it put aside.
    struct Editing: Sendable, Hashable {
        /// Its index in the branch in view.
        var index: Int
        /// Which prompt it is counting from the newest: 1 is the latest (`/edit 2`: 2).
        var fromNewest: Int
        /// The draft and waiting attachments the editor held before.
        var setAside: Draft
    }

    /// The editor's text and the attachments waiting with it.
    struct Draft: Sendable, Hashable {
        var text: String
        var attachments: [Attachment]
    }

    enum Event: Sendable, Hashable {
        /// Edit the prompt at `index`; `draft` is the editor's content now.
        case start(index: Int, fromNewest: Int, draft: Draft)
        /// The edited prompt was handed to the session.
        case sent
        /// Esc.
        case leave
        /// The branch in view changed from this index on.
        case branchShown(Int)
        /// Another conversation replaced the one shown.
        case conversationReplaced
    }

    enum Effect: Sendable, Hashable {
        /// Put the draft set aside back in the editor.
        case restore(Draft)
    }

    var editing: Editing? {
        if case .editing(let editing) = self { return editing }
        return nil
    }

    /// Every transition.
    mutating func take(_ event: Event) -> Effect? {
        switch (self, event) {
        case (.off, .start(let index, let fromNewest, let draft)):
            self = .editing(Editing(index: index, fromNewest: fromNewest, setAside: draft))
        case (.editing(let editing), .start(let index, let fromNewest, _)):
            // Another prompt: what was set aside first stays set aside, the first edit is dropped.
            self = .editing(Editing(index: index, fromNewest: fromNewest, setAside: editing.setAside))
        case (.editing(let editing), .sent), (.editing(let editing), .leave),
            (.editing(let editing), .conversationReplaced):
            self = .off
            return .restore(editing.setAside)
        case (.editing(let editing), .branchShown(let index)):
            guard index <= editing.index else { return nil }
            self = .off
            return .restore(editing.setAside)
        case (.off, _):
            return nil
        }
        return nil
    }

    /// What the status bar says while editing: what Enter and Esc do.
    func hint(send: String, leave: String) -> String? {
        guard let editing else { return nil }
        let which = editing.fromNewest == 1 ? "the latest prompt" : "prompt \(editing.fromNewest) from the newest"
        return "editing \(which): \(send) sends it as a new branch, \(leave) leaves it"
    }
}
