import CNcursesw
import ChatCore
import Foundation

/// Key handling: what each key does to the input line, the scroll position and the reply.
extension TerminalApp {

    /// Reads and handles every key ncurses has, and returns how many there were.
    @discardableResult
    func readKeys() -> Int {
        var pendingText = ""
        var value: wint_t = 0
        var count = 0
        while true {
            let result = wget_wch(chatterm_stdscr(), &value)
            if result == ERR { break }
            count += 1
            let key = Key.decode(UInt32(value), isKeyCode: result == KEY_CODE_YES, extended: extendedKeys)
            if case .text(let text) = key {
                pendingText += text
                continue
            }
            if !pendingText.isEmpty {
                handle(.text(pendingText))
                pendingText = ""
            }
            handle(key)
            if exitContinuation == nil { return count }
        }
        if !pendingText.isEmpty { handle(.text(pendingText)) }
        requestFrame()
        return count
    }

    func handle(_ key: Key) {
        if key == .resize {
            terminalResized()
            return
        }
        switch overlay {
        case .none: break
        case .history(let browser):
            return handleBrowser(browser.handle(key), from: browser)
        case .viewer(let viewer, let reference, let browser):
            return handleViewer(viewer.handle(key), reference: reference, browser: browser)
        }
        if key != .control(0x03) { quitArmedAt = nil }
        switch key {
        case .text(let text):
            screen.input.insert(text)
        case .enter:
            let prompt = screen.input.text
            guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
            if let command = SlashCommand(prompt) {
                _ = screen.input.take()
                run(command)
                return
            }
            if session.isBusy {
                notice = "a reply is still streaming: Esc cancels it"
                return
            }
            if session.isReadOnly {
                notice = ChatSession.Refusal.readOnly.description
                return
            }
            _ = screen.input.take()
            send(prompt.hasPrefix("//") ? String(prompt.dropFirst()) : prompt)
        case .control(0x03):
            ctrlC()
        case .escape:
            if session.isBusy { session.cancel() }
        case .backspace: screen.input.deleteBackward()
        case .delete, .control(0x04): screen.input.deleteForward()
        case .left, .control(0x02): screen.input.moveLeft()
        case .right, .control(0x06): screen.input.moveRight()
        case .home, .control(0x01): screen.input.moveToStart()
        case .end, .control(0x05):
            if screen.input.isCursorAtEnd {
                screen.scrollToBottom()
            } else {
                screen.input.moveToEnd()
            }
        case .shiftEnd: screen.scrollToBottom()
        case .control(0x0B): screen.input.deleteToEnd()
        case .control(0x15): screen.input.deleteToStart()
        case .control(0x17): screen.input.deleteWordBackward()
        case .pageUp: screen.pageUp()
        case .pageDown: screen.pageDown()
        case .up: screen.lineUp()
        case .down: screen.lineDown()
        case .control(0x0C):
            surface?.invalidate()
            clearok(chatterm_stdscr(), true)
        case .control(0x1A):
            suspend()
        case .control(0x0F):
            runLibraryCommand(.history)
        default:
            break
        }
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

    func run(_ command: SlashCommand) {
        notice = nil
        do {
            switch command {
            case .retry:
                screen.scrollToBottom()
                try session.retry()
            case .continueReply:
                screen.scrollToBottom()
                try session.continueReply()
            case .quit:
                quit()
            case .title(nil):
                notice = "title: " + (session.conversation.title.isEmpty ? "(none yet)" : session.conversation.title)
            case .title(let title?):
                session.rename(title)
                notice = "renamed"
            case .history, .open, .export:
                runLibraryCommand(command)
            case .unknown(let name):
                notice = "unknown command \(name); try " + SlashCommand.names.joined(separator: ", ")
            }
        } catch {
            notice = error.description
        }
    }

    /// The commands that need the conversation library (`/history`, `/open`, `/export`).
    func runLibraryCommand(_ command: SlashCommand) {
        guard let library else {
            notice = "conversations are not saved in this run"
            return
        }
        do {
            switch command {
            case .history, .open(nil):
                openHistory(library)
            case .open(let reference?):
                try continueConversation(reference, in: library)
            case .export:
                notice = "exported to " + (try library.export(session.conversation))
            default:
                break
            }
        } catch {
            notice = String(describing: error)
        }
    }

    /// Shows the list of saved conversations over the chat.
    func openHistory(_ library: any ConversationLibrary) {
        let browser = HistoryBrowser(entries: library.entries()) { [weak library] query in
            // Titles and models filter as you type; from three characters on, messages count too.
            query.count >= 3 ? library?.search(query) : nil
        }
        overlay = .history(browser)
        surface?.invalidate()
    }

    private func handleBrowser(_ action: HistoryBrowser.Action?, from browser: HistoryBrowser) {
        switch action {
        case nil:
            break
        case .close:
            closeOverlay()
        case .open(let id):
            guard let library else { return closeOverlay() }
            do {
                overlay = .viewer(
                    ConversationViewer(conversation: try library.load(id)), reference: id, browser: browser)
                surface?.invalidate()
            } catch {
                closeOverlay()
                notice = String(describing: error)
            }
        }
    }

    private func handleViewer(_ action: ConversationViewer.Action?, reference: String, browser: HistoryBrowser?) {
        switch action {
        case nil:
            break
        case .close:
            if let browser {
                overlay = .history(browser)
                surface?.invalidate()
            } else {
                closeOverlay()
            }
        case .continueConversation:
            closeOverlay()
            guard let library else { return }
            do {
                try continueConversation(reference, in: library)
            } catch {
                notice = String(describing: error)
            }
        }
    }

    private func continueConversation(_ reference: String, in library: any ConversationLibrary) throws {
        if session.isBusy {
            notice = ChatSession.Refusal.busy.description
            return
        }
        notice = try library.continueConversation(reference) ?? "continuing “\(session.conversation.title)”"
        screen.scrollToBottom()
    }

    func closeOverlay() {
        overlay = .none
        surface?.invalidate()
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

    /// Ctrl-Z: give the terminal back and stop. On `fg` the SIGCONT source calls `resumed()`.
    func suspend() {
        endwin()
        kill(getpid(), SIGSTOP)
    }
}
