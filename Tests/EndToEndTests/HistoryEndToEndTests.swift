import ChatCore
import ChatStore
import Foundation
import TestSupport
import XCTest

/// `chatterm history` and `chatterm show` as the real binary, against a temporary data directory
/// seeded by `ConversationStore` itself.
final class HistoryEndToEndTests: XCTestCase {
    private var dataDir = ""
    private var store: ConversationStore { ConversationStore(directory: DataDirectory(path: dataDir)) }

    override func setUpWithError() throws {
        dataDir = NSTemporaryDirectory() + "/chatterm-history-" + UUID().uuidString
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    private static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    private func conversation(
        _ id: String, title: String, updated: String, messages: [(Role, String)], model: String = "demo-model"
    ) -> Conversation {
        var conversation = Conversation(
            id: id, title: title, createdAt: Self.date("2026-11-27T10:00:00.000Z"),
            endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: model),
            messages: messages.map {
                Message(role: $0.0, content: $0.1, createdAt: Self.date("2026-11-27T10:00:01.000Z"))
            })
        conversation.updatedAt = Self.date(updated)
        return conversation
    }

    /// Three conversations: an old English one, a Chinese one, and the newest with tricky Markdown.
    @discardableResult
    private func seed() throws -> [Conversation] {
        let conversations = [
            conversation(
                "20261125-080000-0001", title: "Old notes", updated: "2026-11-25T08:00:00.000Z",
                messages: [(.user, "remember the milk"), (.assistant, "Noted.")]),
            conversation(
                "20261126-090000-0002", title: "问候", updated: "2026-11-26T09:00:00.000Z",
                messages: [(.user, "你好"), (.assistant, "你好，世界！这是一个流式回复。")], model: "chatglm3-6b"),
            conversation(
                "20261127-100000-0003",
                title: "A very long title about server-sent events that cannot fit in eighty columns at all",
                updated: "2026-11-27T10:00:00.000Z",
                messages: [
                    (.system, "Be brief."), (.user, "Show code"),
                    (.assistant, "### Not a heading\n```swift\nprint(\"hi\")\n```\n\ntrailing  \n"),
                ]),
        ]
        for conversation in conversations { try store.save(conversation) }
        return conversations
    }

    func testHistoryListsConversationsNewestFirstInEightyColumns() throws {
        try seed()
        let result = try Binary.run(["history", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, result.stdout)
        XCTAssertTrue(lines[0].hasPrefix("UPDATED"), lines[0])
        XCTAssertTrue(lines[1].contains("20261127-100000-0003"), lines[1])
        XCTAssertTrue(lines[2].contains("20261126-090000-0002"), lines[2])
        XCTAssertTrue(lines[3].contains("20261125-080000-0001"), lines[3])
        XCTAssertTrue(lines[1].hasPrefix("2026-11-27 10:00  20261127-100000-0003"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix("…"), "the long title is cut: \(lines[1])")
        XCTAssertTrue(lines[2].contains("chatglm3-6b") && lines[2].contains("问候"), lines[2])
        XCTAssertTrue(lines[3].contains("2  ") && lines[3].contains(" B  "), lines[3])
        for line in lines where line.unicodeScalars.allSatisfy(\.isASCII) || line.hasSuffix("…") {
            XCTAssertLessThanOrEqual(line.count, 80, line)
        }
        XCTAssertEqual(result.stderr, "")
    }

    func testHistorySearchFindsCJKTextAndCountsMatches() throws {
        try seed()
        let result = try Binary.run(["history", "--data-dir", dataDir, "--search", "你好"], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, result.stdout)
        XCTAssertTrue(lines[0].contains("HITS"), lines[0])
        XCTAssertTrue(lines[1].contains("20261126-090000-0002"), lines[1])
        let fields = lines[1].split(separator: " ")
        XCTAssertEqual(Array(fields[2...4]), ["20261126-090000-0002", "2", "2"], "2 messages, 2 hits: \(lines[1])")
    }

    func testHistorySearchWithNoHitsSaysSo() throws {
        try seed()
        let result = try Binary.run(
            ["history", "--data-dir", dataDir, "--search", "zebra"], environment: environment())
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("No saved conversation contains “zebra”"), result.stdout)
    }

    func testHistoryJSONIsAnArrayOfSummaries() throws {
        let seeded = try seed()
        let result = try Binary.run(["history", "--data-dir", dataDir, "--json"], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.map { $0["id"] as? String }, seeded.reversed().map(\.id))
        XCTAssertEqual(array[1]["title"] as? String, "问候")
        XCTAssertEqual(array[1]["messageCount"] as? Int, 2)
        XCTAssertEqual(array[1]["updatedAt"] as? String, "2026-11-26T09:00:00.000Z")
        XCTAssertEqual(array[1]["path"] as? String, store.path(for: "20261126-090000-0002"))
    }

    func testAnEmptyStoreSaysWhereConversationsAreKept() throws {
        let result = try Binary.run(["history", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            "No saved conversations yet. chatterm keeps them in \(dataDir)/conversations "
                + "(change with --data-dir or CHATTERM_DATA_DIR).\n")
        let json = try Binary.run(["history", "--json"], environment: environment(["CHATTERM_DATA_DIR": dataDir]))
        XCTAssertEqual(json.stdout.filter { !$0.isWhitespace }, "[]")
    }

    func testShowLastAsMarkdownReadsBackIntoTheSameMessages() throws {
        let seeded = try seed()
        let result = try Binary.run(
            ["show", "last", "--format", "markdown", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        let messages = ConversationExport.messages(fromMarkdown: result.stdout)
        XCTAssertEqual(messages.map(\.content), seeded[2].messages.map(\.content))
        XCTAssertEqual(messages.map(\.role), seeded[2].messages.map(\.role))
    }

    func testShowTakesAnIDPrefixAndPrintsTextOrJSON() throws {
        let seeded = try seed()
        let text = try Binary.run(["show", "20261126", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout, ConversationExport.text(seeded[1]))
        let json = try Binary.run(
            ["show", "20261126-090000-0002", "--format", "json", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(
            json.stdout, try String(contentsOfFile: store.path(for: "20261126-090000-0002"), encoding: .utf8))
    }

    func testACorruptFileIsReportedAndLeftUnchanged() throws {
        try seed()
        let path = store.path(for: "20261127-999999-dead")
        let damaged = Data("{\"format\": \"chatterm.conversation\", \"version\": 1, \"id\": \"20261127-9".utf8)
        try damaged.write(to: URL(fileURLWithPath: path))

        let history = try Binary.run(["history", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertEqual(history.stdout.split(separator: "\n").count, 4, "the others are listed")
        XCTAssertTrue(history.stderr.contains(path), history.stderr)
        XCTAssertTrue(history.stderr.contains("ends in the middle"), history.stderr)

        let show = try Binary.run(["show", "20261127-999999-dead", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(show.status, 1)
        XCTAssertTrue(show.stderr.contains(path) && show.stderr.contains("ends in the middle"), show.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), damaged)
    }

    func testAMissingIDExitsOneWithAClearMessage() throws {
        try seed()
        let result = try Binary.run(["show", "nope", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "Error: no saved conversation has the id or id prefix 'nope'\n")
        let ambiguous = try Binary.run(["show", "2026112", "--data-dir", dataDir], environment: environment())
        XCTAssertEqual(ambiguous.status, 1)
        XCTAssertTrue(ambiguous.stderr.contains("matches 3 conversations"), ambiguous.stderr)
        let empty = try Binary.run(["show", "last", "--data-dir", dataDir + "/none"], environment: environment())
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(empty.stderr, "Error: there are no saved conversations yet\n")
    }

    func testAReaderThatStopsEarlyEndsShowQuietly() throws {
        var large = conversation(
            "20261127-120000-0004", title: "Large", updated: "2026-11-27T12:00:00.000Z",
            messages: [(.assistant, String(repeating: "a line of streamed text\n", count: 20_000))])
        large.title = "Large"
        try store.save(large)
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["show", "last", "--data-dir", dataDir]
        process.environment = environment()
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Like `| head -c 100`: read a little, then close the pipe while the command still writes.
        _ = try output.fileHandleForReading.read(upToCount: 100)
        try output.fileHandleForReading.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "not killed by SIGPIPE")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: stderr, as: UTF8.self), "")
    }

    private func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Binary.cleanEnvironment(["TZ": "UTC"].merging(extra) { $1 })
    }
}
