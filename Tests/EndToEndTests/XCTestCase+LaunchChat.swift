import DemoServer
import Foundation
import TestSupport
import XCTest

/// Starting chatterm's full-screen chat for a test, in tmux (what the screen shows) or in a
/// pseudo-terminal (every byte it writes). A test reads, for example:
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
    func launchChat(
        _ server: DemoServer, _ arguments: [String] = [], dataDirectory: String? = nil, columns: Int = 100,
        rows: Int = 30, environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        try launchChat(
            ["--base-url", server.baseURL] + arguments, dataDirectory: dataDirectory, columns: columns, rows: rows,
            environment: environment)
    }

    /// chatterm with `arguments` (`--demo`, `--resume last`, or none, for the configuration file
    /// to choose the endpoint), in a tmux terminal that closes when the test ends.
    func launchChat(
        _ arguments: [String] = [], dataDirectory: String? = nil, columns: Int = 100, rows: Int = 30,
        environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        let directory = dataDirectory ?? Binary.temporaryDataDirectory(for: self)
        return try startTerminal(
            [Binary.url.path, "--data-dir", directory] + arguments, columns: columns, rows: rows,
            environment: environment)
    }

    /// chatterm against `server` (`--base-url`) with `arguments`, in a pseudo-terminal of its own.
    func launchChatInPseudoTerminal(
        _ server: DemoServer, _ arguments: [String] = [], dataDirectory: String? = nil,
        environment: [String: String] = [:], rows: Int = 30, columns: Int = 100
    ) throws -> PseudoTerminal {
        try launchChatInPseudoTerminal(
            ["--base-url", server.baseURL] + arguments, dataDirectory: dataDirectory, environment: environment,
            rows: rows, columns: columns)
    }

    /// chatterm with `arguments` in a pseudo-terminal of its own, which ends it when dropped.
    ///
    /// The terminal is an xterm-256color outside tmux and screen, with no COLORTERM and no
    /// CHATTERM_CLIPBOARD, whatever this machine's are: `environment` sets any of them (and
    /// anything else) for a test that is about them. With `controlling` false the terminal is not
    /// chatterm's controlling terminal: closing it sends no SIGHUP.
    func launchChatInPseudoTerminal(
        _ arguments: [String], dataDirectory: String? = nil, environment extra: [String: String] = [:],
        rows: Int = 30, columns: Int = 100, controlling: Bool = true
    ) throws -> PseudoTerminal {
        var environment = Binary.cleanEnvironment(extra)
        environment["TERM"] = extra["TERM"] ?? "xterm-256color"
        for key in ["TMUX", "STY", "COLORTERM", "CHATTERM_CLIPBOARD"] where extra[key] == nil {
            environment[key] = nil
        }
        let directory = dataDirectory ?? Binary.temporaryDataDirectory(for: self)
        return try PseudoTerminal(
            [Binary.url.path, "--data-dir", directory] + arguments, environment: environment, rows: rows,
            columns: columns, controlling: controlling)
    }

    /// Starts an interactive `shell` (an argument vector) with the prompt "$ ", runs chatterm in
    /// demo mode from it, with `assignments` such as "VISUAL=/path" in front, and waits for the
    /// chat. For job control (Ctrl-Z, `fg`), which needs a shell that has it.
    func launchChat(
        inShell shell: [String], assignments: String = "", file: StaticString = #filePath, line: UInt = #line
    ) throws -> TmuxTerminal {
        let terminal = try startTerminal(shell, columns: 90, rows: 24)
        let prefix = assignments.isEmpty ? "" : assignments + " "
        try terminal.enter("PS1='$ ' ; \(prefix)\(TmuxTerminal.quote(Binary.url.path)) --demo")
        try terminal.waitForReady(file: file, line: line)
        return terminal
    }
}
