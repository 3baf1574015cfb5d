import ChatCore
import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// What a chatterm killed mid-save or mid-reply leaves behind: temporary files, removed once
/// their process is gone (and only then), and a reply still marked `streaming`, which reads as
/// interrupted once no chatterm holds the conversation.
final class LeftoverTests: StoreTestCase {
    /// A process that runs until it is killed: `sleep`, or with `holding`, `flock` holding that
    /// lock file while `cat` waits on its input.
    private final class Child {
        let process = Process()
        private let input = Pipe()

        init(holding lockPath: String? = nil) throws {
            let output = Pipe()
            if let lockPath {
                let flock = ["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) }
                process.executableURL = URL(fileURLWithPath: try XCTUnwrap(flock, "flock(1) from util-linux"))
                // -o keeps the lock out of the shell, so killing flock ends the only holder.
                process.arguments = ["-o", lockPath, "/bin/sh", "-c", "echo held; exec cat"]
            } else {
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "echo started; exec cat"]
            }
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            // Once it has said so, it is running (and holds the lock).
            _ = try output.fileHandleForReading.read(upToCount: 1)
        }

        var pid: pid_t { process.processIdentifier }

        /// Kills it with SIGKILL, as `kill -9` would, and waits until it is gone.
        func killNine() throws {
            kill(pid, SIGKILL)
            try input.fileHandleForWriting.close()  // lets an orphaned cat end too
            process.waitUntilExit()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    private func writeHidden(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: conversationsPath, withIntermediateDirectories: true)
        try Data("{\"half\": ".utf8).write(to: URL(fileURLWithPath: conversationsPath + "/" + name))
    }

    // MARK: Temporary files

    func testTemporaryFilesOfKilledProcessesAreRemovedWhenTheFolderIsListed() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "chat"))
        let dead = try Child()
        try dead.killNine()
        let alive = try Child()
        try writeHidden(".chat.json.tmp-\(dead.pid)-1")
        try writeHidden(".chat.json.tmp-\(dead.pid)-12")
        try writeHidden(".chat.json.tmp-\(alive.pid)-1")
        try writeHidden(".chat.json.tmp-\(getpid())-7")
        // Not chatterm's temporary files, whatever they look like.
        try writeHidden(".notes")
        try writeHidden(".chat.json.tmp-\(dead.pid)")
        try writeHidden(".chat.json.tmp-x\(dead.pid)-1")

        XCTAssertEqual(store.list().summaries.map(\.id), ["chat"])

        XCTAssertEqual(
            try hiddenFiles().sorted(),
            [
                ".chat.json.tmp-\(alive.pid)-1", ".chat.json.tmp-\(dead.pid)", ".chat.json.tmp-\(getpid())-7",
                ".chat.json.tmp-x\(dead.pid)-1", ".notes",
            ].sorted())
        try alive.killNine()
    }

    func testResolvingAReferenceAlsoClearsThem() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "chat"))
        let dead = try Child()
        try dead.killNine()
        try writeHidden(".chat.json.tmp-\(dead.pid)-1")
        XCTAssertEqual(try store.resolve("ch"), "chat")
        XCTAssertEqual(try hiddenFiles(), [])
    }

    // MARK: Replies left streaming

    /// A conversation whose last reply is still marked streaming, as a killed chatterm leaves it.
    private func saveCutOff(id: String = "cut") throws -> ConversationStore {
        var conversation = Fixture.simple(id: id)
        conversation.messages[1].status = .streaming
        conversation.messages[1].content = "half a rep"
        let store = makeStore()
        try store.save(conversation)
        return store
    }

    func testAReplyLeftStreamingWithNoLockHolderReadsAsInterrupted() throws {
        let store = try saveCutOff()
        let before = try bytes(at: store.path(for: "cut"))

        let reply = try makeStore().load(id: "cut").conversation.messages[1]

        XCTAssertEqual(reply.status, .interrupted)
        XCTAssertEqual(reply.error, "chatterm stopped before the reply ended")
        XCTAssertEqual(reply.content, "half a rep", "what arrived is kept")
        XCTAssertEqual(try bytes(at: store.path(for: "cut")), before, "reading does not rewrite the file")
    }

    func testAReplyStreamingInAnotherLiveProcessStaysStreamingUntilThatProcessIsKilled() throws {
        let store = try saveCutOff()
        let lockPath = try XCTUnwrap(store.lock(id: "cut")).path  // created, then released at once
        let writer = try Child(holding: lockPath)

        XCTAssertEqual(try makeStore().load(id: "cut").conversation.messages[1].status, .streaming)
        XCTAssertNil(try store.lock(id: "cut"), "the probe leaves the lock with its holder")

        try writer.killNine()
        let reply = try makeStore().load(id: "cut").conversation.messages[1]
        XCTAssertEqual(reply.status, .interrupted)
        XCTAssertEqual(reply.error, "chatterm stopped before the reply ended")
    }

    func testAReplyThisProcessIsWritingStaysStreaming() throws {
        let store = try saveCutOff()
        let lock = try XCTUnwrap(store.lock(id: "cut"))
        XCTAssertEqual(try store.load(id: "cut").conversation.messages[1].status, .streaming)
        lock.release()
        XCTAssertEqual(try store.load(id: "cut").conversation.messages[1].status, .interrupted)
    }

    func testTheLockHolderReadsItAsInterruptedAndItsNextSaveWritesThat() throws {
        let store = try saveCutOff()
        let lock = try XCTUnwrap(store.lock(id: "cut"))
        let stored = try store.load(id: "cut", holding: lock)
        XCTAssertEqual(stored.conversation.messages[1].status, .interrupted)

        try store.save(stored.conversation, preserving: stored.unknownFields)
        lock.release()
        let messages = try jsonObject(at: store.path(for: "cut"))["messages"] as? [[String: Any]]
        XCTAssertEqual(messages?[1]["status"] as? String, "interrupted")
        XCTAssertEqual(messages?[1]["error"] as? String, "chatterm stopped before the reply ended")
    }
}
