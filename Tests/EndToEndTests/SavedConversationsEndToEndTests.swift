import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Conversations on disk as the user lives with them: saved while streaming, surviving kills
/// and hang-ups, locked against a second chatterm, resumed, browsed, renamed and exported.
final class SavedConversationsEndToEndTests: DemoServerTestCase {
    private func store(_ directory: String) -> ConversationStore {
        ConversationStore(directory: DataDirectory(path: directory))
    }

    /// The one conversation in `directory`, loaded the way chatterm loads it.
    private func onlyConversation(in directory: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> Conversation
    {
        let summaries = store(directory).list()
        XCTAssertEqual(summaries.problems, [], file: file, line: line)
        XCTAssertEqual(summaries.summaries.count, 1, file: file, line: line)
        let id = try XCTUnwrap(summaries.summaries.first?.id, file: file, line: line)
        return try store(directory).load(id: id).conversation
    }

    /// The one conversation in `directory` if there is exactly one and it loads; no assertions.
    private func onlyConversationQuietly(in directory: String) throws -> Conversation? {
        let summaries = store(directory).list().summaries
        guard summaries.count == 1 else { return nil }
        return try store(directory).load(id: summaries[0].id).conversation
    }

    // MARK: Crash safety

    func testKillNineAtVariedMomentsNeverLosesACompletedMessageOrCorruptsTheFile() async throws {
        // A one-second reply; the kills fall from its first token to past its end.
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 150, replyTokens: 150))
        let reply = DemoServer.replyText(forPrompt: "kill test", tokens: 150)
        var partial = 0
        var complete = 0
        for round in 0..<20 {
            let directory = Binary.temporaryDataDirectory(for: self)
            let process = try Binary.start([
                "ask", "--save", "--data-dir", directory, "--base-url", server.baseURL, "--model", "m",
                "--warmup", "never", "--system", "be brief", "kill test",
            ])
            defer { Binary.stop(process) }
            let deadline = ContinuousClock.now + .seconds(20)
            while server.chatRequests.count <= round && ContinuousClock.now < deadline { usleep(5_000) }
            // The kill moment is what varies: from the request's arrival through the reply, and
            // in the last rounds once the reply is saved whole (however slow the machine is).
            if round < 17 {
                usleep(useconds_t(round) * 65_000)
            } else {
                let saved = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < saved
                    && (try? onlyConversationQuietly(in: directory))?.messages.last?.status != .complete
                {
                    usleep(10_000)
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let conversation = try onlyConversation(in: directory)
            XCTAssertEqual(conversation.messages.map(\.role), [.system, .user, .assistant], "round \(round)")
            XCTAssertEqual(conversation.messages[1].content, "kill test")
            let saved = conversation.messages[2]
            XCTAssertTrue(reply.hasPrefix(saved.content), "round \(round): the saved reply is not a prefix")
            if saved.status == .complete {
                XCTAssertEqual(saved.content, reply)
                complete += 1
            } else {
                // Left streaming by the killed process, it reads as interrupted.
                XCTAssertEqual(saved.status, .interrupted, "round \(round)")
                XCTAssertEqual(saved.error, "chatterm stopped before the reply ended", "round \(round)")
                partial += 1
            }
        }
        XCTAssertGreaterThan(partial, 0, "no kill landed mid-reply")
        XCTAssertGreaterThan(complete, 0, "no kill landed after the reply")
    }

    /// A conversation of 3,000 messages with an image and fields this version does not know,
    /// written as another program would, as `[String: Any]` for `JSONSerialization`.
    private func largeConversationFile(id: String, image: Data) -> [String: Any] {
        let messages: [[String: Any]] = (0..<3_000).map { index in
            var message: [String: Any] = [
                "role": index % 2 == 0 ? "user" : "assistant",
                "content": "message \(index): " + String(repeating: "é", count: 100),
                "createdAt": "2026-11-27T14:00:00.000Z", "status": "complete",
            ]
            if index == 1 { message["rating"] = 5 }
            if index == 2 {
                message["attachments"] = [
                    [
                        "kind": "image", "name": "cat.png", "mediaType": "image/png", "bytes": image.count,
                        "data": image.base64EncodedString(),
                    ]
                ]
            }
            return message
        }
        return [
            "format": "chatterm.conversation", "version": 1, "id": id, "title": "Large",
            "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:00.000Z", "pinned": true,
            "messages": messages,
        ]
    }

    func testKillNineWhileAReplyStreamsIntoALargeConversationLeavesItWholeWithItsExtras() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 40, replyTokens: 2_000))
        let reply = DemoServer.replyText(forPrompt: "go on", tokens: 2_000)
        let directory = Binary.temporaryDataDirectory(for: self)
        let id = "20261127-140000-large"
        let path = store(directory).path(for: id)
        let image = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: largeConversationFile(id: id, image: image))
            .write(to: URL(fileURLWithPath: path))
        let original = try store(directory).load(id: id).conversation

        let process = try Binary.start([
            "ask", "--resume", id, "--data-dir", directory, "--base-url", server.baseURL, "--model", "m",
            "--warmup", "never", "go on",
        ])
        defer { Binary.stop(process) }
        // Two saves while the reply streams: the second one reuses what the first encoded.
        let savedLengths = store(directory).lengthsOfTwoSavesOfTheStreamingReply(id: id)
        XCTAssertEqual(savedLengths.count, 2, "two saves of the streaming reply")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let conversation = try store(directory).load(id: id).conversation
        XCTAssertEqual(conversation.messages.count, 3_002)
        XCTAssertEqual(Array(conversation.messages.prefix(3_000)), original.messages, "every earlier message intact")
        XCTAssertEqual(conversation.messages[2].attachments.first?.content, .image(mediaType: "image/png", data: image))
        XCTAssertEqual(conversation.messages[3_000].content, "go on")
        let saved = conversation.messages[3_001]
        XCTAssertEqual(saved.status, .interrupted)
        XCTAssertTrue(reply.hasPrefix(saved.content), "the saved reply is a prefix of the reply")
        XCTAssertGreaterThanOrEqual(saved.content.count, savedLengths[1])

        let json = try Binary.run(["show", id, "--format", "json", "--data-dir", directory])
        XCTAssertEqual(json.status, 0, json.stderr)
        let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(file["pinned"] as? Bool, true, "an unknown field kept through every save")
        let messages = try XCTUnwrap(file["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 3_002)
        XCTAssertEqual(messages[1]["rating"] as? Int, 5)
        let attachment = try XCTUnwrap((messages[2]["attachments"] as? [[String: Any]])?.first)
        XCTAssertNotNil(attachment["sha256"] as? String)
    }

    func testHangUpMidStreamSavesTheReplyAsInterrupted() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 50, replyTokens: 400))
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], dataDirectory: directory)
        try terminal.waitForReady()
        try terminal.enter("hang up on me")
        try terminal.waitForStatus("streaming")
        let pid = try XCTUnwrap(try terminal.programPID())
        XCTAssertEqual(kill(pid, SIGHUP), 0)
        XCTAssertEqual(try terminal.waitForExit(), Int(128 + SIGHUP))
        let reply = try onlyConversation(in: directory).messages.last
        XCTAssertEqual(reply?.status, .interrupted)
        XCTAssertEqual(reply?.error, "the terminal hung up")
        XCTAssertFalse(reply?.content.isEmpty ?? true)
        XCTAssertTrue(
            DemoServer.replyText(forPrompt: "hang up on me", tokens: 400).hasPrefix(reply?.content ?? "-"))
    }

    // MARK: Two processes, resume

    func testASecondChattermGetsTheConversationReadOnly() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        try store(directory).save(
            Conversation(
                title: "shared",
                messages: [Message(role: .user, content: "q"), Message(role: .assistant, content: "a")]))
        let arguments = ["--model", "m", "--warmup", "never", "--resume", "last"]
        let first = try launchChat(server, arguments, dataDirectory: directory)
        try first.waitForStatus("continuing")
        let second = try launchChat(server, arguments, dataDirectory: directory)
        try second.waitForStatus("read-only")
        try second.enter("may I?")
        try second.waitForStatus("open in another chatterm")
        XCTAssertTrue(server.chatRequests.isEmpty)
    }

    func testResumeShowsTheConversationAndSendsItsWholeHistory() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        try store(directory).save(
            Conversation(
                title: "earlier",
                messages: [
                    Message(role: .user, content: "first question"), Message(role: .assistant, content: "first answer"),
                ]))
        let terminal = try launchChat(
            server, ["--model", "m", "--warmup", "never", "--resume", "last"], dataDirectory: directory)
        try terminal.waitFor("the earlier answer") { $0.contains { $0.contains("first answer") } }
        try terminal.enter("second question")
        try terminal.waitForStatus("done")
        let sent = try XCTUnwrap(server.chatRequests.last?.json["messages"] as? [[String: Any]])
        XCTAssertEqual(
            sent.compactMap { $0["content"] as? String }, ["first question", "first answer", "second question"])
        XCTAssertEqual(try onlyConversation(in: directory).messages.count, 4)
    }

    // MARK: Browse, rename, export

    func testHistoryBrowserFindsOpensAndContinuesAConversation() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        for title in ["groceries", "京都の旅", "tax return"] {
            try store(directory).save(
                Conversation(
                    title: title,
                    messages: [
                        Message(role: .user, content: "about \(title)"),
                        Message(role: .assistant, content: "answer about \(title)", stats: TurnStats(ttftMs: 42)),
                    ]))
        }
        let terminal = try launchChat(server, ["--model", "m", "--warmup", "never"], dataDirectory: directory)
        try terminal.waitForReady()
        try terminal.press("C-o")
        try terminal.waitFor("the browser") { $0.contains { $0.contains("History") } }
        try terminal.type("京都")
        try terminal.waitFor("only the match") { screen in
            screen.contains { $0.contains("京都の旅") } && !screen.contains { $0.contains("groceries") }
        }
        try terminal.press("Enter")
        try terminal.waitFor("the read-only view") { screen in
            screen.contains { $0.contains("answer about 京都の旅") } && screen.statusLine.contains("read-only")
        }
        try terminal.type("c")
        try terminal.waitForStatus("continuing")
        try terminal.enter("and then?")
        try terminal.waitForStatus("done")
        let sent = try XCTUnwrap(server.chatRequests.last?.json["messages"] as? [[String: Any]])
        XCTAssertEqual(sent.first?["content"] as? String, "about 京都の旅")
    }

    func testTitleRenamesAndExportWritesMarkdownNextToTheFile() async throws {
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let terminal = try launchChat(
            server, ["--model", "m", "--warmup", "never"], dataDirectory: directory, columns: 160)
        try terminal.waitForReady()
        try terminal.enter("hello")
        try terminal.waitForStatus("done")
        try terminal.enter("/title Trip notes")
        try terminal.waitForStatus("renamed")
        try terminal.enter("/export")
        let screen = try terminal.waitForStatus("exported to")
        let conversation = try onlyConversation(in: directory)
        XCTAssertEqual(conversation.title, "Trip notes")
        let path = directory + "/conversations/\(conversation.id).md"
        XCTAssertTrue(screen.statusLine.contains(conversation.id), screen.statusLine)
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(
            ConversationExport.messages(fromMarkdown: markdown).map(\.content),
            ["hello", conversation.messages[1].content])
    }

    func testAFailedSaveIsShownAndLeavesThePreviousFileIntact() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, replyTokens: 2_000))
        let directory = Binary.temporaryDataDirectory(for: self)
        // A file-size limit of 8 blocks (4 KB with dash's 512-byte blocks): the prompt fits, the
        // long reply does not.
        let command = [
            Binary.url.path, "--data-dir", directory, "--base-url", server.baseURL, "--model", "m", "--warmup", "never",
        ].map(TmuxTerminal.quote).joined(separator: " ")
        let terminal = try startTerminal(["/bin/sh", "-c", "ulimit -f 8 && exec \(command)"], columns: 160)
        try terminal.waitForReady()
        try terminal.enter("a long answer, please")
        let screen = try terminal.waitForStatus("not saved")
        XCTAssertTrue(screen.statusLine.contains("File too large"), screen.statusLine)
        let saved = try onlyConversation(in: directory)
        XCTAssertEqual(saved.messages.first?.content, "a long answer, please")
        XCTAssertEqual(try terminal.value("pane_dead"), "0", "still running")
    }
}
