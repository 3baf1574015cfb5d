import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// The watch's rounds against a real DemoServer over loopback, and against a port that refuses:
/// one streamed request a round, the model found once, rounds that never overlap, and an end by
/// count, by its listener or by cancellation.
final class ProbeWatchTests: DemoServerTestCase {
    private func watch(
        _ baseURL: String, count: Int?, timeout: Double = 30, configured: String? = nil
    ) throws -> ProbeWatch {
        let plan = ProbeWatch.Plan(
            intervalSeconds: ProbeWatch.Plan.shortestInterval, count: count, timeoutSeconds: timeout,
            model: ModelChoice(configured: configured, baseURL: baseURL))
        return ProbeWatch(endpoint: try Endpoint(baseURL: baseURL), plan: plan)
    }

    func testEachRoundStreamsOneShortRequestAndTheModelIsListedOnce() async throws {
        let server = try await serve(fault: "none", tokensPerSecond: 200)
        let rounds = try await watch(server.baseURL, count: 3).run { _ in true }
        XCTAssertEqual(rounds.map(\.number), [1, 2, 3])
        XCTAssertEqual(rounds.map(\.verdict), [.ok, .ok, .ok])
        XCTAssertEqual(rounds.map(\.model), ["demo-model", "demo-model", "demo-model"])
        for round in rounds {
            XCTAssertEqual(round.observation.status, 200)
            XCTAssertEqual(round.observation.completionTokens, ProbeWatch.Plan.defaultMaxTokens)
            XCTAssertNotNil(round.observation.tokensPerSecond)
        }
        XCTAssertEqual(server.requests.filter { $0.method == "GET" }.count, 1, "the model list, once")
        let posts = server.requests.filter { $0.method == "POST" }
        XCTAssertEqual(posts.count, 3)
        for post in posts {
            XCTAssertTrue(post.body.contains(#""stream":true"#), post.body)
            XCTAssertTrue(post.body.contains(#""max_tokens":32"#), post.body)
        }
        XCTAssertLessThan(rounds[0].startedAt, rounds[1].startedAt)
    }

    func testAServerThatIsDownFailsEveryRoundAndIsAskedForItsModelsAgain() async throws {
        let socket = try LoopbackSocket()
        socket.close()
        let rounds = try await watch("http://127.0.0.1:\(socket.port)/v1", count: 2).run { _ in true }
        XCTAssertEqual(rounds.map(\.verdict), [.failed(.connection), .failed(.connection)])
        XCTAssertEqual(rounds.map(\.model), [nil, nil])
        let error = try XCTUnwrap(rounds.first?.observation.error)
        XCTAssertTrue(error.hasPrefix("no model to ask for: cannot list the server's models"), error)
    }

    func testAModelTheConfigurationNamesIsAskedForWithoutListing() async throws {
        let server = try await serve(.fast)
        let rounds = try await watch(server.baseURL, count: 1, configured: "qwen").run { _ in true }
        XCTAssertEqual(rounds.map(\.model), ["qwen"])
        XCTAssertTrue(server.requests.allSatisfy { $0.method == "POST" })
    }

    func testAListenerThatWantsNoMoreEndsTheWatch() async throws {
        let server = try await serve(.fast)
        let rounds = try await watch(server.baseURL, count: nil).run { _ in false }
        XCTAssertEqual(rounds.count, 1)
    }

    func testCancellingEndsTheWatchAndTheRoundItCutShortIsNotCounted() async throws {
        let server = try await serve(.fast(.hangAfterHeaders))
        let watcher = try watch(server.baseURL, count: nil, configured: "m")
        let running = Task { await watcher.run { _ in true } }
        let deadline = ContinuousClock.now + .seconds(30)
        while server.requests.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertFalse(server.requests.isEmpty, "the first round's request went out")
        running.cancel()
        let rounds = await running.value
        XCTAssertEqual(rounds.count, 0)
    }

    func testTheNextRoundStartsAnIntervalAfterTheLastOneStartedOrAtOnceWhenItRanLate() {
        let start = ContinuousClock.now
        let interval = Duration.seconds(2)
        XCTAssertEqual(
            ProbeWatch.nextStart(after: start, finishedAt: start + .milliseconds(300), interval: interval),
            start + interval)
        XCTAssertEqual(
            ProbeWatch.nextStart(after: start, finishedAt: start + .seconds(5), interval: interval),
            start + .seconds(5), "a slow round delays the next; rounds never overlap")
    }
}
