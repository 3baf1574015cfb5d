import Foundation
import XCTest

/// The terminal is handed back intact however chatterm ends, and it refuses terminals it cannot use.
final class TerminalLifecycleEndToEndTests: XCTestCase {

    func testSIGTERMAndSIGHUPRestoreTheTerminalAndExitWithTheSignalStatus() throws {
        for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            let terminal = try startTerminal([Binary.url.path, "--demo"])
            try terminal.waitFor("ready") { $0.contains { $0.contains("● ready") } }
            let pid = try XCTUnwrap(try terminal.programPID(), "no chatterm process")
            XCTAssertEqual(kill(pid, signal), 0)
            XCTAssertEqual(try terminal.waitForExit(), Int(128 + signal), name)
            XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "\(name): alternate screen left")
            XCTAssertEqual(try terminal.waitForValue("cursor_flag", toBe: "1"), "1", "\(name): cursor visible")
        }
    }

    func testDumbTerminalGetsAClearMessagePointingToAsk() throws {
        let terminal = try startTerminal([Binary.url.path, "--demo"], environment: ["TERM": "dumb"])
        XCTAssertEqual(try terminal.waitForExit(), 1)
        let screen = try terminal.screen().joined(separator: "\n")
        XCTAssertTrue(screen.contains("TERM is dumb"), screen)
        XCTAssertTrue(screen.contains("chatterm ask"), screen)
    }

    /// A terminal that disappears without a SIGHUP (it was not chatterm's controlling terminal)
    /// must not leave chatterm running forever. Swift cannot call the variadic `ioctl` that a
    /// pty pair needs, so a few lines of Python open it; the program under test is the real binary.
    func testLostTerminalWithoutSIGHUPEndsTheProgram() throws {
        let script = """
            import os, select, subprocess, sys, time
            master, slave = os.openpty()
            env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LINES": "24", "COLUMNS": "80"}
            child = subprocess.Popen([sys.argv[1], "--demo"], stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True)
            os.close(slave)
            seen, deadline = b"", time.time() + 30
            while b"ready" not in seen and time.time() < deadline:
                if select.select([master], [], [], 0.1)[0]:
                    seen += os.read(master, 65536)
            print("ready" if b"ready" in seen else "never ready")
            os.close(master)
            try:
                print("exit", child.wait(timeout=10))
            except subprocess.TimeoutExpired:
                child.kill()
                print("still running")
            """
        let result = try Spawn.run(
            ["python3", "-c", script, Binary.url.path], environment: ProcessInfo.processInfo.environment,
            captureOutput: true)
        XCTAssertEqual(result.output, "ready\nexit \(128 + SIGHUP)\n")
    }
}
