import ChatCore
import Foundation

/// Key handling: what each chat key does to the draft, the scroll position and the reply.
extension ChatController {

    /// Handles one key: an overlay's when one is open; else the chat's, as the `KeyTable` binds
    /// them, and what the chat does not take goes to the draft.
    public func handle(_ key: Key) {
        defer { host?.requestFrame() }
        // Ctrl-J is a newline in the draft, and Enter everywhere else.
        let overlayKey = key == .ctrl("j") ? Key.enter : key
        switch overlay {
        case .none: break
        case .history(let browser):
            return handleBrowser(browser.handle(overlayKey), from: browser)
        case .viewer(let viewer, let reference, let browser):
            return handleViewer(viewer.handle(overlayKey), reference: reference, browser: browser)
        case .help(let help):
            return handleHelp(help.handle(overlayKey))
        }
        if let files = droppedFiles, answerDrop(files, with: key) { return }
        if let offer = contextOffer, answerContextOffer(offer, with: key) { return }
        if selection.isOn { return handleSelection(key) }
        if case .paste(let pasted) = key, dropped(pasted) { return }
        let action = KeyTable.chat[key]
        if action != .interrupt { quitArmedAt = nil }
        if let action, perform(action) { return }
        editorOutcome(screen.input.handle(key))
    }

    /// Does what a chat key does; false when its condition does not hold now (an End that is not
    /// at the end of the draft, a `?` in a draft), and the key goes to the draft instead.
    func perform(_ action: KeyAction.Chat) -> Bool {
        switch action {
        case .send: submit()
        case .complete:
            guard screen.input.text.hasPrefix("/") && !screen.input.text.contains("\n") else { return false }
            completeCommand()
        case .cancelReply:
            if session.isBusy {
                session.cancel()
            } else if promptEdit.editing != nil {
                takeEdit(.leave)
            }
        case .interrupt: ctrlC()
        case .pageUp: screen.pageUp()
        case .pageDown: screen.pageDown()
        case .lineUp: screen.lineUp()
        case .lineDown: screen.lineDown()
        case .previousMessage: jumpToMessage(previous: true)
        case .nextMessage: jumpToMessage(previous: false)
        case .top: screen.scrollToTop()
        case .bottom: screen.scrollToBottom()
        case .bottomFromDraftEnd:
            guard screen.input.isCursorAtEnd && !screen.input.isAwaitingPrefix else { return false }
            screen.scrollToBottom()
        case .findOlder where search == nil && screen.input.isEmpty: screen.input.setText("/find ")
        case .findOlder: findAgain(older: true)
        case .findNewer: findAgain(older: false)
        case .toggleReasoning:
            screen.layout.expandReasoning.toggle()
            notice = screen.layout.expandReasoning ? "reasoning shown in full" : "reasoning folded"
        case .history: runLibraryCommand(.history)
        case .help: run(.help)
        case .helpOnEmptyDraft:
            guard screen.input.isEmpty else { return false }
            run(.help)
        case .redraw: host?.repaint(clearingTheTerminal: true)
        case .suspend: if let reason = host?.suspend() { notice = reason }
        case .select: startSelection()
        case .editPrompt: editPrompt(nil)
        case .previousAlternative: showAlternative(step: -1)
        case .nextAlternative: showAlternative(step: 1)
        case .wheelUp: for _ in 0..<Self.wheelLines { screen.lineUp() }
        case .wheelDown: for _ in 0..<Self.wheelLines { screen.lineDown() }
        }
        return true
    }

    /// How far a step of the mouse wheel scrolls.
    static let wheelLines = 3

    /// Enter: runs a slash command or sends the draft, which goes into the prompt history; an
    /// empty draft sends the waiting attachments alone.
    private func submit() {
        let draft = screen.input.text
        // While a prompt is edited, a command still runs (`/attach` adds to the edited prompt).
        if let editing = promptEdit.editing, SlashCommand(draft) == nil { return sendEdit(editing) }
        guard !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            guard !waitingAttachments.isEmpty else { return }
            if let refusal = session.sendRefusal, refusal != .noModel || !modelPending {
                notice = refusal.description
                return
            }
            return send("")
        }
        // Refused prompts stay in the editor; one sent while the model is being found waits for it.
        if SlashCommand(draft) == nil, let refusal = session.sendRefusal, refusal != .noModel || !modelPending {
            notice = refusal.description
            return
        }
        if SlashCommand(draft) == nil, !modelPending, offersToFit(draft) { return }
        guard case .send(let prompt) = screen.input.send() else { return }
        recordPrompt(prompt)
        if let command = SlashCommand(prompt) {
            run(command)
            return
        }
        send(prompt.hasPrefix("//") ? String(prompt.dropFirst()) : prompt)
    }

    func editorOutcome(_ outcome: InputEditor.Outcome) {
        switch outcome {
        case .edited:
            // Typing after an idle spell warms the endpoint up again before Enter.
            session.warmUpAhead()
        case .ignored, .send:
            break
        case .quitPrompt:
            // Ctrl-D on an empty draft quits, like end of input in a shell; during a reply it
            // first cancels the reply, as Ctrl-C does.
            if session.isBusy { ctrlC() } else { quit() }
        case .recallPrevious:
            if let prompt = promptHistory.previous(current: screen.input.text) { screen.input.setText(prompt) }
        case .recallNext:
            if let prompt = promptHistory.next() { screen.input.setText(prompt) }
        case .openEditor:
            editDraftExternally()
        }
    }

    func recordPrompt(_ prompt: String) {
        promptHistory.record(prompt)
        guard let path = promptHistoryPath else { return }
        do {
            try promptHistory.save(to: path)
        } catch {
            notice = "cannot save the prompt history: \(error)"
        }
    }

    /// Ctrl-X Ctrl-E: the draft, edited in the user's editor.
    private func editDraftExternally() {
        guard let host else { return }
        do {
            screen.input.setText(try host.editExternally(screen.input.text))
        } catch {
            notice = String(describing: error)
        }
    }

    func send(_ prompt: String) {
        if case .underway(let id, _) = modelSearch {
            modelSearch = .underway(id: id, waitingPrompt: prompt)
            notice = "waiting for the server's model list…"
            return
        }
        notice = nil
        screen.scrollToBottom()
        if session.send(prompt, attachments: waitingAttachments) { waitingAttachments = [] }
    }

    func ctrlC() {
        if session.isBusy {
            session.cancel()
            return
        }
        if let armed = quitArmedAt, now().timeIntervalSince(armed) < Self.quitConfirmSeconds {
            quit()
            return
        }
        quitArmedAt = now()
        notice = "press \(KeyTable.keyNames(.chat(.interrupt))) again to quit"
    }
}
