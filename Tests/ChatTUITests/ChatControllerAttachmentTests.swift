import ChatCore
import DemoServer
import Foundation
import TestSupport
import XCTest

@testable import ChatTUI

/// `/attach`, `/detach`, Tab on a path and files dropped on the prompt, headless: the real
/// controller and session against a DemoServer, drawn on a grid.
@MainActor
final class ChatControllerAttachmentTests: HeadlessChatTestCase {
    private var folder = ""

    override func setUp() async throws {
        folder = NSTemporaryDirectory() + "chat-attach-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("server {\n  listen 80;\n}\n".utf8).write(to: URL(fileURLWithPath: folder + "/nginx.conf"))
        try Data("one\ntwo\n".utf8).write(to: URL(fileURLWithPath: folder + "/my notes.txt"))
    }

    override func tearDown() async throws {
        try await super.tearDown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The text of the last user message the server received.
    private func lastUserContent() -> String? {
        let messages = chat.server?.chatRequests.last?.json["messages"] as? [[String: Any]]
        return messages?.last(where: { $0["role"] as? String == "user" })?["content"] as? String
    }

    func testAttachedFilesWaitAboveThePromptAndGoWithTheNextOne() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/attach \(folder)/nginx.conf")
        XCTAssertTrue(chat.screenText.contains("📎 nginx.conf · 24 B · 3 lines"), chat.screenText)
        XCTAssertEqual(
            chat.lines[chat.lines.count - 3].trimmingCharacters(in: .whitespaces), "📎 nginx.conf · 24 B · 3 lines")
        try await chat.send("Why 502?")
        XCTAssertEqual(lastUserContent(), "Why 502?\n\nnginx.conf:\n```conf\nserver {\n  listen 80;\n}\n```")
        XCTAssertEqual(chat.session.conversation.messages[0].attachments.map(\.name), ["nginx.conf"])
        XCTAssertTrue(chat.controller.waitingAttachments.isEmpty, "sent, so no longer waiting")
        XCTAssertTrue(chat.screenText.contains("  📎 nginx.conf · 24 B · 3 lines · Ctrl-T shows it"), chat.screenText)
    }

    func testEnterOnAnEmptyPromptSendsTheFilesAlone() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/attach '\(folder)/my notes.txt'")
        chat.press(.enter)
        try await chat.waitUntil("the reply finished") {
            !$0.session.isBusy && $0.session.conversation.messages.count == 2
        }
        XCTAssertEqual(lastUserContent(), "my notes.txt:\n```txt\none\ntwo\n```")
        XCTAssertEqual(chat.session.conversation.title, "my notes.txt")
    }

    func testCtrlTUnfoldsAnAttachedTextFileAndFoldsItAgain() async throws {
        chat = try await HeadlessChat.start(.fast(cannedReply: "ok"))
        chat.enter("/attach \(folder)/nginx.conf")
        try await chat.send("look")
        XCTAssertFalse(chat.screenText.contains("listen 80;"))
        chat.press(.ctrl("t"))
        XCTAssertTrue(chat.screenText.contains("    listen 80;"), chat.screenText)
        chat.press(.ctrl("t"))
        XCTAssertFalse(chat.screenText.contains("listen 80;"))
    }

    func testAttachAloneListsAndDetachRemoves() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/attach")
        XCTAssertEqual(chat.notice, "nothing attached: /attach PATH… attaches files to the next prompt")
        chat.enter("/attach \(folder)/*")
        XCTAssertEqual(chat.controller.waitingAttachments.map(\.name), ["my notes.txt", "nginx.conf"])
        chat.enter("/attach")
        XCTAssertTrue(chat.notice.contains("1. 📎 my notes.txt"), chat.notice)
        chat.enter("/detach 1")
        XCTAssertEqual(chat.controller.waitingAttachments.map(\.name), ["nginx.conf"])
        chat.enter("/detach all")
        XCTAssertTrue(chat.controller.waitingAttachments.isEmpty)
        XCTAssertFalse(chat.screenText.contains("📎"))
    }

    func testAProblemIsNamedAndNothingIsAttached() async throws {
        chat = try await HeadlessChat.start()
        chat.enter("/attach \(folder)/missing.txt")
        XCTAssertEqual(chat.notice, "\(folder)/missing.txt: no such file")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])
        try png.write(to: URL(fileURLWithPath: folder + "/cat.png"))
        chat.enter("/attach \(folder)/cat.png")
        XCTAssertTrue(
            chat.notice.hasPrefix("cat.png is an image, and this model is not said to see images"), chat.notice)
        XCTAssertTrue(chat.controller.waitingAttachments.isEmpty)
    }

    func testTabCompletesAPath() async throws {
        chat = try await HeadlessChat.start()
        chat.type("/attach \(folder)/ngi")
        chat.press(.tab)
        XCTAssertEqual(chat.draft, "/attach \(folder)/nginx.conf")
    }

    func testADroppedFileIsAttachedOnEnter() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.paste("'\(folder)/nginx.conf' "))
        XCTAssertEqual(chat.notice, "attach nginx.conf (24 B)? Enter attaches, Esc pastes the text")
        XCTAssertEqual(chat.draft, "")
        chat.press(.enter)
        XCTAssertEqual(chat.controller.waitingAttachments.map(\.name), ["nginx.conf"])
        XCTAssertEqual(chat.draft, "")
    }

    func testADroppedFileIsPastedAsTextOnEscOrAnyOtherKey() async throws {
        chat = try await HeadlessChat.start()
        let pasted = "file://\(folder)/my%20notes.txt"
        chat.press(.paste(pasted))
        chat.press(.escape)
        XCTAssertEqual(chat.draft, pasted)
        XCTAssertTrue(chat.controller.waitingAttachments.isEmpty)
        chat.press(.ctrl("u"))
        chat.press(.paste(pasted))
        chat.type("x")
        XCTAssertTrue(chat.draft.hasSuffix(pasted + "x"), chat.draft)
    }

    func testAPasteOfTextIsNotAskedAbout() async throws {
        chat = try await HeadlessChat.start()
        chat.press(.paste("/etc/no-such-file and some words"))
        XCTAssertEqual(chat.draft, "/etc/no-such-file and some words")
        XCTAssertNil(chat.controller.droppedFiles)
    }
}
