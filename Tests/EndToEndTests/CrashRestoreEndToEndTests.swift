import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A chatterm that dies of a crash signal still gives the terminal back: cooked mode, the
/// cursor visible, the alternate screen left, bracketed paste off.
final class CrashRestoreEndToEndTests: XCTestCase {
    override func setUp() {
        super.setUp()
        // No core files from the deliberate crashes below.
        var noCores = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCores)
    }

    private func crash(with signal: Int32) throws {
        // The Swift runtime's backtracer would wait 30 s for a key on a terminal; the test
        // checks what happens before it, and the signal's default action after.
        let terminal = try launchChatInPseudoTerminal(["--demo"], environment: ["SWIFT_BACKTRACE": "enable=no"])
        try terminal.waitForReady()
        try terminal.waitUntilQuiet()
        XCTAssertFalse(terminal.isCooked, "curses did not take the terminal over")
        let before = terminal.byteCount
        kill(terminal.pid, signal)
        let status = try terminal.waitForExit()
        XCTAssertEqual(status, 128 + signal, "the signal's own effect was lost")
        let after = terminal.text(since: before)
        XCTAssertTrue(after.contains("\u{1B}[?1049l"), "still on the alternate screen: \(after.debugDescription)")
        XCTAssertTrue(after.contains("\u{1B}[?25h"), "the cursor is still hidden: \(after.debugDescription)")
        XCTAssertTrue(after.contains("\u{1B}[?2004l"), "bracketed paste is still on: \(after.debugDescription)")
        XCTAssertTrue(terminal.isCooked, "the terminal was left in raw mode")
    }

    func testSegmentationFaultRestoresTheTerminal() throws {
        try crash(with: SIGSEGV)
    }

    func testAbortRestoresTheTerminal() throws {
        try crash(with: SIGABRT)
    }

    func testSIGQUITRestoresTheTerminal() throws {
        try crash(with: SIGQUIT)
    }

    func testIllegalInstructionRestoresTheTerminal() throws {
        try crash(with: SIGILL)
    }
}
