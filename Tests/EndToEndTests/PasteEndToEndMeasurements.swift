import DemoServer
import Foundation
import TestSupport
import XCTest

/// Figures, not tests: how long a 1 MB bracketed paste takes through a pseudo-terminal, from
/// the first byte written to the end of the paste drawn in the input area, then from Enter to
/// the server holding the request. Skipped unless CHATTERM_MEASURE=1; prints its figures and
/// asserts nothing:
///
///     CHATTERM_MEASURE=1 swift test --filter PasteMeasurements
final class PasteEndToEndMeasurements: DemoServerTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CHATTERM_MEASURE"] == "1", "set CHATTERM_MEASURE=1")
    }

    func testAOneMegabyteBracketedPaste() async throws {
        let server = try await serve(.fast(cannedReply: "ok"))
        let terminal = try launchChatInPseudoTerminal(server, ["--model", "m", "--warmup", "never"])
        try terminal.waitForReady()
        let pasted = PasteEndToEndTests.oneMegabyteOfLines()
        let bytes = Array(("\u{1B}[200~" + pasted + "\u{1B}[201~").utf8)
        let start = try terminal.waitUntilQuiet()
        let began = Date()
        for offset in stride(from: 0, to: bytes.count, by: 65536) {
            try terminal.send(bytes: Array(bytes[offset..<min(bytes.count, offset + 65536)]))
        }
        let written = Date()
        try terminal.waitFor(text: "END-OF-PASTE", since: start, timeout: 120)
        let drawn = Date()
        try terminal.send("\r")
        while server.chatRequests.isEmpty && Date().timeIntervalSince(drawn) < 120 { usleep(1000) }
        let sent = Date()
        try terminal.waitFor(text: "done", since: start, timeout: 120)
        let replied = Date()
        print(
            String(
                format:
                    "1 MB paste (%d bytes): written into the pty %.0f ms · drawn %.0f ms after the first byte · "
                    + "Enter to the server %.0f ms · reply done %.0f ms later",
                bytes.count, written.timeIntervalSince(began) * 1000, drawn.timeIntervalSince(began) * 1000,
                sent.timeIntervalSince(drawn) * 1000, replied.timeIntervalSince(sent) * 1000))
        try terminal.send("\u{03}\u{03}")
        _ = try terminal.waitForExit()
    }
}
