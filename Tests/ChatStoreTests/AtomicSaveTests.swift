import ChatCore
import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A save that fails leaves the previous file exactly as it was, removes its temporary file,
/// and says why in the system's words.
final class AtomicSaveTests: StoreTestCase {
    func testAFileTooLargeForTheLimitLeavesTheOldFileIntact() throws {
        let store = makeStore()
        let path = store.path(for: "big")
        try store.save(Fixture.simple(id: "big", content: "small"))
        let before = try bytes(at: path)

        var large = Fixture.simple(id: "big")
        large.messages[0].content = String(repeating: "long text ", count: 10_000)
        let error = withFileSizeLimit(4096) {
            thrownError { () throws(StoreError) in try store.save(large) }
        }

        XCTAssertEqual(error, .writeFailed(path: path, reason: "File too large"))
        XCTAssertEqual(try bytes(at: path), before)
        XCTAssertEqual(try hiddenFiles(), [], "the temporary file is removed")
        XCTAssertEqual(try store.load(id: "big").conversation.messages[0].content, "small")
    }

    func testAReadOnlyFolderLeavesTheOldFileIntact() throws {
        try XCTSkipIf(getuid() == 0, "root writes into read-only folders; the file size limit test covers failures")
        let store = makeStore()
        let path = store.path(for: "readonly")
        try store.save(Fixture.simple(id: "readonly", content: "before"))
        let before = try bytes(at: path)
        chmod(conversationsPath, 0o500)
        defer { chmod(conversationsPath, 0o700) }

        let error = thrownError { () throws(StoreError) in
            try store.save(Fixture.simple(id: "readonly", content: "after"))
        }

        XCTAssertEqual(error, .writeFailed(path: path, reason: "Permission denied"))
        XCTAssertEqual(try bytes(at: path), before)
    }

    func testAFolderThatCannotBeCreatedIsNamedWithTheReason() throws {
        // A file where the data directory should be: even root cannot make a folder inside it.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: folder + "/data"))
        let error = thrownError { () throws(StoreError) in try makeStore().save(Fixture.simple(id: "x")) }
        XCTAssertEqual(error, .writeFailed(path: folder + "/data", reason: "Not a directory"))
        XCTAssertEqual(error?.description, "could not save \(folder)/data: Not a directory")
    }

    /// Runs `body` with RLIMIT_FSIZE lowered to `bytes` and SIGXFSZ ignored, so that writing past
    /// the limit fails with EFBIG instead of killing the process; restores both afterwards.
    private func withFileSizeLimit<T>(_ bytes: rlim_t, _ body: () -> T) -> T {
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = saved
        limited.rlim_cur = bytes
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
            signal(SIGXFSZ, previousHandler)
        }
        return body()
    }
}
