import CNcursesw
import ChatCore
import Foundation

/// Key handling: what each key does to the input line, the scroll position and the reply.
extension TerminalApp {

    func handle(_ key: Key) {
        if key == .resize {
            terminalResized()
            return
        }
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
        if key != .ctrl("c") { quitArmedAt = nil }
        // End at the end of the draft jumps to the bottom of the conversation.
        let atEnd = screen.input.isCursorAtEnd && !screen.input.isAwaitingPrefix
        switch key {
        case .text("?") where screen.input.isEmpty:
            run(.help)
        case .enter:
            submit()
        case .ctrl("c"):
            ctrlC()
        case .escape:
            if session.isBusy { session.cancel() }
        case .end where atEnd, .ctrl("e") where atEnd:
            screen.scrollToBottom()
        case .shiftEnd: screen.scrollToBottom()
        case .pageUp: screen.pageUp()
        case .pageDown: screen.pageDown()
        case .shiftUp, .ctrlUp: screen.lineUp()
        case .shiftDown, .ctrlDown: screen.lineDown()
        case .ctrl("l"):
            surface?.invalidate()
            clearok(chatterm_stdscr(), true)
        case .ctrl("z"):
            suspend()
        case .ctrl("o"):
            runLibraryCommand(.history)
        case .function(1):
            run(.help)
        case .tab where screen.input.text.hasPrefix("/") && !screen.input.text.contains("\n"):
            completeCommand()
        case .ctrl("r") where search == nil && screen.input.isEmpty:
            screen.input.setText("/find ")
        case .ctrl("r"):
            findAgain(older: true)
        case .ctrlHome, .alt("<"):
            screen.scrollToTop()
        case .ctrlEnd, .alt(">"):
            screen.scrollToBottom()
        case .altUp:
            jumpToMessage(previous: true)
        case .altDown:
            jumpToMessage(previous: false)
        case .ctrl("t"):
            screen.layout.expandReasoning.toggle()
            notice = screen.layout.expandReasoning ? "reasoning shown in full" : "reasoning folded"
        case .ctrl("s"):
            findAgain(older: false)
        default:
            editorOutcome(screen.input.handle(key))
        }
    }

    /// Enter: runs a slash command or sends the draft, which goes into the prompt history.
    private func submit() {
        let draft = screen.input.text
        guard !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        if SlashCommand(draft) == nil {
            // Refused prompts stay in the editor.
            if session.isBusy {
                notice = "a reply is still streaming: Esc cancels it"
                return
            }
            if session.isReadOnly {
                notice = ChatSession.Refusal.readOnly.description
                return
            }
        }
        guard case .send(let prompt) = screen.input.handle(.enter) else { return }
        recordPrompt(prompt)
        if let command = SlashCommand(prompt) {
            run(command)
            return
        }
        send(prompt.hasPrefix("//") ? String(prompt.dropFirst()) : prompt)
    }

    private func editorOutcome(_ outcome: InputEditor.Outcome) {
        switch outcome {
        case .edited, .ignored, .send:
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

    private func recordPrompt(_ prompt: String) {
        promptHistory.record(prompt)
        guard let path = options.promptHistoryPath else { return }
        do {
            try promptHistory.save(to: path)
        } catch {
            notice = "cannot save the prompt history: \(error)"
        }
    }

    /// Ctrl-X Ctrl-E: gives the terminal to `$VISUAL`/`$EDITOR` with the draft, then takes the
    /// edited draft back and repaints everything.
    private func editDraftExternally() {
        releaseTerminal()
        do {
            let edited = try SuspendSignal.withDefaultAction { try ExternalEditor.edit(screen.input.text) }
            screen.input.setText(edited)
        } catch {
            notice = String(describing: error)
        }
        resumed()
    }

    func send(_ prompt: String) {
        if modelPending {
            pendingPrompt = prompt
            notice = "waiting for the server's model list…"
            return
        }
        notice = nil
        screen.scrollToBottom()
        session.send(prompt)
    }

    func ctrlC() {
        if session.isBusy {
            session.cancel()
            return
        }
        if let armed = quitArmedAt, Date().timeIntervalSince(armed) < Self.quitConfirmSeconds {
            quit()
            return
        }
        quitArmedAt = Date()
        notice = "press Ctrl-C again to quit"
    }

    /// Ctrl-Z: gives the terminal back in the shell's modes, stops like any job (the other
    /// processes of chatterm's process group too, as the terminal's own Ctrl-Z would), and takes
    /// the terminal back and repaints once continued (`fg`). Where no shell could continue it,
    /// it keeps the terminal and says why.
    func suspend() {
        let job = JobControl.current()
        if SuspendSignal.isIgnored || job?.isOrphaned == true {
            notice = "Ctrl-Z cannot suspend chatterm here: no job-control shell to return to"
            return
        }
        releaseTerminal()
        ShellModes.restoreDiscardingTypeAhead()
        for member in job?.otherMembers ?? [] { kill(member, SIGTSTP) }
        ownStopsAwaitingContinue += 1
        SuspendSignal.stopThisProcess()
        resumed()
    }

    /// Gives the terminal back for a while (Ctrl-Z, `$EDITOR`) as the shell expects it: curses'
    /// modes undone and bracketed paste off. `resumed()` takes it again.
    func releaseTerminal() {
        endwin()
        BracketedPaste.switchOff()
    }
}
