import ChatCore

/// The conversation as a tree on the chat screen: `/edit` (Alt-E, `e` in selection mode) puts a
/// prompt in the editor to send as a new branch (`PromptEdit`), and Alt-Left / Alt-Right and
/// `/branch` show the other alternatives of a message (`‹ 2/3 ›` in its label). ChatCore keeps
/// the branches; this says what happened in the status bar.
extension ChatController {
    /// `/edit N`, Alt-E (nil: the latest prompt): the `fromNewest`th prompt of the branch in view,
    /// counting from the newest, into the editor with its attachments.
    func editPrompt(_ argument: String?) {
        guard let fromNewest = Self.promptNumber(argument) else {
            notice = "/edit takes a number: 1 is the latest prompt, 2 the one before"
            return
        }
        guard let index = promptIndex(fromNewest: fromNewest) else {
            let count = session.conversation.messages.lazy.filter { $0.role == .user }.count
            notice =
                count == 0
                ? "there is no prompt to edit yet"
                : "there \(count == 1 ? "is 1 prompt" : "are \(count) prompts") in view: /edit \(count) is the first"
            return
        }
        editPrompt(at: index, fromNewest: fromNewest)
    }

    /// Starts editing the prompt at `index` (`fromNewest`: which it is counting from the newest).
    func editPrompt(at index: Int, fromNewest: Int) {
        if let refusal = session.sendRefusal {
            notice = refusal.description
            return
        }
        let prompt = session.conversation.messages[index]
        _ = promptEdit.take(
            .start(
                index: index, fromNewest: fromNewest,
                draft: PromptEdit.Draft(text: screen.input.text, attachments: waitingAttachments)))
        screen.input.setText(prompt.content)
        waitingAttachments = prompt.attachments
        notice = nil
        if let rows = screen.layout.textRows(ofMessage: index) { screen.bringIntoView(rows) }
    }

    /// Enter while editing: sends the draft in place of the prompt edited, as a new branch. A
    /// draft that would not fit the context is offered the trim first (`offersToFit`); taking it
    /// comes back here with `leavingOut`.
    func sendEdit(_ editing: PromptEdit.Editing, leavingOut: Int? = nil) {
        if let refusal = session.sendRefusal {
            notice = refusal.description
            return
        }
        let draft = screen.input.text
        guard !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !waitingAttachments.isEmpty else {
            notice = "the prompt is empty: write one, or \(KeyTable.keyNames(.chat(.cancelReply))) leaves the edit"
            return
        }
        if leavingOut == nil, offersToFit(draft, editing: editing.index) { return }
        _ = screen.input.send()
        if !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { recordPrompt(draft) }
        let attachments = waitingAttachments
        takeEdit(.sent)
        screen.scrollToBottom()
        do {
            try session.edit(at: editing.index, to: draft, attachments: attachments, leavingOut: leavingOut ?? 0)
            notice = "the earlier prompt is kept: \(KeyTable.keyNames(.chat(.previousAlternative))) shows it"
        } catch {
            notice = error.description
        }
    }

    /// Feeds `event` to the edit under way and carries out what it asks for.
    func takeEdit(_ event: PromptEdit.Event) {
        switch promptEdit.take(event) {
        case nil: break
        case .restore(let draft):
            screen.input.setText(draft.text)
            waitingAttachments = draft.attachments
            switch event {
            case .branchShown, .conversationReplaced: notice = "the conversation changed: the edit is left"
            case .leave: notice = nil
            case .start, .sent: break
            }
        }
    }

    /// What the status bar says while a prompt is edited.
    var editHint: String? {
        promptEdit.hint(
            send: KeyTable.keyNames(.chat(.send)), leave: KeyTable.keyNames(.chat(.cancelReply)))
    }

    /// The index of the `fromNewest`th prompt of the branch in view, counting from the newest.
    func promptIndex(fromNewest: Int) -> Int? {
        var seen = 0
        let messages = session.conversation.messages
        for index in messages.indices.reversed() where messages[index].role == .user {
            seen += 1
            if seen == fromNewest { return index }
        }
        return nil
    }

    /// Which prompt `/edit` names: 1 (the latest) without an argument, nil for one that is not a
    /// positive number.
    static func promptNumber(_ argument: String?) -> Int? {
        guard let argument else { return 1 }
        guard let number = Int(argument), number > 0 else { return nil }
        return number
    }

    // MARK: Alternatives

    /// The alternatives of the messages in view, worked out again only after the branch in view
    /// changed (`alternativesStale`), and handed to the layout for the labels.
    var alternatives: [Int: Conversation.Alternatives] {
        if alternativesStale {
            alternativesStale = false
            screen.layout.alternatives = session.conversation.alternativesInView()
        }
        return screen.layout.alternatives
    }

    /// Alt-Left / Alt-Right, `/branch prev|next`: the alternative `step` away of the message at
    /// `index`, or of the last message in view that has alternatives.
    func showAlternative(step: Int, at index: Int? = nil) {
        guard let index = index ?? alternatives.keys.max() else {
            notice = Self.noAlternatives
            return
        }
        guard let current = alternatives[index] else {
            notice = "this message has no alternatives"
            return
        }
        showAlternative(number: current.position + step, at: index)
    }

    /// Shows the `number`th alternative of the message at `index`, saying which it is.
    func showAlternative(number: Int, at index: Int) {
        guard let current = alternatives[index] else { return }
        let what = describeMessage(at: index)
        guard (1...current.count).contains(number) else {
            notice =
                "\(what) has \(current.count) alternatives: \(current.label) is the \(number < 1 ? "first" : "last")"
            return
        }
        let wasEditing = promptEdit.editing != nil
        do {
            guard try session.showAlternative(at: index, number: number) else {
                notice = "\(what) shows \(current.label) already"
                return
            }
            let shown = Conversation.Alternatives(position: number, count: current.count)
            notice =
                "\(describeMessage(at: index)): \(shown.label)"
                + (index + 1 < session.conversation.messages.count ? ", the messages below follow it" : "")
                + (wasEditing && promptEdit.editing == nil ? "; the edit is left, your draft is back" : "")
        } catch {
            notice = error.description
        }
    }

    /// `/branch`: alone, which messages have how many alternatives; `prev`, `next` or a number
    /// switches the last message in view that has some.
    func branch(_ argument: String?) {
        let found = alternatives
        guard let last = found.keys.max() else {
            notice = Self.noAlternatives
            return
        }
        switch argument?.lowercased() {
        case nil:
            let listed = found.keys.sorted().reversed().prefix(4).map {
                "\(describeMessage(at: $0)) \(found[$0]!.label)"
            }
            notice =
                listed.joined(separator: ", ") + (found.count > 4 ? ", …" : "") + " · "
                + "\(KeyTable.keyNames(.chat(.previousAlternative))) / "
                + "\(KeyTable.keyNames(.chat(.nextAlternative))) or /branch prev|next|N switch "
                + (found.count > 1 ? "the latest of them" : "them")
        case "prev", "previous": showAlternative(step: -1, at: last)
        case "next": showAlternative(step: 1, at: last)
        case let text?:
            guard let number = Int(text) else {
                notice = "/branch takes prev, next or a number"
                return
            }
            showAlternative(number: number, at: last)
        }
    }

    /// "the latest reply", "prompt 2 from the newest": how the status bar names a message, counted
    /// as `/edit N` counts prompts.
    func describeMessage(at index: Int) -> String {
        let messages = session.conversation.messages
        let role = messages[index].role
        let kind: String
        switch role {
        case .user: kind = "prompt"
        case .assistant: kind = "reply"
        case .system: return "the system prompt"
        }
        let fromNewest = messages[index...].lazy.filter { $0.role == role }.count
        return fromNewest == 1 ? "the latest \(kind)" : "\(kind) \(fromNewest) from the newest"
    }

    static let noAlternatives = "no message has alternatives yet: /retry and /edit make them"
}
