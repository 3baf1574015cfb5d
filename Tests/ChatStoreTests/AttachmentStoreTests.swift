import ChatCore
import ChatStore
import Foundation
import XCTest

/// Attachments in the conversation file: kept on their message, an image's hash written and
/// checked, and files from before attachments read as ever.
final class AttachmentStoreTests: StoreTestCase {
    static let imageBytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    private func conversation() -> Conversation {
        Conversation(
            id: "20261207-100000-a77a", title: "files",
            messages: [
                Message(
                    role: .user, content: "Why 502?",
                    attachments: [
                        Attachment(name: "nginx.conf", content: .text("server {\n}\n")),
                        Attachment(name: "cat.png", content: .image(mediaType: "image/png", data: Self.imageBytes)),
                    ]),
                Message(role: .assistant, content: "Because."),
            ])
    }

    func testAttachmentsSurviveASaveAndALoad() throws {
        let store = makeStore()
        let original = conversation()
        try store.save(original)
        XCTAssertEqual(
            try store.load(id: original.id).conversation.messages.map(\.attachments),
            original.messages.map(\.attachments))
    }

    func testTheFileHoldsEachAttachmentAsDocumented() throws {
        let store = makeStore()
        try store.save(conversation())
        let file = try jsonObject(at: store.path(for: "20261207-100000-a77a"))
        XCTAssertEqual(file["version"] as? Int, 1)
        let message = try XCTUnwrap((file["messages"] as? [[String: Any]])?.first)
        let attachments = try XCTUnwrap(message["attachments"] as? [[String: Any]])
        XCTAssertEqual(attachments[0]["kind"] as? String, "text")
        XCTAssertEqual(attachments[0]["name"] as? String, "nginx.conf")
        XCTAssertEqual(attachments[0]["bytes"] as? Int, 11)
        XCTAssertEqual(attachments[0]["lines"] as? Int, 2)
        XCTAssertEqual(attachments[0]["text"] as? String, "server {\n}\n")
        XCTAssertEqual(attachments[1]["kind"] as? String, "image")
        XCTAssertEqual(attachments[1]["mediaType"] as? String, "image/png")
        XCTAssertEqual(attachments[1]["bytes"] as? Int, Self.imageBytes.count)
        XCTAssertEqual(attachments[1]["data"] as? String, Self.imageBytes.base64EncodedString())
        // sha256sum of the same eleven bytes.
        XCTAssertEqual(attachments[1]["sha256"] as? String, try XCTUnwrap(Self.sha256Hex(Self.imageBytes)))
        XCTAssertNil((file["messages"] as? [[String: Any]])?[1]["attachments"], "none written where there are none")
    }

    func testAnImageWhoseDataNoLongerMatchesItsHashIsRefusedByName() throws {
        let store = makeStore()
        try store.save(conversation())
        let path = store.path(for: "20261207-100000-a77a")
        let text = try self.text(at: path)
        let damaged = text.replacingOccurrences(
            of: Self.imageBytes.base64EncodedString(), with: Data([0x89, 0x50, 0x4E, 0x47]).base64EncodedString())
        XCTAssertNotEqual(damaged, text)
        try writeFile(id: "20261207-100000-a77a", damaged)
        let error = thrownError { () throws(StoreError) in try store.load(id: "20261207-100000-a77a") }
        guard case .corrupt(_, let reason) = error else {
            return XCTFail("a damaged image must make the file corrupt")
        }
        XCTAssertTrue(reason.contains("the image cat.png does not match its sha256"), reason)
    }

    func testAFileWrittenBeforeAttachmentsReadsAsBefore() throws {
        try writeFile(
            id: "20261207-100000-0001",
            """
            { "format": "chatterm.conversation", "version": 1, "id": "20261207-100000-0001", "title": "old",
              "createdAt": "2026-12-07T10:00:00.000Z", "updatedAt": "2026-12-07T10:00:00.000Z",
              "messages": [ { "role": "user", "content": "hi", "createdAt": "2026-12-07T10:00:00.000Z",
                              "status": "complete" } ] }
            """)
        let loaded = try makeStore().load(id: "20261207-100000-0001").conversation
        XCTAssertEqual(loaded.messages.map(\.attachments), [[]])
    }

    func testShowAndTheExportSayWhatWasAttached() {
        let text = ConversationExport.text(conversation())
        XCTAssertTrue(
            text.contains("  Why 502?\n  📎 nginx.conf · 11 B · 2 lines\n  📎 cat.png · image/png · 11 B\n"), text)
        let markdown = ConversationExport.markdown(conversation())
        XCTAssertTrue(markdown.contains("> 📎 nginx.conf · 11 B · 2 lines"), markdown)
        XCTAssertEqual(
            ConversationExport.messages(fromMarkdown: markdown).map(\.content), ["Why 502?", "Because."],
            "the listed files are not read back as content")
    }

    /// The hex SHA-256 the file should hold, by `sha256sum`, the tool a user would check it with.
    static func sha256Hex(_ data: Data) -> String? {
        let path = NSTemporaryDirectory() + "sha-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard (try? data.write(to: URL(fileURLWithPath: path))) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return output.split(separator: " ").first.map(String.init)
    }
}
