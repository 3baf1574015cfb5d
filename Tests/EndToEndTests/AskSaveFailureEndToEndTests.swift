import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// `chatterm ask --save` and `--resume` whose save fails: the reply is printed all the same, the
/// exit status (73) and `--json` say it was not saved and why, and stderr says where it was to be
/// saved before it says that the save failed.
///
/// The failures are ones root meets too (tests may run as root, for whom a read-only folder is
/// writable): a data folder under a regular file, which no one can create, and a file-size
/// limit (`ulimit -f`) that the prompt fits and the reply does not.
final class AskSaveFailureEndToEndTests: DemoServerTestCase {
    /// A data folder that cannot be created: its parent is a regular file.
    private func uncreatableDataDirectory() throws -> String {
        let parent = Binary.temporaryDataDirectory(for: self) + "/a-file"
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: parent))
        return parent + "/data"
    }

    private func ask(_ server: DemoServer, _ directory: String, _ extra: [String]) -> [String] {
        ["ask", "--data-dir", directory, "--base-url", server.baseURL, "--model", "m", "--warmup", "never"] + extra
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    func testAReplyPrintedButNotSavedExitsSeventyThreeAfterSayingWhereItWasToBeSaved() async throws {
        let server = try await serve()
        let directory = try uncreatableDataDirectory()

        let result = try Binary.run(ask(server, directory, ["--save", "keep this"]))

        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "keep this") + "\n", "the reply is printed")
        let stderr = lines(result.stderr)
        let savingAs = try XCTUnwrap(stderr.firstIndex { $0.hasPrefix("chatterm: saving as ") }, result.stderr)
        let notSaved = try XCTUnwrap(stderr.firstIndex { $0.hasPrefix("chatterm: not saved: ") }, result.stderr)
        XCTAssertLessThan(savingAs, notSaved, "the save is announced before it is said to fail:\n\(result.stderr)")
        XCTAssertTrue(stderr[notSaved].hasSuffix("Not a directory"), stderr[notSaved])
        XCTAssertEqual(stderr.filter { $0.hasPrefix("chatterm: not saved: ") }.count, 1, "said once:\n\(result.stderr)")
    }

    func testJSONSaysTheReplyIsCompleteButWasNotSavedAndWhy() async throws {
        let server = try await serve()
        let directory = try uncreatableDataDirectory()

        let result = try Binary.run(ask(server, directory, ["--save", "--json", "keep this"]))

        XCTAssertEqual(result.status, 73, result.stderr)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        XCTAssertEqual(object["status"] as? String, "complete")
        XCTAssertEqual(object["exitStatus"] as? Int, 73)
        XCTAssertEqual(object["reply"] as? String, DemoServer.replyText(forPrompt: "keep this"))
        XCTAssertTrue(object["conversationId"] is NSNull, "\(String(describing: object["conversationId"]))")
        let error = try XCTUnwrap(object["error"] as? [String: Any], result.stdout)
        XCTAssertEqual(error["category"] as? String, "unsaved")
        let message = try XCTUnwrap(error["message"] as? String)
        XCTAssertTrue(message.hasPrefix("the reply was not saved: could not save /"), message)
        XCTAssertTrue(message.hasSuffix("Not a directory"), message)
    }

    func testAResumedTurnWhoseReplyDoesNotFitIsPrintedAndExitsSeventyThree() async throws {
        let longReply = Array(repeating: "a reply too long for the file-size limit.", count: 200).joined(separator: " ")
        let server = try await serve(.fast(cannedReply: longReply))
        let directory = Binary.temporaryDataDirectory(for: self)
        let store = ConversationStore(directory: DataDirectory(path: directory))
        let earlier = Conversation(
            title: "earlier",
            messages: [Message(role: .user, content: "hi"), Message(role: .assistant, content: "hello")])
        try store.save(earlier)

        // 8 blocks of 512 bytes (dash): the conversation and the prompt fit, the reply does not.
        let result = try Binary.run(
            ["-c", "ulimit -f 8 && exec \"$0\" \"$@\"", Binary.url.path]
                + ask(server, directory, ["--resume", "last", "and now a long one"]),
            executable: URL(fileURLWithPath: "/bin/sh"))

        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertEqual(result.stdout, longReply + "\n")
        let stderr = lines(result.stderr)
        let continuing = try XCTUnwrap(
            stderr.firstIndex { $0.hasPrefix("chatterm: continuing \(earlier.id)") }, result.stderr)
        let notSaved = try XCTUnwrap(stderr.firstIndex { $0.hasPrefix("chatterm: not saved: ") }, result.stderr)
        XCTAssertLessThan(continuing, notSaved, result.stderr)
        XCTAssertTrue(stderr[notSaved].hasSuffix("File too large"), stderr[notSaved])
        let saved = try store.load(id: earlier.id).conversation.messages
        XCTAssertEqual(saved.map(\.content).prefix(3), ["hi", "hello", "and now a long one"], "the prompt was saved")
    }

    func testAReplyThatFailedKeepsItsOwnStatusAndStillSaysItWasNotSaved() async throws {
        let server = try await serve(.fast(.httpError))
        let directory = try uncreatableDataDirectory()

        let result = try Binary.run(ask(server, directory, ["--save", "--retries", "0", "keep this"]))

        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(lines(result.stderr).contains { $0.hasPrefix("chatterm: not saved: ") }, result.stderr)
    }

    func testAReplySavedExitsZeroAndSaysNothingOfSaving() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let result = try Binary.run(ask(server, directory, ["--save", "keep this"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("saved"), result.stderr)
    }
}
