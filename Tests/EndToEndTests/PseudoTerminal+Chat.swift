import Foundation

extension PseudoTerminal {
    /// Waits until chatterm's status bar has said "ready": the chat has started and waits for a
    /// prompt. Returns what the program wrote.
    @discardableResult
    func waitForReady(timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor(text: "ready", timeout: timeout, file: file, line: line)
    }
}
