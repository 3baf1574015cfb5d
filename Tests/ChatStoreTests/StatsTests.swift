import ChatCore
import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `ConversationStore.stats`: the figures of saved replies, read from real files written with
/// known figures, grouped by endpoint, model and profile.
final class StatsTests: StoreTestCase {
    /// Noon UTC, so the local day is the same in every time zone within eleven hours of UTC.
    private func noon(_ day: String) -> Date { Fixture.date(day + "T12:00:00.000Z") }

    private func reply(
        on day: String = "2026-11-20", status: MessageStatus = .complete, error: String? = nil,
        stats: TurnStats? = TurnStats()
    ) -> Message {
        Message(role: .assistant, content: "reply", createdAt: noon(day), status: status, error: error, stats: stats)
    }

    /// Saves a conversation of `replies` (each after a prompt) held with `baseURL`, `model` and
    /// `profile`, last updated at noon of `updated`.
    private func save(
        _ id: String, _ replies: [Message], baseURL: String = "http://gpu-box:8000/v1", model: String = "glm",
        profile: String? = "gpu", updated: String = "2026-11-27"
    ) throws {
        var conversation = Conversation(
            id: id, title: id, createdAt: noon("2026-11-01"), endpoint: EndpointInfo(baseURL: baseURL, model: model),
            profile: profile, messages: replies.flatMap { [Message(role: .user, content: "question"), $0] })
        conversation.updatedAt = noon(updated)
        try makeStore().save(conversation)
    }

    /// 100 replies over 10 conversations with first tokens of 1…100 ms and 1…100 tok/s.
    private func saveHundredReplies() throws {
        for conversation in 0..<10 {
            let replies = (1...10).map { index in
                let value = conversation * 10 + index
                return reply(stats: TurnStats(ttftMs: value, tokensPerSecond: Double(value)))
            }
            try save("gpu-\(conversation)", replies)
        }
    }

    private func group(_ stats: HistoryStats, model: String) throws -> StatsGroup {
        try XCTUnwrap(stats.groups.first { $0.model == model }, "no group for \(model) in \(stats.groups)")
    }

    // MARK: Percentiles

    func testPercentilesAreNearestRankOverTheRepliesOfAGroup() throws {
        try saveHundredReplies()
        let stats = makeStore().stats()
        XCTAssertEqual(stats.groups.count, 1)
        let gpu = try group(stats, model: "glm")
        XCTAssertEqual(gpu.endpoint, "gpu-box:8000", "host:port, as the status bar names it")
        XCTAssertEqual(gpu.profile, "gpu")
        XCTAssertEqual(gpu.conversations, 10)
        XCTAssertEqual(gpu.turns, 100)
        XCTAssertEqual(gpu.firstToken, StatsGroup.Latency(count: 100, p50: 50, p90: 90, p99: 99))
        XCTAssertEqual(gpu.tokensPerSecondP50, 50)
        XCTAssertEqual(gpu.tokensPerSecondCount, 100)
        XCTAssertEqual(stats.turns, 100)
        XCTAssertEqual(stats.conversations, 10)
        XCTAssertTrue(stats.problems.isEmpty)
    }

    func testNearestRankOfAFewValuesIsAlwaysOneOfThem() {
        XCTAssertEqual(Percentile.nearestRank([10, 20, 30], 50), 20)
        XCTAssertEqual(Percentile.nearestRank([10, 20, 30], 90), 30)
        XCTAssertEqual(Percentile.nearestRank([10, 20, 30], 99), 30)
        XCTAssertEqual(Percentile.nearestRank([10, 20, 30, 40], 50), 20, "rank ⌈0.5·4⌉ = 2")
        XCTAssertEqual(Percentile.nearestRank(Array(1...6), 90), 6, "rank ⌈5.4⌉ = 6: rounded up, never to the nearest")
        XCTAssertEqual(Percentile.nearestRank(Array(1...6), 10), 1)
        XCTAssertEqual(Percentile.nearestRank([7], 99), 7)
        XCTAssertNil(Percentile.nearestRank([Int](), 50))
        let thousand = Array(1...1000)
        XCTAssertEqual(Percentile.nearestRank(thousand, 99), 990)
        XCTAssertEqual(Percentile.nearestRank(Array(1...101), 50), 51)
    }

    // MARK: How replies ended, and what they took

    func testEndingsFailuresByKindAndRequestFiguresAreCounted() throws {
        try save(
            "llama",
            [
                reply(stats: TurnStats(ttftMs: 10, tokensPerSecond: 20)),
                reply(stats: TurnStats(attempts: 3, retries: 2, emptyStreams: 0, warmup: true, ttftMs: 30)),
                reply(
                    stats: TurnStats(
                        attempts: 2, retries: 0, emptyStreams: 1, fallback: true, fallbackReason: "empty stream",
                        ttftMs: 20)),
                reply(status: .interrupted, error: "the stream ended before the reply finished", stats: TurnStats()),
                reply(status: .cancelled, stats: TurnStats()),
                reply(
                    status: .failed, error: "no first token within 30 s (--first-token-timeout)",
                    stats: TurnStats(attempts: 4, retries: 3, emptyStreams: 0, errorCategory: "timeout")),
                reply(status: .failed, error: "HTTP 401: invalid key", stats: TurnStats(errorCategory: "server")),
            ], baseURL: "http://127.0.0.1:11434/v1", model: "llama", profile: nil)
        let llama = try group(makeStore().stats(), model: "llama")
        XCTAssertEqual(llama.endpoint, "127.0.0.1:11434")
        XCTAssertNil(llama.profile)
        XCTAssertEqual(llama.turns, 7)
        XCTAssertEqual(
            [llama.complete, llama.interrupted, llama.cancelled, llama.failed], [3, 1, 1, 2])
        XCTAssertEqual(llama.failedBy, ["timeout": 1, "server": 1])
        XCTAssertEqual(llama.retries, 5)
        XCTAssertEqual(llama.emptyStreams, 1)
        XCTAssertEqual(llama.fallbacks, 1)
        XCTAssertEqual(llama.warmups, 1)
        XCTAssertEqual(llama.firstToken, StatsGroup.Latency(count: 3, p50: 20, p90: 30, p99: 30))
        XCTAssertEqual(llama.tokensPerSecondP50, 20)
        XCTAssertEqual(llama.tokensPerSecondCount, 1, "only replies that measured a rate")
    }

    func testTheRepliesOfEveryBranchCount() throws {
        try makeStore().save(Fixture.branched(replyStats: TurnStats(ttftMs: 10, tokensPerSecond: 20)))
        let demo = try group(makeStore().stats(), model: "demo-model")
        XCTAssertEqual(demo.turns, 4, "two in view or not, the retried one and the one after it")
        XCTAssertEqual(demo.complete, 4)
        XCTAssertEqual(demo.firstToken?.count, 4)
        XCTAssertEqual(demo.tokensPerSecondCount, 4)
        XCTAssertEqual(demo.conversations, 1)
    }

    func testRepliesSavedBeforeTheNewFiguresHaveThemWorkedOut() throws {
        // Written as chatterm wrote files before it saved retries, empty streams and the kind of failure.
        try writeFile(
            id: "old",
            """
            {"format": "chatterm.conversation", "version": 1, "id": "old", "title": "old",
             "createdAt": "2026-11-20T12:00:00.000Z", "updatedAt": "2026-11-20T12:10:00.000Z",
             "endpoint": {"baseURL": "http://gpu-box:8000/v1", "model": "glm"},
             "messages": [
              {"role": "user", "content": "q", "createdAt": "2026-11-20T12:00:00.000Z", "status": "complete"},
              {"role": "assistant", "content": "a", "createdAt": "2026-11-20T12:00:01.000Z", "status": "complete",
               "stats": {"attempts": 3, "warmup": false, "fallback": true, "fallbackReason": "empty stream",
                         "ttftMs": 300}},
              {"role": "assistant", "content": "b", "createdAt": "2026-11-20T12:01:00.000Z", "status": "complete",
               "stats": {"attempts": 2, "warmup": false, "fallback": true,
                         "fallbackReason": "streaming off: 3 streams in a row failed (empty stream)"}},
              {"role": "assistant", "content": "", "createdAt": "2026-11-20T12:02:00.000Z", "status": "failed",
               "error": "HTTP 503: model is loading", "stats": {"attempts": 4, "warmup": true, "fallback": false}},
              {"role": "assistant", "content": "", "createdAt": "2026-11-20T12:03:00.000Z", "status": "failed",
               "error": "empty stream", "stats": {"attempts": 1, "warmup": false, "fallback": false}},
              {"role": "assistant", "content": "", "createdAt": "2026-11-20T12:04:00.000Z", "status": "failed",
               "error": "something no chatterm wrote"},
              {"role": "assistant", "content": "", "createdAt": "2026-11-20T12:05:00.000Z", "status": "streaming"}
             ]}
            """)
        let stats = makeStore().stats()
        let glm = try group(stats, model: "glm")
        XCTAssertNil(glm.profile, "a conversation from before profiles were recorded has none")
        XCTAssertEqual(glm.turns, 6)
        XCTAssertEqual(glm.failedBy, ["server": 1, "empty": 1, "other": 1])
        XCTAssertEqual(glm.retries, 1 + 1 + 3, "3 requests less the fallback's; 2 with streaming off; 4 requests")
        XCTAssertEqual(glm.emptyStreams, 2, "the fallback's reason, and the failure")
        XCTAssertEqual(glm.interrupted, 1, "a reply left streaming with no chatterm holding it was interrupted")
        XCTAssertEqual(glm.warmups, 1)
    }

    func testAReplyStillStreamingInAnotherChattermIsNotCountedYet() throws {
        try save("live", [reply(), reply(status: .streaming, stats: nil)])
        let store = makeStore()
        let lock = try XCTUnwrap(store.lock(id: "live"))
        XCTAssertEqual(try group(store.stats(), model: "glm").turns, 1)
        lock.release()
        let released = try group(store.stats(), model: "glm")
        XCTAssertEqual([released.turns, released.interrupted], [2, 1])
    }

    // MARK: Groups and filters

    func testGroupsAreByEndpointModelAndProfileLargestFirst() throws {
        try save("a", [reply(), reply()], baseURL: "http://gpu-box:8000/v1", model: "glm", profile: "gpu")
        try save("b", [reply()], baseURL: "https://gpu-box:8000/api/v1", model: "glm", profile: "gpu")
        try save("c", [reply()], baseURL: "http://gpu-box:8000/v1", model: "glm", profile: nil)
        try save("d", [reply(), reply(), reply(), reply()], baseURL: "http://laptop:11434/v1", model: "llama")
        let stats = makeStore().stats()
        XCTAssertEqual(stats.groups.map(\.endpoint), ["laptop:11434", "gpu-box:8000", "gpu-box:8000"])
        XCTAssertEqual(stats.groups.map(\.turns), [4, 3, 1], "one endpoint whatever the scheme and path")
        XCTAssertEqual(stats.groups.map(\.profile), ["gpu", "gpu", nil])
        XCTAssertEqual(stats.models, ["glm", "llama"])
        XCTAssertEqual(stats.profiles, ["gpu"])
    }

    func testARepliesOwnEndpointModelAndProfileBeatTheConversationsAfterAFailover() throws {
        let answeredByTheLaptop = TurnStats(
            ttftMs: 40, endpoint: "laptop:11434", profile: "laptop", model: "llama",
            failedOver: "gpu-box:8000 failed (connection refused)")
        try save("a", [reply(stats: TurnStats(ttftMs: 10)), reply(stats: answeredByTheLaptop)], model: "glm")
        let stats = makeStore().stats()
        XCTAssertEqual(stats.groups.map(\.endpoint), ["gpu-box:8000", "laptop:11434"])
        XCTAssertEqual(stats.groups.map(\.model), ["glm", "llama"])
        XCTAssertEqual(stats.groups.map(\.profile), ["gpu", "laptop"])
        XCTAssertEqual(stats.groups.map(\.turns), [1, 1])
        XCTAssertEqual(stats.groups.map(\.conversations), [1, 1])
        XCTAssertEqual(stats.conversations, 1)
        XCTAssertEqual(makeStore().stats(StatsFilter(profile: "laptop")).turns, 1)
    }

    func testModelAndProfileFiltersKeepOnlyTheirReplies() throws {
        try save("a", [reply()], model: "glm", profile: "gpu")
        try save("b", [reply(), reply()], model: "llama", profile: "laptop")
        try save("c", [reply()], model: "llama", profile: nil)
        let store = makeStore()
        XCTAssertEqual(store.stats(StatsFilter(model: "llama")).turns, 3)
        XCTAssertEqual(store.stats(StatsFilter(profile: "laptop")).turns, 2)
        XCTAssertEqual(store.stats(StatsFilter(model: "llama", profile: "gpu")).turns, 0)
        let none = store.stats(StatsFilter(model: "mistral"))
        XCTAssertTrue(none.groups.isEmpty)
        XCTAssertEqual(none.models, ["glm", "llama"], "what --model could have named")
    }

    func testSinceKeepsTheRepliesAskedFromThenOn() throws {
        try save("old", [reply(on: "2026-11-10")], updated: "2026-11-10")
        try save("both", [reply(on: "2026-11-12"), reply(on: "2026-11-21"), reply(on: "2026-11-22")])
        let stats = makeStore().stats(StatsFilter(since: Fixture.date("2026-11-20T00:00:00.000Z")))
        XCTAssertEqual(stats.turns, 2)
        XCTAssertEqual(stats.conversations, 1)
    }

    func testEachDayHasItsRepliesAndItsMedianFirstToken() throws {
        try save(
            "days",
            [
                reply(on: "2026-11-20", stats: TurnStats(ttftMs: 100)),
                reply(on: "2026-11-20", stats: TurnStats(ttftMs: 300)),
                reply(on: "2026-11-20", stats: TurnStats(ttftMs: 200)),
                reply(on: "2026-11-22", status: .failed, stats: TurnStats(errorCategory: "connection")),
                reply(on: "2026-11-23", stats: TurnStats(ttftMs: 900)),
            ])
        let stats = makeStore().stats()
        let days = try group(stats, model: "glm").days
        XCTAssertEqual(days.map(\.day.description), ["2026-11-20", "2026-11-22", "2026-11-23"])
        XCTAssertEqual(days.map(\.turns), [3, 1, 1])
        XCTAssertEqual(days.map(\.firstTokenP50), [200, nil, 900])
        XCTAssertEqual(stats.dayRange.map { "\($0.lowerBound)…\($0.upperBound)" }, "2026-11-20…2026-11-23")
    }

    func testAnEmptyHistoryHasNoGroups() {
        let stats = makeStore().stats()
        XCTAssertTrue(stats.groups.isEmpty)
        XCTAssertEqual(stats.turns, 0)
        XCTAssertTrue(stats.problems.isEmpty, "a folder not made yet is an empty history")
        XCTAssertNil(stats.dayRange)
    }

    // MARK: Files that cannot be read

    func testUnreadableFilesAreCountedAndNamedAndTheOthersStillCount() throws {
        try saveHundredReplies()
        try writeFile(id: "cut", #"{"format": "chatterm.conversation", "version": 1, "id": "cut", "mess"#)
        try writeFile(
            id: "newer",
            #"{"format": "chatterm.conversation", "version": 9, "id": "newer", "messages": []}"#)
        let fifo = conversationsPath + "/pipe.json"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let stats = makeStore().stats()
        XCTAssertEqual(stats.turns, 100)
        XCTAssertEqual(
            stats.problems.compactMap(\.path).sorted(),
            [conversationsPath + "/cut.json", conversationsPath + "/newer.json", fifo])
        XCTAssertEqual(
            stats.problems.first { $0.path == fifo }?.description,
            "\(fifo) cannot be read as a chatterm conversation: it is a FIFO (named pipe), not a regular file."
                + " It is left as it is.")
    }

    // MARK: JSON

    func testTheJSONDocumentHasEveryKeyWithTheFigures() throws {
        try saveHundredReplies()
        try save("failed", [reply(status: .failed, error: "HTTP 500: boom", stats: TurnStats(errorCategory: "server"))])
        let stats = makeStore().stats(StatsFilter(since: Fixture.date("2026-11-01T00:00:00.000Z"), model: "glm"))
        let document = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(stats.json().utf8), options: [.fragmentsAllowed]) as? [String: Any])
        XCTAssertEqual(document["format"] as? String, "chatterm.stats")
        XCTAssertEqual(document["version"] as? Int, 1)
        XCTAssertEqual(document["since"] as? String, "2026-11-01T00:00:00.000Z")
        XCTAssertEqual(document["model"] as? String, "glm")
        XCTAssertTrue(document["profile"] is NSNull, "a key that does not apply is null, never missing")
        XCTAssertEqual(document["percentiles"] as? String, "nearest-rank")
        XCTAssertEqual(document["turns"] as? Int, 101)
        XCTAssertEqual(document["conversations"] as? Int, 11)
        XCTAssertEqual((document["unreadable"] as? [Any])?.count, 0)
        let group = try XCTUnwrap((document["groups"] as? [[String: Any]])?.first)
        XCTAssertEqual(group["endpoint"] as? String, "gpu-box:8000")
        XCTAssertEqual(group["profile"] as? String, "gpu")
        XCTAssertEqual(group["turns"] as? Int, 101)
        let firstToken = try XCTUnwrap(group["firstTokenMs"] as? [String: Int])
        XCTAssertEqual(firstToken, ["count": 100, "p50": 50, "p90": 90, "p99": 99])
        XCTAssertEqual((group["tokensPerSecond"] as? [String: Any])?["p50"] as? Double, 50)
        XCTAssertEqual(
            group["ended"] as? [String: Int], ["complete": 100, "interrupted": 0, "cancelled": 0, "failed": 1])
        XCTAssertEqual(
            group["failedBy"] as? [String: Int],
            ["server": 1, "timeout": 0, "empty": 0, "connection": 0, "malformed": 0, "other": 0])
        for key in ["retries", "emptyStreams", "fallbacks", "warmups"] { XCTAssertEqual(group[key] as? Int, 0, key) }
        let day = try XCTUnwrap((group["daily"] as? [[String: Any]])?.first)
        XCTAssertEqual(day["date"] as? String, "2026-11-20")
        XCTAssertEqual(day["turns"] as? Int, 101)
        XCTAssertEqual(day["firstTokenP50Ms"] as? Int, 50)
    }

    // MARK: --since

    func testSinceTakesADayADateTimeOrASpanBackFromNow() throws {
        let now = Fixture.date("2026-11-27T14:00:00.000Z")
        XCTAssertEqual(StatsSince.parse("7d", now: now), Fixture.date("2026-11-20T14:00:00.000Z"))
        XCTAssertEqual(StatsSince.parse("24h", now: now), Fixture.date("2026-11-26T14:00:00.000Z"))
        XCTAssertEqual(StatsSince.parse("1h", now: now), Fixture.date("2026-11-27T13:00:00.000Z"))
        XCTAssertEqual(
            StatsSince.parse("2026-11-20T09:00:00Z", now: now), Fixture.date("2026-11-20T09:00:00.000Z"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let localMidnight = try XCTUnwrap(calendar.date(from: DateComponents(year: 2026, month: 11, day: 20)))
        XCTAssertEqual(StatsSince.parse("2026-11-20", now: now), localMidnight, "a day starts at local midnight")
    }

    func testSinceRefusesWhatNamesNoMoment() {
        let now = Date()
        for text in [
            "", "7", "d", "0d", "-7d", "7w", "7 d", "1.5d", "１d", "99999999d", "2026-02-30", "2026-13-01", "2026-1-5",
            "yesterday", "20261120",
        ] {
            XCTAssertNil(StatsSince.parse(text, now: now), "“\(text)”")
        }
    }

    // MARK: Sparkline

    func testTheSparklineScalesEachValueToTheLargestInBlocks() {
        XCTAssertEqual(Sparkline.render([1, 2, nil, 8], ascii: false), "▁▂ █")
        XCTAssertEqual(Sparkline.render([0, 4, 5, 8], ascii: false), "▁▄▅█")
        XCTAssertEqual(Sparkline.render((1...8).map { Double($0) }, ascii: false), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline.render([3, 3, 3], ascii: false), "███", "a steady latency is level with the top")
        XCTAssertEqual(Sparkline.render([nil, nil], ascii: false), "  ")
        XCTAssertEqual(Sparkline.render([], ascii: false), "")
    }

    func testTheSparklineInASCIIUsesOneCharacterPerLevel() {
        XCTAssertEqual(Sparkline.render((1...8).map { Double($0) }, ascii: true), ".,:-=+*#")
        XCTAssertEqual(Sparkline.render([1, 2, nil, 8], ascii: true), "., #")
        XCTAssertTrue(Sparkline.render([0, 1, 2, nil, 7, 8], ascii: true).unicodeScalars.allSatisfy(\.isASCII))
    }
}
