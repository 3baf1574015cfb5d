import ChatCore
import Foundation
import XCTest

@testable import ChatStore

#if canImport(Glibc)
    import Glibc
#endif

/// Names in the conversations folder that are not conversation files (a FIFO, a device, a
/// folder, a file far too large) are reported by name and skipped, at once: never waited on,
/// never read whole, never replaced.
final class UnusualFileTests: StoreTestCase {
    private func makeFIFO(id: String) throws -> String {
        try FileManager.default.createDirectory(atPath: conversationsPath, withIntermediateDirectories: true)
        let path = conversationsPath + "/\(id).json"
        XCTAssertEqual(mkfifo(path, 0o600), 0, "mkfifo \(path)")
        return path
    }

    /// Runs `body` on another thread and returns its result; when it has not returned within
    /// ten seconds (blocked opening the FIFO at `fifo`), fails and opens the FIFO for writing,
    /// which lets a blocked reader go on, so that the test fails instead of hanging.
    private func withoutBlocking<T: Sendable>(
        on fifo: String, file: StaticString = #filePath, line: UInt = #line, _ body: @escaping @Sendable () -> T
    ) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        DispatchQueue.global().async {
            result = body()
            done.signal()
        }
        if done.wait(timeout: .now() + .seconds(10)) == .timedOut {
            XCTFail("blocked on the FIFO \(fifo)", file: file, line: line)
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        return try XCTUnwrap(result, file: file, line: line)
    }

    func testAFIFOIsListedAsAProblemWithoutWaitingAndTheOthersStillAre() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "good"))
        let fifo = try makeFIFO(id: "pipe")

        let (summaries, problems) = try withoutBlocking(on: fifo) { store.list() }

        XCTAssertEqual(summaries.map(\.id), ["good"])
        XCTAssertEqual(problems, [.corrupt(path: fifo, reason: "it is a FIFO (named pipe), not a regular file")])
        XCTAssertEqual(
            problems.first?.description,
            "\(fifo) cannot be read as a chatterm conversation: it is a FIFO (named pipe), not a regular file."
                + " It is left as it is.")
        XCTAssertEqual(try withoutBlocking(on: fifo) { store.search("hello").summaries.map(\.id) }, ["good"])
        XCTAssertEqual(try withoutBlocking(on: fifo) { try? store.resolve("last") }, "good")
    }

    func testLastWithOnlyUnreadableFilesSaysSoRatherThanThatNothingWasSaved() throws {
        let store = makeStore()
        let fifo = try makeFIFO(id: "pipe")
        assertThrows(.corrupt(path: fifo, reason: "it is a FIFO (named pipe), not a regular file")) {
            () throws(StoreError) in try store.resolve("last")
        }
        try writeFile(id: "broken", "{")
        assertThrows(.noneReadable(count: 2)) { () throws(StoreError) in try store.resolve("last") }
        XCTAssertEqual(
            StoreError.noneReadable(count: 2).description,
            "none of the 2 conversation files can be read; `chatterm history` names each and says why")
    }

    func testLoadingAFIFOIsAnErrorNamingIt() throws {
        let store = makeStore()
        let fifo = try makeFIFO(id: "pipe")
        let error = try withoutBlocking(on: fifo) { () -> StoreError? in
            do throws(StoreError) {
                _ = try store.load(id: "pipe")
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error, .corrupt(path: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
    }

    func testSavingOverAFIFOIsRefusedAndTheFIFOStays() throws {
        let store = makeStore()
        let fifo = try makeFIFO(id: "pipe")
        let error = try withoutBlocking(on: fifo) { () -> StoreError? in
            do throws(StoreError) {
                try store.save(Fixture.simple(id: "pipe"))
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error, .corrupt(path: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")
        XCTAssertEqual(try hiddenFiles(), [], "no temporary file is left")
    }

    func testALinkToADeviceIsRefusedWithoutReadingIt() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "good"))
        let link = conversationsPath + "/zero.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")

        let (summaries, problems) = store.list()

        XCTAssertEqual(summaries.map(\.id), ["good"])
        XCTAssertEqual(problems, [.corrupt(path: link, reason: "it is a character device, not a regular file")])
    }

    func testALinkToAConversationFileIsFollowed() throws {
        let store = makeStore()
        let elsewhere = folder + "/elsewhere.json"
        try store.save(Fixture.simple(id: "original", content: "linked"))
        try FileManager.default.moveItem(atPath: store.path(for: "original"), toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: store.path(for: "linked"), withDestinationPath: elsewhere)

        XCTAssertEqual(store.list().problems, [])
        XCTAssertEqual(try store.load(id: "linked").conversation.messages.first?.content, "linked")
    }

    func testAFolderNamedLikeAConversationIsAProblem() throws {
        let path = conversationsPath + "/folder.json"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        XCTAssertEqual(
            makeStore().list().problems, [.corrupt(path: path, reason: "it is a folder, not a regular file")])
    }

    func testAFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws {
        try FileManager.default.createDirectory(atPath: conversationsPath, withIntermediateDirectories: true)
        // Sparse: a gigabyte that takes no disk and would take seconds and gigabytes to read.
        let path = conversationsPath + "/huge.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        XCTAssertEqual(truncate(path, 1 << 30), 0)

        let store = makeStore()
        let expected = StoreError.corrupt(
            path: path, reason: "it is 1 GiB, more than the 256 MiB chatterm reads from such a file")
        XCTAssertEqual(store.list().problems, [expected])
        assertThrows(expected) { () throws(StoreError) in try store.load(id: "huge") }
    }

    func testAConversationThatWouldBeTooLargeToReadBackIsNotSaved() throws {
        let store = ConversationStore(directory: directory, sizeLimit: 4096)
        try store.save(Fixture.simple(id: "growing", content: "small"))
        let before = try bytes(at: store.path(for: "growing"))

        var large = Fixture.simple(id: "growing")
        large.messages[0].content = String(repeating: "x", count: 5000)
        let error = thrownError { () throws(StoreError) in try store.save(large) }

        guard case .writeFailed(let path, let reason) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(path, store.path(for: "growing"))
        XCTAssertTrue(reason.hasSuffix("more than the 4 KiB chatterm reads back"), reason)
        XCTAssertEqual(try bytes(at: store.path(for: "growing")), before, "the readable file stays")
        XCTAssertEqual(try store.load(id: "growing").conversation.messages[0].content, "small")
    }

    func testTheLimitIsTheStoresOwn() throws {
        let store = ConversationStore(directory: directory, sizeLimit: 4096)
        try writeFile(id: "grown", String(repeating: " ", count: 5000))
        XCTAssertEqual(
            store.list().problems,
            [
                .corrupt(
                    path: store.path(for: "grown"),
                    reason: "it is 4.9 KiB, more than the 4 KiB chatterm reads from such a file")
            ])
    }
}
