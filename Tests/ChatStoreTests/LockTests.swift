import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// One conversation, one writer: the advisory lock tells a second chatterm (or a second lock in
/// this process) that the conversation is open elsewhere.
final class LockTests: StoreTestCase {
    func testASecondLockFailsWhileTheFirstIsHeldAndWorksAfterRelease() throws {
        let store = makeStore()
        let first = try XCTUnwrap(store.lock(id: "chat"))
        XCTAssertNil(try store.lock(id: "chat"))
        XCTAssertNotNil(try store.lock(id: "other"), "other conversations are not affected")
        first.release()
        first.release()  // a second release does nothing
        XCTAssertNotNil(try store.lock(id: "chat"))
    }

    func testDroppingTheLockReleasesIt() throws {
        let store = makeStore()
        var lock = try store.lock(id: "chat")
        XCTAssertNotNil(lock)
        XCTAssertNil(try store.lock(id: "chat"))
        lock = nil
        XCTAssertNotNil(try store.lock(id: "chat"))
    }

    func testTheLockFileIsPrivateAndNextToTheConversation() throws {
        let lock = try XCTUnwrap(makeStore().lock(id: "chat"))
        XCTAssertEqual(lock.path, conversationsPath + "/chat.lock")
        XCTAssertEqual(mode(of: lock.path), 0o600)
        XCTAssertEqual(mode(of: conversationsPath), 0o700)
    }

    func testAnotherProcessSeesTheLock() throws {
        let flock = try flockPath()
        let store = makeStore()
        let lock = try XCTUnwrap(store.lock(id: "chat"))
        XCTAssertEqual(try run(flock, ["-n", lock.path, "true"]), 1, "flock -n fails while we hold it")
        lock.release()
        XCTAssertEqual(try run(flock, ["-n", lock.path, "true"]), 0)
    }

    func testTheKernelReleasesTheLockOfAProcessThatDies() throws {
        let flock = try flockPath()
        let store = makeStore()
        let path = try XCTUnwrap(store.lock(id: "chat")).path  // created, then released at once
        // flock holds the lock and runs a shell that says so and waits; -o keeps the lock out of
        // the shell, so killing flock alone ends the only holder.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: flock)
        holder.arguments = ["-o", path, "/bin/sh", "-c", "echo held; exec cat"]
        let output = Pipe()
        let input = Pipe()
        holder.standardOutput = output
        holder.standardInput = input
        try holder.run()
        XCTAssertEqual(readLine(from: output.fileHandleForReading), "held")

        XCTAssertNil(try store.lock(id: "chat"), "held by the other process")
        kill(holder.processIdentifier, SIGKILL)
        try input.fileHandleForWriting.close()  // lets the orphaned cat finish too
        holder.waitUntilExit()

        XCTAssertNotNil(try store.lock(id: "chat"), "released by the kernel when its holder died")
    }

    private func flockPath() throws -> String {
        let path = ["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) }
        return try XCTUnwrap(path, "flock(1) from util-linux is needed (apt-get install util-linux)")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Reads up to the first newline (or the end) from `handle`, byte by byte.
    private func readLine(from handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
