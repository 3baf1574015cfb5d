import ChatCore
import Foundation
import XCTest

@testable import ChatClient

/// How attachments travel in the request body: text as a fenced block after the prompt, images
/// as `image_url` content parts holding data URLs.
final class AttachmentRequestTests: XCTestCase {
    private func messages(_ message: ChatRequest.Message) throws -> [[String: Any]] {
        let data = try RequestBody.encode(ChatRequest(model: "m", messages: [message]))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json["messages"] as? [[String: Any]])
    }

    func testATextFileFollowsThePromptAsAFencedBlockHeadedByItsName() throws {
        let file = Attachment(name: "nginx.conf", content: .text("server {\n  listen 80;\n}\n"))
        let sent = try messages(ChatRequest.Message(role: .user, content: "Why 502?", attachments: [file]))
        XCTAssertEqual(
            sent.first?["content"] as? String, "Why 502?\n\nnginx.conf:\n```conf\nserver {\n  listen 80;\n}\n```")
    }

    func testTheFenceIsLongerThanAnyBacktickRunInTheFile() throws {
        let readme = Attachment(name: "README.md", content: .text("Run:\n````sh\nmake\n````"))
        let sent = try messages(ChatRequest.Message(role: .user, content: "", attachments: [readme]))
        XCTAssertEqual(sent.first?["content"] as? String, "README.md:\n`````markdown\nRun:\n````sh\nmake\n````\n`````")
    }

    func testTheLanguageComesFromTheExtension() {
        XCTAssertEqual(AttachmentPrompt.language(of: "main.py"), "python")
        XCTAssertEqual(AttachmentPrompt.language(of: "Dockerfile"), "dockerfile")
        XCTAssertEqual(AttachmentPrompt.language(of: "notes"), "")
        XCTAssertEqual(AttachmentPrompt.language(of: ".bashrc"), "")
    }

    func testAnImageGoesAsADataURLContentPartAfterTheText() throws {
        let bytes = Data([0x89, 0x50, 0x4E, 0x47])
        let image = Attachment(name: "cat.png", content: .image(mediaType: "image/png", data: bytes))
        let file = Attachment(name: "a.txt", content: .text("hi"))
        let sent = try messages(ChatRequest.Message(role: .user, content: "What is this?", attachments: [image, file]))
        let parts = try XCTUnwrap(sent.first?["content"] as? [[String: Any]])
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[0]["type"] as? String, "text")
        XCTAssertEqual(parts[0]["text"] as? String, "What is this?\n\na.txt:\n```txt\nhi\n```")
        XCTAssertEqual(parts[1]["type"] as? String, "image_url")
        XCTAssertEqual(
            (parts[1]["image_url"] as? [String: Any])?["url"] as? String,
            "data:image/png;base64,\(bytes.base64EncodedString())")
    }

    func testAMessageWithoutAttachmentsIsAPlainString() throws {
        let sent = try messages(ChatRequest.Message(role: .assistant, content: "plain"))
        XCTAssertEqual(sent.first?["content"] as? String, "plain")
    }
}
