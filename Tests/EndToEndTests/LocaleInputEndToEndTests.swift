import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Input in any locale: with `LC_ALL=C` (and no LANG) on a UTF-8 terminal, chatterm draws ASCII
/// only, yet UTF-8 typed and pasted (CJK, emoji, accents) reaches the prompt, the request and the
/// saved conversation intact.
final class LocaleInputEndToEndTests: DemoServerTestCase {
    func testUTF8TypedAndPastedUnderTheCLocaleArrivesIntactWhileTheScreenStaysASCII() async throws {
        let server = try await serve(.fast(cannedReply: "réponse: 東京 ✓"))
        let directory = Binary.temporaryDataDirectory(for: self)
        // tmux itself runs in C.UTF-8, so the terminal is a UTF-8 one; only chatterm's locale is C.
        let terminal = try startTerminal(
            [
                "env", "-u", "LANG", "-u", "LC_CTYPE", "-u", "LC_MESSAGES", "LC_ALL=C", Binary.url.path, "--data-dir",
                directory, "--base-url", server.baseURL, "--model", "m", "--warmup", "never",
            ], columns: 100)
        try terminal.startRecording()
        try terminal.waitFor("the ASCII notice and the ready status bar") { screen in
            screen.contains { $0.contains("LC_ALL=C is not UTF-8") } && screen.isReady
        }

        let typed = "café 你好 🚀 "
        let pasted = "naïve\n東京 👨‍👩‍👧 ok"
        try terminal.type(typed)
        try terminal.paste(pasted, bracketed: true)
        // Each character drawn as "?" in every cell it fills, so the layout still lines up.
        try terminal.waitFor("the draft, drawn in ASCII") { screen in
            screen.contains { $0.contains("caf? ???? ?? na?ve") } && screen.contains { $0.contains("???? ") }
        }
        XCTAssertEqual(server.chatRequests.count, 0, "the paste was sent")

        try terminal.press("Enter")
        try terminal.waitFor("the reply") { screen in screen.contains { $0.contains("r?ponse: ???? v") } }
        try terminal.waitForStatus("done")

        let prompt = typed + pasted
        XCTAssertEqual(server.lastPrompt, prompt, "the request")
        let store = ConversationStore(directory: DataDirectory(path: directory))
        let id = try XCTUnwrap(store.list().summaries.first?.id)
        let saved = try store.load(id: id).conversation.messages
        XCTAssertEqual(saved.first?.content, prompt, "the saved conversation")
        XCTAssertEqual(saved.last?.content, "réponse: 東京 ✓")
        let history = try Data(contentsOf: URL(fileURLWithPath: directory + "/prompt-history.json"))
        XCTAssertEqual(try JSONDecoder().decode([String].self, from: history), [prompt], "the prompt history")

        let screen = try terminal.screen()
        XCTAssertTrue(screen.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, screen.joined(separator: "\n"))
        let written = terminal.recordedOutput()
        XCTAssertFalse(written.isEmpty, "nothing was recorded")
        XCTAssertTrue(written.unicodeScalars.allSatisfy(\.isASCII), "non-ASCII bytes reached the terminal")
    }
}
