import Foundation
import XCTest

/// Reading chatterm's chat in a `TmuxTerminal`: its status bar, and waits for what it says.
extension TmuxTerminal {
    /// The status bar as it is now.
    public var statusLine: String {
        get throws { try screen().statusLine }
    }

    /// Waits until the status bar says "ready": the chat has started and waits for a prompt.
    /// Returns the screen.
    @discardableResult
    public func waitForReady(timeout: Duration = .seconds(30), file: StaticString = #filePath, line: UInt = #line)
        throws
        -> [String]
    {
        try waitFor("the ready status bar", timeout: timeout, file: file, line: line) { $0.isReady }
    }

    /// Waits until the status bar contains `text` ("done", "cancelled", "error: …"), failing with
    /// the last screen after the deadline. Returns the screen.
    @discardableResult
    public func waitForStatus(
        _ text: String, timeout: Duration = .seconds(30), file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String] {
        try waitFor("“\(text)” in the status bar", timeout: timeout, file: file, line: line) {
            $0.statusLine.contains(text)
        }
    }
}

extension [String] {
    /// The status bar of a screen from `TmuxTerminal.screen()`: its last row with text.
    public var statusLine: String {
        last { !$0.isEmpty } ?? ""
    }

    /// Whether the status bar says "ready": the chat waits for a prompt.
    public var isReady: Bool {
        statusLine.contains("ready")
    }
}
