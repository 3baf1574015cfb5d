import CNcursesw
import ChatCore
import Foundation

/// Key handling: what each key does to the input line, the scroll position and the reply.
extension TerminalApp {

    /// Reads and handles every key ncurses has, and returns how many there were.
    ///
    /// Alt-x reaches us as two keys, ESC then x: ncurses waits ESCDELAY (25 ms) after an ESC for
    /// a key sequence and, when none matches, hands over the ESC and then the bytes after it. So
    /// an ESC followed in the same read by a key that has an Alt form (`Key.alt(after:)`) is that
    /// Alt key; an ESC with nothing behind it is a bare Esc.
    ///
    /// A bracketed paste (see `BracketedPaste`) is collected from its start marker to its end
    /// marker, across as many reads as it takes, and handled as one `.paste`. Terminals without
    /// bracketed paste send a paste as one burst: there an Enter with more keys behind it in the
    /// same read is a line break of pasted text, not a send, so a pasted multi-line text still
    /// lands in the draft whole.
    @discardableResult
    func readKeys() -> Int {
        var pendingText = ""
        var pendingEscape = false
        var pendingEnter = false
        var value: wint_t = 0
        var count = 0
        func flushText() {
            if !pendingText.isEmpty {
                handle(.text(pendingText))
                pendingText = ""
            }
        }
        while true {
            if bracketedPaste.isCollecting {
                guard let bytes = Self.readWaitingInput() else { break }
                count += bytes.count
                deliver(bracketedPaste.collect(bytes[...]))
                if exitContinuation == nil { return count }
                continue
            }
            let result = wget_wch(chatterm_stdscr(), &value)
            if result == ERR {
                // Keys handed back behind a paste are all read: the paste that followed them now.
                if !bracketedPaste.deferred.isEmpty {
                    deliver(bracketedPaste.resumeDeferred())
                    if exitContinuation == nil { return count }
                    continue
                }
                break
            }
            count += 1
            let isKeyCode = result == KEY_CODE_YES
            if bracketedPaste.isStart(UInt32(value), isKeyCode: isKeyCode) {
                if pendingEnter {
                    pendingEnter = false
                    handle(.control(0x0A))
                }
                flushText()
                if pendingEscape {
                    pendingEscape = false
                    handle(.escape)
                    if exitContinuation == nil { return count }
                }
                bracketedPaste.begin()
                continue
            }
            var key = Key.decode(UInt32(value), isKeyCode: isKeyCode, extended: extendedKeys)
            if pendingEnter {
                pendingEnter = false
                handle(.control(0x0A))
            }
            if pendingEscape {
                pendingEscape = false
                if let alt = Key.alt(after: key) {
                    key = alt
                } else {
                    flushText()
                    handle(.escape)
                    if exitContinuation == nil { return count }
                }
            }
            if key == .escape {
                pendingEscape = true
                continue
            }
            if case .text(let text) = key {
                pendingText += text
                continue
            }
            flushText()
            if key == .enter, case .none = overlay {
                pendingEnter = true
                continue
            }
            handle(key)
            if exitContinuation == nil { return count }
        }
        flushText()
        if pendingEscape { handle(.escape) }
        if pendingEnter { handle(.enter) }
        requestFrame()
        return count
    }

    /// Handles finished pastes and gives keys typed behind one back to ncurses to decode.
    private func deliver(_ pieces: [BracketedPaste.Piece]) {
        for piece in pieces {
            switch piece {
            case .paste(let text):
                handle(.paste(text))
            case .keys(let bytes):
                // ncurses' queue holds about 130 bytes: more typed behind a paste in one read is lost.
                for byte in bytes.reversed() { ungetch(Int32(byte)) }
            }
        }
    }

    /// What standard input holds now, read past curses (see `BracketedPaste`); nil when nothing
    /// is waiting.
    private static func readWaitingInput() -> [UInt8]? {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else { return nil }
        buffer.removeLast(buffer.count - count)
        return buffer
    }

    func handle(_ key: Key) {
        if key == .resize {
            terminalResized()
            return
        }
        // Ctrl-J is a newline in the draft, and Enter everywhere else.
        let overlayKey = key == .control(0x0A) ? Key.enter : key
        switch overlay {
        case .none: break
        case .history(let browser):
            return handleBrowser(browser.handle(overlayKey), from: browser)
        case .viewer(let viewer, let reference, let browser):
            return handleViewer(viewer.handle(overlayKey), reference: reference, browser: browser)
        case .help(let help):
            return handleHelp(help.handle(overlayKey))
        }
        if key != .control(0x03) { quitArmedAt = nil }
        // End at the end of the draft jumps to the bottom of the conversation.
        let atEnd = screen.input.isCursorAtEnd && !screen.input.isAwaitingPrefix
        switch key {
        case .text("?") where screen.input.isEmpty:
            run(.help)
        case .enter:
            submit()
        case .control(0x03):
            ctrlC()
        case .escape:
            if session.isBusy { session.cancel() }
        case .end where atEnd, .control(0x05) where atEnd:
            screen.scrollToBottom()
        case .shiftEnd: screen.scrollToBottom()
        case .pageUp: screen.pageUp()
        case .pageDown: screen.pageDown()
        case .shiftUp, .ctrlUp: screen.lineUp()
        case .shiftDown, .ctrlDown: screen.lineDown()
        case .control(0x0C):
            surface?.invalidate()
            clearok(chatterm_stdscr(), true)
        case .control(0x1A):
            suspend()
        case .control(0x0F):
            runLibraryCommand(.history)
        case .function(1):
            run(.help)
        case .tab where screen.input.text.hasPrefix("/") && !screen.input.text.contains("\n"):
            completeCommand()
        case .control(0x12) where search == nil && screen.input.isEmpty:
            screen.input.setText("/find ")
        case .control(0x12):
            findAgain(older: true)
        case .ctrlHome, .alt("<"):
            screen.scrollToTop()
        case .ctrlEnd, .alt(">"):
            screen.scrollToBottom()
        case .altUp:
            jumpToMessage(previous: true)
        case .altDown:
            jumpToMessage(previous: false)
        case .control(0x14):
            screen.layout.expandReasoning.toggle()
            notice = screen.layout.expandReasoning ? "reasoning shown in full" : "reasoning folded"
        case .control(0x13):
            findAgain(older: false)
        default:
            editorOutcome(screen.input.handle(key))
        }
    }

    /// Enter: runs a slash command or sends the draft, which goes into the prompt history.
    private func submit() {
        let draft = screen.input.text
        guard !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        // Refused prompts stay in the editor; one sent while the model is being found waits for it.
        if SlashCommand(draft) == nil, let refusal = session.sendRefusal, refusal != .noModel || !modelPending {
            notice = refusal.description
            return
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
