import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// `chatterm ask --resume`: a scripted turn in a saved conversation, respecting the lock that a
/// chat holds on the conversation it has open.
final class AskResumeEndToEndTests: DemoServerTestCase {
    private func store(_ directory: String) -> ConversationStore {
        ConversationStore(directory: DataDirectory(path: directory))
    }

    /// A saved conversation of one question and its answer, held with `stored-model` on the
    /// server at `baseURL`.
    private func seed(_ directory: String, heldWith baseURL: String = "http://127.0.0.1:1/v1") throws -> Conversation {
        var conversation = Conversation(
            title: "earlier", createdAt: Date(timeIntervalSinceNow: -3600),
            endpoint: EndpointInfo(baseURL: baseURL, model: "stored-model"),
            messages: [
                Message(role: .user, content: "first question"), Message(role: .assistant, content: "first answer"),
            ])
        conversation.updatedAt = conversation.createdAt
        try store(directory).save(conversation)
        return conversation
    }

    private func arguments(_ server: DemoServer, _ directory: String, _ extra: [String]) -> [String] {
        ["ask", "--data-dir", directory, "--base-url", server.baseURL, "--warmup", "never"] + extra
    }

    func testResumeSendsTheWholeHistoryAndSavesTheTurnIntoTheConversation() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let earlier = try seed(directory, heldWith: server.baseURL)
        // A field from a newer chatterm, which the save must keep.
        let path = store(directory).path(for: earlier.id)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\n"))
        try ("{\n  \"addedLater\" : true," + text.dropFirst()).write(toFile: path, atomically: true, encoding: .utf8)

        let result = try Binary.run(arguments(server, directory, ["--resume", "last", "second question"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "second question") + "\n")
        let request = try XCTUnwrap(server.chatRequests.last)
        let sent = try XCTUnwrap(request.json["messages"] as? [[String: Any]])
        XCTAssertEqual(
            sent.compactMap { $0["content"] as? String }, ["first question", "first answer", "second question"])
        XCTAssertEqual(request.json["model"] as? String, "stored-model", "the conversation's model without --model")

        let summaries = store(directory).list().summaries
        XCTAssertEqual(summaries.map(\.id), [earlier.id], "no new conversation")
        let saved = try store(directory).load(id: earlier.id)
        XCTAssertEqual(
            saved.conversation.messages.map(\.content),
            ["first question", "first answer", "second question", DemoServer.replyText(forPrompt: "second question")])
        XCTAssertEqual(saved.conversation.messages.last?.status, .complete)
        XCTAssertEqual(saved.conversation.title, "earlier")
        XCTAssertGreaterThan(saved.conversation.updatedAt, earlier.updatedAt)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("\"addedLater\" : true"))
    }

    func testResumeTakesAnIdPrefixAndAcceptsSave() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let earlier = try seed(directory)
        let result = try Binary.run(
            arguments(
                server, directory, ["--resume", String(earlier.id.prefix(12)), "--save", "--model", "m", "again"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(store(directory).list().summaries.count, 1)
        XCTAssertEqual(try store(directory).load(id: earlier.id).conversation.messages.count, 4)
    }

    func testResumeRefusesAConversationOpenInAnotherChattermWithStatus75() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let earlier = try seed(directory)
        // What a chat holds while it has the conversation open.
        let lock = try XCTUnwrap(try store(directory).lock(id: earlier.id))
        defer { lock.release() }
        let before = try String(contentsOfFile: store(directory).path(for: earlier.id), encoding: .utf8)

        let result = try Binary.run(arguments(server, directory, ["--resume", "last", "may I?"]))
        XCTAssertEqual(result.status, 75)
        XCTAssertEqual(
            result.stderr,
            "chatterm: cannot resume \(earlier.id): it is open in another chatterm; try again once that one is closed\n"
        )
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(server.chatRequests.isEmpty, "nothing was sent")
        XCTAssertEqual(try String(contentsOfFile: store(directory).path(for: earlier.id), encoding: .utf8), before)
    }

    func testResumeOfAnUnknownConversationFailsWithStatusOne() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        _ = try seed(directory)
        let result = try Binary.run(arguments(server, directory, ["--resume", "nope", "hello?"]))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stderr, "chatterm: cannot resume 'nope': no saved conversation has the id or id prefix 'nope'\n")
        XCTAssertTrue(server.requests.isEmpty, "no connection was even made")
    }

    func testAskHoldsTheLockOfTheConversationItWritesUntilItEnds() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 50, replyTokens: 400))
        let directory = Binary.temporaryDataDirectory(for: self)
        let process = try Binary.start(arguments(server, directory, ["--save", "--model", "m", "a long one"]))
        defer { Binary.stop(process) }
        let deadline = ContinuousClock.now + .seconds(30)
        var id: String?
        while id == nil && ContinuousClock.now < deadline {
            id = store(directory).list().summaries.first?.id
            if id == nil { usleep(10_000) }
        }
        let saved = try XCTUnwrap(id, "the prompt is saved before the request goes out")
        XCTAssertNil(try store(directory).lock(id: saved), "a chat opening it now gets it read-only")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        XCTAssertNotNil(try store(directory).lock(id: saved), "free once ask has ended")
    }
}
