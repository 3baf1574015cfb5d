import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A chatterm killed with `kill -9` while a reply streams cannot say that the reply stopped: the
/// file keeps it `streaming`. Once no chatterm holds the conversation, everything that reads it
/// (`show`, the chat, `--resume`) sees it interrupted, "chatterm stopped before the reply ended",
/// and the next save of the conversation writes that down.
final class AbandonedReplyEndToEndTests: DemoServerTestCase {
    private let reason = "chatterm stopped before the reply ended"

    private func store(_ directory: String) -> ConversationStore {
        ConversationStore(directory: DataDirectory(path: directory))
    }

    /// Starts `ask --save` with a slow reply, waits until part of it is saved, kills the process
    /// with SIGKILL and returns the conversation's id.
    private func killMidReply(_ server: DemoServer, in directory: String) throws -> String {
        let process = try Binary.start([
            "ask", "--save", "--data-dir", directory, "--base-url", server.baseURL, "--model", "m", "--warmup",
            "never", "tell me a long story",
        ])
        defer { Binary.stop(process) }
        let deadline = ContinuousClock.now + .seconds(30)
        var partial: (id: String, reply: Message)?
        while partial == nil && ContinuousClock.now < deadline {
            if let id = store(directory).list().summaries.first?.id,
                let reply = try? store(directory).load(id: id).conversation.messages.last,
                reply.role == .assistant, !reply.content.isEmpty
            {
                partial = (id, reply)
            } else {
                usleep(20_000)
            }
        }
        let (id, reply) = try XCTUnwrap(partial, "part of the reply is saved within a second")
        XCTAssertEqual(reply.status, .streaming, "while ask runs, its reply is live")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        return id
    }

    func testAReplyCutOffByKillNineReadsAsInterruptedInShowTheChatAndResume() async throws {
        let slow = try await serve(DemoServerConfiguration(tokensPerSecond: 40, replyTokens: 2_000))
        let server = try await serve()
        let directory = Binary.temporaryDataDirectory(for: self)
        let id = try killMidReply(slow, in: directory)
        let path = store(directory).path(for: id)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains(#""status" : "streaming""#))

        let shown = try Binary.run(["show", "last", "--data-dir", directory])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("[interrupted: \(reason)]"), shown.stdout)
        let json = try Binary.run(["show", "last", "--format", "json", "--data-dir", directory])
        let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let messages = try XCTUnwrap(file["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.last?["status"] as? String, "interrupted")
        XCTAssertEqual(messages.last?["error"] as? String, reason)

        let terminal = try launchChat(server, ["--resume", "last"], dataDirectory: directory)
        try terminal.waitFor("the interrupted reply") { screen in
            screen.contains { $0.contains("Assistant · interrupted") } && screen.contains { $0.contains(self.reason) }
        }
        try terminal.press("C-c")
        try terminal.press("C-c")
        XCTAssertEqual(try terminal.waitForExit(), 0)
        XCTAssertTrue(
            try String(contentsOfFile: path, encoding: .utf8).contains(#""status" : "streaming""#),
            "only looking at it does not rewrite the file")

        let resumed = try Binary.run([
            "ask", "--resume", "last", "--data-dir", directory, "--base-url", server.baseURL, "--warmup", "never",
            "--model", "m", "go on",
        ])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let saved = try store(directory).load(id: id).conversation.messages
        XCTAssertEqual(saved.map(\.status), [.complete, .interrupted, .complete, .complete])
        XCTAssertEqual(saved[1].error, reason)
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(onDisk.contains(#""status" : "streaming""#), "the save wrote the interruption down")
        XCTAssertTrue(onDisk.contains(reason))
    }
}
