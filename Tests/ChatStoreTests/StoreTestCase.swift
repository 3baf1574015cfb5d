import ChatCore
import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A test case with a fresh temporary folder per test, a store whose data directory lives in
/// it, and helpers to read the files the store writes.
class StoreTestCase: XCTestCase {
    /// The test's own temporary folder, removed afterwards.
    private(set) var folder = ""

    override func setUpWithError() throws {
        var template = Array((NSTemporaryDirectory() + "/chatterm-store-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        folder = String(cString: try XCTUnwrap(made))
    }

    override func tearDownWithError() throws {
        // A test may have left a folder read-only; make everything removable again.
        if let walker = FileManager.default.enumerator(atPath: folder) {
            for case let path as String in walker { chmod(folder + "/" + path, 0o700) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    var directory: DataDirectory { DataDirectory(path: folder + "/data") }
    var conversationsPath: String { directory.conversationsPath }

    func makeStore() -> ConversationStore {
        ConversationStore(directory: directory)
    }

    func bytes(at path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func text(at path: String) throws -> String {
        String(decoding: try bytes(at: path), as: UTF8.self)
    }

    /// The file at `path` as a JSON object.
    func jsonObject(at path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: bytes(at: path)) as? [String: Any])
    }

    /// Writes `text` as the conversation file of `id`, as another program (or a crash) might.
    func writeFile(id: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: conversationsPath, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: conversationsPath + "/\(id).json"))
    }

    /// The names in the conversations folder that start with a dot (temporary files).
    func hiddenFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: conversationsPath).filter { $0.hasPrefix(".") }
    }

    func mode(of path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0, "stat \(path)")
        return info.st_mode & 0o777
    }

    /// Asserts that `body` throws `expected`.
    func assertThrows<T>(
        _ expected: StoreError, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws(StoreError) -> T
    ) {
        do {
            _ = try body()
            XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
        }
    }

    /// The error `body` throws, or a failure when it throws none.
    func thrownError<T>(
        file: StaticString = #filePath, line: UInt = #line, _ body: () throws(StoreError) -> T
    ) -> StoreError? {
        do {
            _ = try body()
            XCTFail("expected an error, nothing was thrown", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}

/// Conversations to save in tests.
enum Fixture {
    static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    /// A conversation that uses every field: a system prompt, a user message, a finished reply
    /// with reasoning and every figure, and an interrupted reply with an error.
    static func everyField(id: String = "20261127-140503-0a1b") -> Conversation {
        var conversation = Conversation(
            id: id, title: "Explain SSE · 你好", createdAt: date("2026-11-27T14:05:03.123Z"),
            endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: "chatglm3-6b"), profile: "gpu",
            messages: [
                Message(role: .system, content: "Be brief.", createdAt: date("2026-11-27T14:05:03.123Z")),
                Message(
                    role: .user, content: "What is SSE?\nIn one line, please. 🚀",
                    createdAt: date("2026-11-27T14:05:10.001Z")),
                Message(
                    role: .assistant, content: "Server-sent events: one HTTP response, many `data:` lines.",
                    reasoning: "The user wants one line.", createdAt: date("2026-11-27T14:05:10.250Z"),
                    status: .complete,
                    stats: TurnStats(
                        attempts: 2, retries: 0, emptyStreams: 1, warmup: true, fallback: true, ttftMs: 240,
                        durationMs: 2000, completionTokens: 532, tokensPerSecond: 48.1, finishReason: "stop")),
                Message(
                    role: .assistant, content: "Streams can", createdAt: date("2026-11-27T14:08:59.999Z"),
                    status: .interrupted, error: "the connection dropped after 2 tokens",
                    stats: TurnStats(attempts: 1, ttftMs: 80, errorCategory: "connection")),
            ])
        conversation.updatedAt = date("2026-11-27T14:09:00.500Z")
        return conversation
    }

    /// A small conversation updated at `updated`.
    static func simple(
        id: String, title: String = "A chat", updated: String = "2026-11-27T14:05:00.000Z", content: String = "hello",
        model: String = "demo-model"
    ) -> Conversation {
        var conversation = Conversation(
            id: id, title: title, createdAt: date("2026-11-27T14:00:00.000Z"),
            endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: model),
            messages: [
                Message(role: .user, content: content, createdAt: date("2026-11-27T14:00:01.000Z")),
                Message(role: .assistant, content: "reply to " + content, createdAt: date("2026-11-27T14:00:02.000Z")),
            ])
        conversation.updatedAt = date(updated)
        return conversation
    }
}
