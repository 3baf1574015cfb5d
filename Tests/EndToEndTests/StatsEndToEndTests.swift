import ChatCore
import ChatStore
import ChatTUI
import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm stats` as the real binary, over conversations written with known figures into a
/// temporary data directory: the tables, `--json`, the filters, an empty history, a locale
/// without UTF-8, files that cannot be read; and the profile that `ask` records for it.
final class StatsEndToEndTests: DemoServerTestCase {
    private var dataDir = ""
    private var store: ConversationStore { ConversationStore(directory: DataDirectory(path: dataDir)) }

    override func setUp() async throws {
        try await super.setUp()
        dataDir = Binary.temporaryDataDirectory(for: self)
        setlocale(LC_ALL, "C.UTF-8")
    }

    private func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Binary.cleanEnvironment(["TZ": "UTC"].merging(extra) { $1 })
    }

    private func stats(_ arguments: [String] = [], environment: [String: String]? = nil) throws -> Binary.Result {
        try Binary.run(["stats", "--data-dir", dataDir] + arguments, environment: environment ?? self.environment())
    }

    private static func noon(_ day: String) -> Date {
        try! Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(day + "T12:00:00.000Z")
    }

    /// Saves one conversation of replies with these first tokens (nil: a failed reply) on `day`.
    private func save(
        _ id: String, firstTokens: [Int?], day: String = "2026-11-20", baseURL: String = "http://gpu-box:8000/v1",
        model: String = "glm-4", profile: String? = "gpu"
    ) throws {
        var messages: [Message] = []
        for ttft in firstTokens {
            messages.append(Message(role: .user, content: "q", createdAt: Self.noon(day)))
            if let ttft {
                messages.append(
                    Message(
                        role: .assistant, content: "a", createdAt: Self.noon(day),
                        stats: TurnStats(ttftMs: ttft, tokensPerSecond: 40)))
            } else {
                messages.append(
                    Message(
                        role: .assistant, content: "", createdAt: Self.noon(day), status: .failed,
                        error: "HTTP 503: busy", stats: TurnStats(attempts: 4, retries: 3, errorCategory: "server")))
            }
        }
        var conversation = Conversation(
            id: id, title: id, createdAt: Self.noon(day), endpoint: EndpointInfo(baseURL: baseURL, model: model),
            profile: profile, messages: messages)
        conversation.updatedAt = Self.noon(day)
        try store.save(conversation)
    }

    /// Two endpoints: a GPU box over three days (first tokens 100…300 ms, then 900, one
    /// failure) and a laptop with a CJK model name and no profile.
    private func seed() throws {
        try save("gpu-1", firstTokens: [100, 200, 300], day: "2026-11-20")
        try save("gpu-2", firstTokens: [900, nil], day: "2026-11-22")
        try save("gpu-3", firstTokens: [150], day: "2026-11-23")
        try save("laptop", firstTokens: [40, 60], baseURL: "http://127.0.0.1:11434/v1", model: "千问-7b", profile: nil)
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The display column at which `text` ends in `line`.
    private func end(of text: String, in line: String) throws -> Int {
        let range = try XCTUnwrap(line.range(of: text), "“\(text)” in “\(line)”")
        return TextWidth.of(line[..<range.upperBound])
    }

    func testTheTablesShowEachEndpointsFiguresAlignedByDisplayWidth() throws {
        try seed()
        let result = try stats()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let output = lines(result.stdout)
        XCTAssertEqual(output[0], "8 replies in 4 conversations, 2026-11-20 to 2026-11-23 (\(dataDir)/conversations).")
        let header = try XCTUnwrap(output.first { $0.hasPrefix("ENDPOINT") && $0.contains("TTFT p50") })
        let gpu = try XCTUnwrap(output.first { $0.hasPrefix("gpu-box:8000") && $0.contains(" ms") }, result.stdout)
        let laptop = try XCTUnwrap(output.first { $0.hasPrefix("127.0.0.1:11434") && $0.contains(" ms") })
        // gpu-box: first tokens 100, 150, 200, 300, 900 → p50 200, p90 and p99 900 (nearest rank).
        XCTAssertEqual(
            gpu.split(separator: " ")[0...9],
            ["gpu-box:8000", "glm-4", "gpu", "6", "200", "ms", "900", "ms", "900", "ms"])
        XCTAssertTrue(laptop.contains("千问-7b") && laptop.contains("  -  "), laptop)
        XCTAssertEqual(try end(of: "6", in: gpu), try end(of: "REPLIES", in: header))
        XCTAssertEqual(try end(of: "40.0", in: gpu), try end(of: "TOK/S p50", in: header))
        XCTAssertEqual(try end(of: "40.0", in: laptop), try end(of: "TOK/S p50", in: header), "CJK is two cells wide")
        // The trend: the daily p50 from 2026-11-20 to 11-23 (200, none, 900, 150 ms).
        XCTAssertTrue(gpu.hasSuffix("  ▂ █▂   900 ms"), gpu)
        XCTAssertTrue(laptop.hasSuffix("  █       40 ms"), laptop)
        XCTAssertEqual(try end(of: "900 ms", in: String(gpu.suffix(8))), 8, "PEAK, right-aligned")
        XCTAssertTrue(result.stdout.contains("TREND: daily p50 TTFT, 2026-11-20 to 2026-11-23,"), result.stdout)
        let endings = try XCTUnwrap(output.first { $0.hasPrefix("gpu-box:8000") && !$0.contains(" ms") })
        XCTAssertEqual(endings.split(separator: " ").suffix(8), ["5", "0", "0", "1", "3", "0", "0", "0"], endings)
        XCTAssertTrue(output.contains("  gpu-box:8000 glm-4 gpu: 1 server"), result.stdout)
        for line in output { XCTAssertFalse(line.hasSuffix(" "), "no trailing spaces: “\(line)”") }
    }

    func testJSONIsOneDocumentWithTheFigures() throws {
        try seed()
        let result = try stats(["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["format"] as? String, "chatterm.stats")
        XCTAssertEqual(document["turns"] as? Int, 8)
        let groups = try XCTUnwrap(document["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.map { $0["endpoint"] as? String }, ["gpu-box:8000", "127.0.0.1:11434"])
        XCTAssertEqual(groups[0]["firstTokenMs"] as? [String: Int], ["count": 5, "p50": 200, "p90": 900, "p99": 900])
        XCTAssertEqual(groups[0]["retries"] as? Int, 3)
        XCTAssertEqual((groups[0]["failedBy"] as? [String: Int])?["server"], 1)
        XCTAssertTrue(groups[1]["profile"] is NSNull)
        XCTAssertEqual(
            (groups[0]["daily"] as? [[String: Any]])?.map { $0["date"] as? String },
            ["2026-11-20", "2026-11-22", "2026-11-23"])
    }

    func testFiltersKeepTheirReplies() throws {
        try seed()
        let model = try stats(["--model", "千问-7b", "--json"])
        XCTAssertEqual(try turns(model), 2)
        let profile = try stats(["--profile", "gpu", "--json"])
        XCTAssertEqual(try turns(profile), 6)
        let since = try stats(["--since", "2026-11-22", "--json"])
        XCTAssertEqual(try turns(since), 3)
        let recent = try stats(["--since", "7d"])
        XCTAssertEqual(recent.status, 0, recent.stderr)
        XCTAssertTrue(
            recent.stdout.hasPrefix("No saved reply in \(dataDir)/conversations matches --since 7d"),
            "every reply is older: \(recent.stdout)")
        let table = try stats(["--since", "2026-11-22"])
        XCTAssertTrue(
            table.stdout.hasPrefix("3 replies in 2 conversations since 2026-11-22 00:00, 2026-11-22 to 2026-11-23 ("),
            table.stdout)
    }

    private func turns(_ result: Binary.Result) throws -> Int? {
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return document?["turns"] as? Int
    }

    func testAFilterThatMatchesNothingSaysWhatItCouldHaveNamed() throws {
        try seed()
        let result = try stats(["--model", "mistral"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            "No saved reply in \(dataDir)/conversations matches --model mistral "
                + "(models saved: glm-4, 千问-7b; profiles: gpu).\n")
    }

    func testAnEmptyHistorySaysSoWithStatusZero() throws {
        let result = try stats()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            "No saved replies yet. chatterm keeps conversations in \(dataDir)/conversations "
                + "(change with --data-dir or CHATTERM_DATA_DIR).\n")
        XCTAssertEqual(result.stderr, "")
        let json = try stats(["--json"])
        XCTAssertEqual(json.status, 0)
        XCTAssertEqual(try turns(json), 0)
    }

    func testTheTrendIsASCIIWhereTheLocaleIsNotUTF8() throws {
        try seed()
        let result = try stats([], environment: environment(["LANG": "C", "LC_ALL": "C"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let gpu = try XCTUnwrap(lines(result.stdout).first { $0.hasPrefix("gpu-box:8000") && $0.contains(" ms") })
        XCTAssertTrue(gpu.hasSuffix("  , #,   900 ms"), gpu)
        XCTAssertFalse(result.stdout.unicodeScalars.contains { (0x2581...0x2588).contains($0.value) }, result.stdout)
    }

    func testAFileThatCannotBeReadIsNamedOnStandardErrorAndTheRestCounted() throws {
        try seed()
        let path = store.path(for: "broken")
        try Data("{\"format\": \"chatterm.conversation\", \"vers".utf8).write(to: URL(fileURLWithPath: path))
        let result = try stats()
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("8 replies in 4 conversations"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1 file could not be read, named on standard error"), result.stdout)
        XCTAssertTrue(result.stderr.contains(path) && result.stderr.contains("ends in the middle"), result.stderr)
        let json = try stats(["--json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((document["unreadable"] as? [[String: Any]])?.first?["path"] as? String, path)
    }

    func testNamesFromFilesReachTheTerminalSanitised() throws {
        try save("hostile", firstTokens: [100], model: "evil\u{1B}]0;pwned\u{07}\u{1B}[2J")
        let result = try stats()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{07}"), result.stdout)
    }

    func testTheHelpTeachesTheOptionsAndTheJSONShape() throws {
        let result = try Binary.run(["stats", "--help"], environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        for text in [
            "--since <date|span>", "--model NAME", "--profile NAME", "--json", "nearest-rank", "\"firstTokenMs\"",
            "chatterm stats --since 7d",
        ] {
            XCTAssertTrue(result.stdout.contains(text), "“\(text)” in \(result.stdout)")
        }
    }

    func testABadSinceIsAUsageError() throws {
        let result = try stats(["--since", "last tuesday"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--since takes a date (2026-11-20)"), result.stderr)
    }

    func testAskRecordsTheProfileThatStatsGroupsBy() async throws {
        let server = try await serve()
        let config = """
            [profiles.local]
            base_url = "\(server.baseURL)"
            model = "\(DemoServerConfiguration().model)"
            """
        let environment = try environment(config: config, ["TZ": "UTC"])
        let ask = try Binary.run(
            ["ask", "--data-dir", dataDir, "--profile", "local", "--warmup", "never", "--save", "hello"],
            environment: environment)
        XCTAssertEqual(ask.status, 0, ask.stderr)
        let saved = try XCTUnwrap(store.list().summaries.first)
        XCTAssertEqual(try store.load(id: saved.id).conversation.profile, "local")
        let result = try Binary.run(
            ["stats", "--data-dir", dataDir, "--profile", "local", "--json"], environment: environment)
        let groups = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["groups"]
                as? [[String: Any]])
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(groups.first?["profile"] as? String, "local")
        XCTAssertEqual(groups.first?["turns"] as? Int, 1)
        XCTAssertNotNil((groups.first?["firstTokenMs"] as? [String: Int])?["p50"], "the reply's figures are counted")
    }
}
