import CNcursesw
import Foundation

/// Reading the terminal: curses' keys and the raw bytes of a paste, fed to `TerminalInput`, whose
/// keys go to the controller.
extension TerminalApp {
    /// Reads and handles every key curses has, and returns how many keys (and paste bytes)
    /// were read.
    @discardableResult
    func readKeys() -> Int {
        var count = 0
        while true {
            let event: TerminalInput.Event
            if terminalInput.isPasting {
                guard let bytes = Self.readWaitingInput() else { break }
                count += bytes.count
                event = .bytes(bytes)
            } else {
                var value: wint_t = 0
                let result = wget_wch(chatterm_stdscr(), &value)
                if result == ERR {
                    event = .drained
                } else {
                    count += 1
                    let isKeyCode = result == KEY_CODE_YES
                    if isKeyCode && Int32(bitPattern: value) == KEY_MOUSE {
                        // Only the wheel's steps are asked for; anything else is dropped.
                        guard let wheel = MouseWheel.read() else { continue }
                        event = .key(wheel)
                    } else {
                        event =
                            bracketedPaste.isStart(UInt32(value), isKeyCode: isKeyCode)
                            ? .pasteStarted
                            : .key(Key.decode(UInt32(value), isKeyCode: isKeyCode, extended: extendedKeys))
                    }
                }
            }
            // A paste queued behind keys given back to curses starts once curses has none left.
            let resumesPaste = event == .drained && terminalInput.hasQueuedPaste
            for output in terminalInput.take(event) {
                switch output {
                case .key(.resize):
                    terminalResized()
                case .key(let key):
                    controller.handle(key)
                    if exitContinuation == nil { return count }
                case .unread(let bytes):
                    // ncurses' queue holds about 130 bytes: more typed behind a paste in one read is lost.
                    for byte in bytes.reversed() { ungetch(Int32(byte)) }
                }
            }
            if event == .drained && !resumesPaste { break }
        }
        requestFrame()
        return count
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
}
