import DemoServer
import Foundation
import XCTest

/// Starting chatterm's full-screen chat for a test in tmux (what the screen shows). A test reads,
/// for example:
///
///     let server = try await serve()
///     let chat = try launchChat(server, ["--model", "m"])
///     try chat.waitForReady()
///     try chat.enter("hello")
///     try chat.waitForStatus("done")
///     XCTAssertEqual(server.chatRequests.count, 1)
///
/// The chat keeps its conversations and prompt history in `dataDirectory`, or in a fresh folder
/// of its own, never in one that another test's chat uses.
extension XCTestCase {
    /// chatterm against `server` (`--base-url`) with `arguments`, in a tmux terminal that closes
    /// when the test ends.
    public func launchChat(
        _ server: DemoServer, _ arguments: [String] = [], dataDirectory: String? = nil, columns: Int = 100,
        rows: Int = 30, environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        try launchChat(
            ["--base-url", server.baseURL] + arguments, dataDirectory: dataDirectory, columns: columns, rows: rows,
            environment: environment)
    }

    /// chatterm with `arguments` (`--demo`, `--resume last`, `--base-url` of a server outside the
    /// test, or none, for the configuration file to choose the endpoint), in a tmux terminal that
    /// closes when the test ends.
    public func launchChat(
        _ arguments: [String] = [], dataDirectory: String? = nil, columns: Int = 100, rows: Int = 30,
        environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        let directory = dataDirectory ?? Binary.temporaryDataDirectory(for: self)
        return try startTerminal(
            [Binary.url.path, "--data-dir", directory] + arguments, columns: columns, rows: rows,
            environment: environment)
    }

    /// Starts an interactive `shell` (an argument vector) with the prompt "$ ", runs chatterm in
    /// demo mode from it, with `assignments` such as "VISUAL=/path" in front, and waits for the
    /// chat. For job control (Ctrl-Z, `fg`), which needs a shell that has it.
    public func launchChat(
        inShell shell: [String], assignments: String = "", file: StaticString = #filePath, line: UInt = #line
    ) throws -> TmuxTerminal {
        let terminal = try startTerminal(shell, columns: 90, rows: 24)
        let prefix = assignments.isEmpty ? "" : assignments + " "
        try terminal.enter("PS1='$ ' ; \(prefix)\(TmuxTerminal.quote(Binary.url.path)) --demo")
        try terminal.waitForReady(file: file, line: line)
        return terminal
    }
}
