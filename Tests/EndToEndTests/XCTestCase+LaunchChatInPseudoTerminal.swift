import DemoServer
import Foundation
import TestSupport
import XCTest

/// Starting chatterm's full-screen chat for a test in a pseudo-terminal of its own (every byte it
/// writes); `launchChat` (TestSupport) starts it in tmux (what the screen shows).
extension XCTestCase {
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
}
