import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Attachments through the real binary: `ask --attach` and `/attach` send the file in the
/// request the server receives, an image as a data URL only with `vision = true`, `--resume`
/// sends it again, and `show` lists it.
final class AttachmentEndToEndTests: DemoServerTestCase {
    private var folder = ""
    private static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "attach-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("server {\n  listen 80;\n}\n".utf8).write(to: URL(fileURLWithPath: folder + "/nginx.conf"))
        try Self.png.write(to: URL(fileURLWithPath: folder + "/cat.png"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static let fenced = "nginx.conf:\n```conf\nserver {\n  listen 80;\n}\n```"

    private func ask(_ server: DemoServer, _ extra: [String], environment: [String: String]? = nil) throws
        -> Binary.Result
    {
        try Binary.run(
            ["ask", "--base-url", server.baseURL, "--warmup", "never"] + extra,
            environment: environment ?? Binary.cleanEnvironment())
    }

    /// The user messages of the last request the server received, as sent.
    private func userContents(_ server: DemoServer) -> [Any] {
        let messages = server.chatRequests.last?.json["messages"] as? [[String: Any]] ?? []
        return messages.filter { $0["role"] as? String == "user" }.compactMap { $0["content"] }
    }

    func testAskAttachSendsTheFilesTextAfterThePrompt() async throws {
        let server = try await serve()
        let result = try ask(server, ["--attach", folder + "/nginx.conf", "Why 502?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(userContents(server) as? [String], ["Why 502?\n\n" + Self.fenced])
    }

    func testAskAttachRefusesAMissingFileBeforeAnyRequestWithStatus66() async throws {
        let server = try await serve()
        let result = try ask(server, ["--attach", folder + "/nope.conf", "hi"])
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("cannot attach: \(folder)/nope.conf: no such file"), result.stderr)
        XCTAssertEqual(server.requests.count, 0, "nothing was sent")
    }

    func testAnImageGoesAsADataURLWhenTheProfileSaysTheModelSeesImages() async throws {
        let server = try await serve()
        let environment = try environment(config: "[profiles.eyes]\nvision = true\n")
        let result = try ask(
            server, ["--profile", "eyes", "--attach", folder + "/cat.png", "What is this?"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        let parts = try XCTUnwrap(userContents(server).first as? [[String: Any]])
        XCTAssertEqual(parts.first?["text"] as? String, "What is this?")
        XCTAssertEqual(
            (parts.last?["image_url"] as? [String: Any])?["url"] as? String,
            "data:image/png;base64," + Self.png.base64EncodedString())
    }

    func testAnImageIsRefusedWithoutVision() async throws {
        let server = try await serve()
        let result = try ask(server, ["--attach", folder + "/cat.png", "What is this?"])
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("set vision = true in its profile"), result.stderr)
        XCTAssertEqual(server.requests.count, 0)
    }

    func testAttachInTheChatSendsTheFileAndResumeSendsItAgainAndShowListsIt() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let chat = try launchChat(server, ["--model", "m", "--warmup", "never"], dataDirectory: directory)
        try chat.waitForReady()
        try chat.enter("/attach \(folder)/nginx.conf")
        try chat.waitFor("the waiting attachment") { $0.contains { $0.contains("📎 nginx.conf · 24 B · 3 lines") } }
        try chat.enter("Why 502?")
        try chat.waitForStatus("done")
        XCTAssertEqual(userContents(server) as? [String], ["Why 502?\n\n" + Self.fenced])
        try chat.enter("/quit")
        XCTAssertEqual(try chat.waitForExit(), 0)

        let resumed = try launchChat(
            server, ["--model", "m", "--warmup", "never", "--resume", "last"], dataDirectory: directory)
        try resumed.waitForReady()
        try resumed.enter("and now?")
        try resumed.waitForStatus("done")
        XCTAssertEqual(userContents(server) as? [String], ["Why 502?\n\n" + Self.fenced, "and now?"])
        try resumed.enter("/quit")
        XCTAssertEqual(try resumed.waitForExit(), 0)

        let shown = try Binary.run(["show", "last", "--data-dir", directory])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("  Why 502?\n  📎 nginx.conf · 24 B · 3 lines\n"), shown.stdout)
    }

    func testAskResumeSendsTheEarlierAttachmentsAgain() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let first = try ask(server, ["--data-dir", directory, "--save", "--attach", folder + "/nginx.conf", "Why?"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try ask(server, ["--data-dir", directory, "--resume", "last", "and now?"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(userContents(server) as? [String], ["Why?\n\n" + Self.fenced, "and now?"])
        let json = try Binary.run(["show", "last", "--data-dir", directory, "--format", "json"])
        XCTAssertTrue(json.stdout.contains("\"kind\" : \"text\""), json.stdout)
        let ascii = try Binary.run(
            ["show", "last", "--data-dir", directory],
            environment: Binary.cleanEnvironment(["LANG": "C", "LC_ALL": "C"]))
        XCTAssertTrue(ascii.stdout.contains("  + nginx.conf . 24 B . 3 lines\n"), ascii.stdout)
    }
}
