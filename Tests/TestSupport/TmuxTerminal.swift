import Foundation
import XCTest

/// A real terminal for end-to-end tests: a private tmux server running the real binary in one
/// pane, driven with `send-keys` and read with `capture-pane`.
public final class TmuxTerminal: Sendable {
    private let socket: String
    private let target = "e2e"
    /// Where `startRecording()` copies the program's output.
    private let recordingPath: String

    /// Starts `command` (an argument vector) in a detached pane of the given size. The pane stays
    /// after the program exits, showing its exit status, so the final screen can be checked.
    public init(_ command: [String], columns: Int = 100, rows: Int = 30, environment: [String: String] = [:]) throws {
        socket = "chatterm-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        recordingPath = NSTemporaryDirectory() + socket + ".output"
        // The pane inherits the tmux server's environment (this process's): drop any endpoint
        // configuration (and the user's config file) so a test never reaches a real server, and
        // force a UTF-8 locale.
        let unset = Binary.endpointVariables.flatMap { ["-u", $0] }
        let defaults = [
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "CHATTERM_DATA_DIR": Binary.scratchDataDirectory,
            "XDG_CONFIG_HOME": Binary.scratchConfigDirectory,
        ]
        let assignments = defaults.merging(environment) { $1 }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // The shell prints the exit status on the normal screen once the program has left the
        // alternate one; tmux's own pane_dead_status is unreliable when the pty closes first.
        let shell =
            (["env"] + unset + assignments + command).map(Self.quote).joined(separator: " ")
            + "; echo \"\(Self.exitMarker)$?\"; exec sleep 600"
        try tmux(
            startingServer: true,
            [
                "-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)",
                "sh", "-c", shell,
            ])
    }

    deinit {
        close()
    }

    /// Ends the tmux server and the program in it.
    public func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: recordingPath)
    }

    /// What the pane shows after the program exits, followed by its exit status.
    public static let exitMarker = "chatterm exited with status "

    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a tmux command and returns what it printed. The command that starts the server
    /// must not get a pipe: the server keeps it open, so reading it would never end.
    @discardableResult
    public func tmux(startingServer: Bool = false, _ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        if (environment["TERM"] ?? "").isEmpty || environment["TERM"] == "dumb" {
            environment["TERM"] = "xterm-256color"
        }
        return try Spawn.run(
            ["tmux", "-L", socket] + arguments, environment: environment, captureOutput: !startingServer
        ).output
    }

    /// Types text literally (no key names).
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// Types a line and presses Enter: a prompt, a slash command, a command for a shell.
    public func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// Presses keys by tmux name: "Enter", "Escape", "C-c", "PageUp", "End".
    public func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", target] + keys)
    }

    /// Writes `bytes` to the program as the terminal would (a mouse report, say), unparsed.
    public func send(bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", target, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The screen as text, one string per row, trailing spaces trimmed.
    public func screen() throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", target])
        return text.components(separatedBy: "\n").map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The screen with its colours and attributes as SGR escape sequences, one string per row.
    public func screenWithEscapes() throws -> [String] {
        try tmux(["capture-pane", "-p", "-e", "-t", target]).components(separatedBy: "\n")
    }

    /// A pane format variable, e.g. "pane_dead", "pane_dead_status", "alternate_on".
    public func value(_ name: String) throws -> String {
        try tmux(["display-message", "-p", "-t", target, "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Pastes `text` the way a terminal does: all of it in one write, line breaks as CR. With
    /// `bracketed`, between bracketed-paste markers when the program turned the mode on.
    public func paste(_ text: String, bracketed: Bool = false) throws {
        _ = try tmux(["set-buffer", "--", text])
        _ = try tmux(["paste-buffer", "-t", target] + (bracketed ? ["-p"] : []))
    }

    /// Copies every byte written to the pane from now on (escape sequences and all), for
    /// `recordedOutput()`.
    public func startRecording() throws {
        try tmux(["pipe-pane", "-t", target, "-o", "cat >> " + Self.quote(recordingPath)])
    }

    /// What was written to the pane since `startRecording()`, as far as tmux has passed it on.
    public func recordedOutput() -> String {
        String(decoding: FileManager.default.contents(atPath: recordingPath) ?? Data(), as: UTF8.self)
    }

    /// The pid of the program in the pane: the child of the pane's shell.
    public func programPID() throws -> pid_t? {
        let shell = try value("pane_pid")
        let children = try Spawn.run(
            ["pgrep", "-P", shell], environment: ProcessInfo.processInfo.environment, captureOutput: true)
        return children.output.split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// Polls the screen until `condition` holds, failing with the last screen after the deadline.
    @discardableResult
    public func waitFor(
        _ description: String, timeout: Duration = .seconds(30), file: StaticString = #filePath, line: UInt = #line,
        _ condition: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var last: [String] = []
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(20_000)
        }
        XCTFail(
            "timed out waiting for \(description); screen was:\n\(last.joined(separator: "\n"))", file: file, line: line
        )
        return last
    }

    /// Polls a pane variable until it has the expected value (tmux may still be reading the
    /// program's last output when it notices the exit), and returns the last value seen.
    @discardableResult
    public func waitForValue(_ name: String, toBe expected: String, timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = try value(name)
        while last != expected && ContinuousClock.now < deadline {
            usleep(20_000)
            last = try value(name)
        }
        return last
    }

    /// Waits for the program in the pane to exit and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(15), file: StaticString = #filePath, line: UInt = #line) throws
        -> Int?
    {
        let screen = try waitFor("the program to exit", timeout: timeout, file: file, line: line) {
            $0.contains { $0.hasPrefix(Self.exitMarker) }
        }
        return screen.first { $0.hasPrefix(Self.exitMarker) }.flatMap { Int($0.dropFirst(Self.exitMarker.count)) }
    }
}

extension XCTestCase {
    /// Starts a `TmuxTerminal` that is closed when the test ends, whatever happens in it (an
    /// async test may keep its locals alive past its end, so deinit alone is not enough).
    public func startTerminal(
        _ command: [String], columns: Int = 100, rows: Int = 30, environment: [String: String] = [:]
    ) throws -> TmuxTerminal {
        let terminal = try TmuxTerminal(command, columns: columns, rows: rows, environment: environment)
        addTeardownBlock { terminal.close() }
        return terminal
    }
}
