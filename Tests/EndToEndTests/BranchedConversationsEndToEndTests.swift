import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Branched conversations on disk through the real binary: a version-1 file branches and is
/// saved as version 2 while an unbranched one stays version 1; `show`, `history` and `stats` see
/// every branch; a kill -9 while a reply streams into a branched conversation leaves every
/// branch in a whole file.
final class BranchedConversationsEndToEndTests: DemoServerTestCase {
    private func store(_ directory: String) -> ConversationStore {
        ConversationStore(directory: DataDirectory(path: directory))
    }

    private static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    /// Writes a version-1 file of one turn as an older chatterm did, with a field it does not know.
    private func writeVersionOneFile(id: String, in directory: String, reply: String) throws -> String {
        let path = store(directory).path(for: id)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(
            """
            {"format": "chatterm.conversation", "version": 1, "id": "\(id)", "title": "Old file",
             "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:02.000Z", "pinned": true,
             "endpoint": {"baseURL": "http://127.0.0.1:1/v1", "model": "m"},
             "messages": [
               {"role": "user", "content": "tell me", "createdAt": "2026-11-27T14:00:01.000Z", "status": "complete"},
               {"role": "assistant", "content": "\(reply)", "createdAt": "2026-11-27T14:00:02.000Z",
                "status": "complete", "rating": 5}
             ]}
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func jsonObject(at path: String) throws -> [String: Any] {
        try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func testAVersionOneFileThatBranchesIsSavedAsVersionTwoAndAnUnbranchedOneStaysVersionOne() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let path = try writeVersionOneFile(id: "20261127-140000-0old", in: directory, reply: "An older answer.")
        let terminal = try launchChat(
            server, ["--model", "m", "--warmup", "never", "--resume", "20261127-140000-0old"],
            dataDirectory: directory)
        try terminal.waitForStatus("continuing")
        try terminal.enter("/retry")
        try terminal.waitForStatus("done")
        var file: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(20)
        repeat {
            file = (try? jsonObject(at: path)) ?? [:]
            if (file["messages"] as? [[String: Any]])?.last?["status"] as? String == "complete",
                file["version"] as? Int == 2
            {
                break
            }
            usleep(20_000)
        } while ContinuousClock.now < deadline
        XCTAssertEqual(file["version"] as? Int, 2, "\(file)")
        XCTAssertEqual(file["pinned"] as? Bool, true)
        let inView = try XCTUnwrap(file["messages"] as? [[String: Any]])
        XCTAssertEqual(
            inView.map { $0["content"] as? String }, ["tell me", DemoServer.replyText(forPrompt: "tell me")])
        XCTAssertEqual(inView.map { $0["id"] as? Int }, [1, 3])
        let others = try XCTUnwrap(file["otherBranches"] as? [[String: Any]])
        XCTAssertEqual(others.map { $0["content"] as? String }, ["An older answer."])
        XCTAssertEqual(others.first?["parent"] as? Int, 1)
        XCTAssertEqual(others.first?["rating"] as? Int, 5, "its unknown field went with it")

        let shown = try Binary.run(["show", "20261127-140000-0old", "--data-dir", directory])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("\nAssistant ‹ 2/2 ›"), shown.stdout)
        XCTAssertFalse(shown.stdout.contains("An older answer."), "show prints the branch in view")

        // Another version-1 file, resumed without branching, gets a turn and stays version 1.
        let plainPath = try writeVersionOneFile(id: "20261127-140000-0new", in: directory, reply: "Fine.")
        let asked = try Binary.run([
            "ask", "--resume", "20261127-140000-0new", "--data-dir", directory, "--base-url", server.baseURL,
            "--model", "m", "--warmup", "never", "one more",
        ])
        XCTAssertEqual(asked.status, 0, asked.stderr)
        let plain = try jsonObject(at: plainPath)
        XCTAssertEqual(plain["version"] as? Int, 1)
        XCTAssertNil(plain["otherBranches"])
        let plainMessages = try XCTUnwrap(plain["messages"] as? [[String: Any]])
        XCTAssertEqual(plainMessages.count, 4)
        XCTAssertTrue(plainMessages.allSatisfy { $0["id"] == nil }, "no ids in version 1")
    }

    /// A conversation branched twice, built as the chat builds one: the first reply retried, a
    /// turn after the second one, then the first prompt edited. Replies carry figures for `stats`.
    private func branchedConversation(id: String) -> Conversation {
        func at(_ second: Int) -> Date { Self.date("2026-11-27T14:00:0\(second).000Z") }
        func reply(_ text: String, _ second: Int) -> Message {
            Message(
                role: .assistant, content: text, createdAt: at(second),
                stats: TurnStats(ttftMs: 100 * second, tokensPerSecond: 30))
        }
        var conversation = Conversation(
            id: id, title: "Protocols", createdAt: at(0),
            endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: "demo-model"),
            messages: [Message(role: .user, content: "What is SSE?", createdAt: at(1)), reply("First answer.", 2)])
        conversation.branch(at: 1, with: reply("Second answer.", 3))
        conversation.messages.append(Message(role: .user, content: "And WebSockets?", createdAt: at(4)))
        conversation.messages.append(reply("Both ways at once.", 5))
        conversation.branch(at: 0, with: Message(role: .user, content: "What is HTTP/2?", createdAt: at(6)))
        conversation.messages.append(reply("Streams over one connection.", 7))
        conversation.updatedAt = at(8)
        return conversation
    }

    func testShowHistoryAndStatsSeeEveryBranch() throws {
        let directory = Binary.temporaryDataDirectory(for: self)
        let id = "20261127-140000-tree"
        try store(directory).save(branchedConversation(id: id))

        let shown = try Binary.run(["show", id, "--data-dir", directory])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("\nYou ‹ 2/2 ›\n  What is HTTP/2?\n"), shown.stdout)
        XCTAssertFalse(shown.stdout.contains("What is SSE?"), shown.stdout)

        let all = try Binary.run(["show", id, "--all-branches", "--data-dir", directory])
        XCTAssertEqual(all.status, 0, all.stderr)
        for text in [
            "What is HTTP/2?", "Streams over one connection.", "What is SSE?", "First answer.", "Second answer.",
            "And WebSockets?", "Both ways at once.",
        ] {
            XCTAssertEqual(all.stdout.components(separatedBy: "  " + text + "\n").count, 2, "\(text) once")
        }
        XCTAssertTrue(all.stdout.contains("── branch 2: alternative 1/2 to message 1 ──"), all.stdout)
        XCTAssertTrue(all.stdout.contains("── branch 3: alternative 1/2 to message 2 of branch 2 ──"), all.stdout)
        let markdown = try Binary.run(["show", id, "--all-branches", "--format", "markdown", "--data-dir", directory])
        XCTAssertEqual(ConversationExport.messages(fromMarkdown: markdown.stdout).count, 7)

        let json = try Binary.run(["show", id, "--format", "json", "--data-dir", directory])
        XCTAssertEqual(json.status, 0, json.stderr)
        let file = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(file["version"] as? Int, 2)
        XCTAssertEqual((file["messages"] as? [Any])?.count, 2)
        XCTAssertEqual((file["otherBranches"] as? [Any])?.count, 5)

        let history = try Binary.run(["history", "--data-dir", directory])
        XCTAssertEqual(history.status, 0, history.stderr)
        let row = try XCTUnwrap(history.stdout.split(separator: "\n").first { $0.contains(id) })
        XCTAssertTrue(row.contains(" 2+5 "), "2 messages in view, 5 in other branches: \(row)")
        let search = try Binary.run(["history", "--search", "websockets", "--data-dir", directory])
        let hit = try XCTUnwrap(search.stdout.split(separator: "\n").first { $0.contains(id) }, search.stdout)
        XCTAssertTrue(hit.contains(" 0+1 "), "the one match is in another branch: \(hit)")
        let listed = try Binary.run(["history", "--json", "--data-dir", directory])
        let summary = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first)
        XCTAssertEqual(summary["messageCount"] as? Int, 7)
        XCTAssertEqual(summary["otherBranchMessages"] as? Int, 5)

        let stats = try Binary.run(["stats", "--json", "--data-dir", directory])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["turns"] as? Int, 4, "the replies of every branch")
    }

    func testKillNineWhileAReplyStreamsIntoABranchedConversationLeavesEveryBranch() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 40, replyTokens: 2_000))
        let reply = DemoServer.replyText(forPrompt: "go on", tokens: 2_000)
        let directory = Binary.temporaryDataDirectory(for: self)
        let id = "20261127-140000-kill"
        // A long conversation whose every reply was retried once: 1,000 messages in view, 500
        // replies in another branch, and a field this version does not know.
        var conversation = Conversation(id: id, title: "Retried", createdAt: Self.date("2026-11-27T14:00:00.000Z"))
        for turn in 0..<500 {
            let at = Self.date("2026-11-27T14:00:00.000Z") + Double(turn)
            conversation.messages.append(Message(role: .user, content: "question \(turn)", createdAt: at))
            conversation.messages.append(Message(role: .assistant, content: "answer \(turn)", createdAt: at + 0.1))
            conversation.branch(
                at: conversation.messages.count - 1,
                with: Message(role: .assistant, content: "better answer \(turn)", createdAt: at + 0.2))
        }
        try store(directory).save(conversation)
        let path = store(directory).path(for: id)
        var file = try jsonObject(at: path)
        file["pinned"] = true
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let original = try store(directory).load(id: id).conversation
        XCTAssertEqual(original.otherBranches.count, 500)

        let process = try Binary.start([
            "ask", "--resume", id, "--data-dir", directory, "--base-url", server.baseURL, "--model", "m",
            "--warmup", "never", "go on",
        ])
        defer { Binary.stop(process) }
        let savedLengths = store(directory).lengthsOfTwoSavesOfTheStreamingReply(id: id)
        XCTAssertEqual(savedLengths.count, 2, "two saves of the streaming reply")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let saved = try jsonObject(at: path)
        XCTAssertEqual(saved["version"] as? Int, 2)
        XCTAssertEqual(saved["pinned"] as? Bool, true)
        XCTAssertEqual((saved["otherBranches"] as? [Any])?.count, 500)
        let loaded = try store(directory).load(id: id).conversation
        XCTAssertEqual(loaded.otherBranches, original.otherBranches, "every other branch intact")
        XCTAssertEqual(Array(loaded.messages.prefix(1_000)), original.messages, "every earlier message intact")
        XCTAssertEqual(loaded.messages.count, 1_002)
        XCTAssertEqual(loaded.messages[1_000].content, "go on")
        XCTAssertEqual(loaded.messages[1_001].status, .interrupted)
        XCTAssertTrue(reply.hasPrefix(loaded.messages[1_001].content), "the saved reply is a prefix of the reply")
        XCTAssertEqual(loaded.alternatives(at: 999), Conversation.Alternatives(position: 2, count: 2))
    }
}
