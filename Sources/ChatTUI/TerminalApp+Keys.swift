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
        case .help(let help):
            return handleHelp(help.handle(key))
        }
        if key != .control(0x03) { quitArmedAt = nil }
        switch key {
        case .text("?") where screen.input.isEmpty:
            run(.help)
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
        case .function(1):
            run(.help)
        case .control(0x12):
            findAgain(older: true)
        case .control(0x13):
            findAgain(older: false)
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
