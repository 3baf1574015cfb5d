import DemoServer
import Foundation
import TestSupport
import XCTest

/// Hostile servers through the real binary: every bound on what is read ends `ask` and `probe`
/// promptly with the bound's message and keeps the text that came before it, and a redirect is
/// reported without a byte reaching the server it points at.
///
/// Each run allows a first token 60 s and is given 20 s to finish: a run that waited for a
/// timeout instead of stopping at the bound fails for not finishing in time.
final class HostileServerEndToEndTests: DemoServerTestCase {
    /// `chatterm ask` against `server` with one attempt per reply unless `extra` says otherwise.
    private func ask(
        _ server: DemoServer, _ extra: [String] = [], environment: [String: String] = Binary.cleanEnvironment()
    ) throws -> Binary.Result {
        try Binary.run(
            [
                "ask", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--retries", "0",
                "--first-token-timeout", "60", "--idle-timeout", "60",
            ] + extra + ["Hi"], environment: environment, timeout: .seconds(20))
    }

    private let tokens = DemoServer.replyTokens(forPrompt: "Hi")

    // MARK: Bounds

    func testAnEndlessLineEndsAskAtTheLineBoundWithNothingPrinted() async throws {
        let result = try ask(try await serve(fault: "endless-line"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("malformed response: the server sent a line longer than 4 MiB without ending it"),
            result.stderr)
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .newlines), "")
    }

    func testAnEndlessLineAfterSomeTextKeepsThatText() async throws {
        let result = try ask(try await serve(fault: "endless-line:3"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 7, result.stderr)
        XCTAssertEqual(result.stdout, tokens.prefix(3).joined() + "\n")
        XCTAssertTrue(
            result.stderr.contains("the server sent a line longer than 4 MiB without ending it"), result.stderr)
    }

    func testAnEndlessLineIsAnsweredWithoutStreamingByDefault() async throws {
        let server = try await serve(fault: "endless-line")
        let result = try ask(server)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, DemoServer.replyText(forPrompt: "Hi") + "\n")
        XCTAssertTrue(
            result.stderr.contains("the server sent a line longer than 4 MiB without ending it"), result.stderr)
        XCTAssertEqual(server.chatRequests.map(\.isStreaming), [true, false])
    }

    func testDataLinesWithoutEndStopAtTheEventBoundAndKeepTheTextBefore() async throws {
        let result = try ask(try await serve(fault: "endless-event:2"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 7, result.stderr)
        XCTAssertEqual(result.stdout, tokens.prefix(2).joined() + "\n")
        XCTAssertTrue(
            result.stderr.contains("the server sent an event larger than 4 MiB without ending it"), result.stderr)
    }

    func testAGiantEventPastTheBoundKeepsTheTextBeforeIt() async throws {
        let result = try ask(try await serve(fault: "giant-event:8"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 7, result.stderr)
        XCTAssertEqual(result.stdout, tokens.prefix(5).joined() + "\n")
        XCTAssertTrue(
            result.stderr.contains("the server sent a line longer than 4 MiB without ending it"), result.stderr)
    }

    func testAGiantEventWithinTheBoundArrivesWhole() async throws {
        let result = try ask(try await serve(fault: "giant-event:3"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var expected = tokens
        expected.insert(String(repeating: "x", count: 3 * 1024 * 1024), at: 5)
        XCTAssertEqual(result.stdout, expected.joined() + "\n")
    }

    func testAReplyThatNeverStopsEndsAtSixtyFourMebibytesAndKeepsThem() async throws {
        let result = try ask(try await serve(fault: "endless-reply"), ["--fallback", "never"])
        XCTAssertEqual(result.status, 7, result.stderr)
        XCTAssertTrue(result.stderr.contains("the reply is larger than 64 MiB"), result.stderr)
        XCTAssertEqual(result.stdout.utf8.count, 64 * 1024 * 1024 + 1)
        XCTAssertTrue(result.stdout.utf8.dropLast().allSatisfy { $0 == UInt8(ascii: "x") })
    }

    func testAHugeResponseHeadIsAnOversizedResponseNotAnUnreachableServer() async throws {
        let server = try await serve(fault: "huge-head")
        let result = try ask(server)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("malformed response: the server sent a response head larger than 80 KiB"),
            result.stderr)
        XCTAssertFalse(result.stderr.contains("connection failed"), result.stderr)
    }

    func testProbeOfAnEndlessLineReportsTheBoundForEachStreamAndFinishes() async throws {
        let server = try await serve(fault: "endless-line")
        let result = try Binary.run(
            ["probe", "--requests", "1", "--timeout", "60", "--json", "--base-url", server.baseURL],
            timeout: .seconds(20))
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        let requests = try XCTUnwrap(json["requests"] as? [[String: Any]])
        let streams = requests.filter { $0["mode"] as? String == "stream" }
        XCTAssertEqual(streams.count, 2)
        for stream in streams {
            XCTAssertEqual(stream["errorKind"] as? String, "malformed")
            XCTAssertEqual(stream["error"] as? String, "the server sent a line longer than 4 MiB without ending it")
        }
        let verdict = try XCTUnwrap(json["verdict"] as? [String])
        XCTAssertTrue(
            verdict.contains {
                $0.hasPrefix("Streaming fails in 2 of 2 requests: 2× malformed reply: the server sent a line longer")
            }, "\(verdict)")
    }

    // MARK: Redirects

    /// An environment with a key, and a profile for `server` whose `api-key` header is a secret.
    private func environmentWithSecrets(for server: DemoServer) throws -> [String: String] {
        try environment(
            config: """
                [profiles.azure]
                base_url = "\(server.baseURL)"
                headers = { "api-key" = "azure-secret" }
                """, ["OPENAI_API_KEY": "sk-secret", "CHATTERM_PROFILE": "azure"])
    }

    func testARedirectToAnotherServerIsReportedAtOnceAndThatServerHearsNothing() async throws {
        let target = try await serve(fault: "none")
        let server = try await serve(fault: "redirect:\(target.port)")
        for flags in [["--warmup", "always"], ["--no-stream"], ["--retries", "3"]] {
            let result = try ask(server, flags, environment: try environmentWithSecrets(for: server))
            XCTAssertEqual(result.status, 3, "\(flags): \(result.stderr)")
            XCTAssertTrue(
                result.stderr.contains(
                    "HTTP 307: the server redirected to \(target.baseURL)/chat/completions: use \(target.baseURL) "
                        + "as --base-url"), result.stderr)
            XCTAssertEqual(result.stdout.trimmingCharacters(in: .newlines), "")
        }
        XCTAssertTrue(target.requests.isEmpty, "\(target.requests.map(\.headers))")
        XCTAssertEqual(server.requests.first?.header("api-key"), "azure-secret", "the profile was in use")
        XCTAssertEqual(
            server.requests.filter { $0.method == "POST" }.count, 4,
            "the warm-up and one request each: a redirect is never retried")
    }

    func testA302IsNotFollowedAsAGetCarryingTheKey() async throws {
        let target = try await serve(fault: "none")
        let server = try await serve(fault: "redirect-302:\(target.port)")
        let result = try ask(server, environment: try environmentWithSecrets(for: server))
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("HTTP 302: the server redirected to \(target.baseURL)"), result.stderr)
        XCTAssertTrue(target.requests.isEmpty, "\(target.requests.map(\.method))")
    }

    func testARedirectLoopIsReportedAtOnce() async throws {
        let server = try await serve(fault: "redirect-loop")
        let result = try ask(server, ["--retries", "2"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("a redirect loop"), result.stderr)
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testProbeSaysWhereTheServerRedirectsAndNeverBlamesLoad() async throws {
        let target = try await serve(fault: "none")
        let server = try await serve(fault: "redirect:\(target.port)")
        let result = try Binary.run(
            ["probe", "--requests", "1", "--timeout", "60", "--base-url", server.baseURL],
            environment: Binary.cleanEnvironment(["OPENAI_API_KEY": "sk-secret"]), timeout: .seconds(20))
        XCTAssertEqual(result.status, 1, "no request got a reply: \(result.stderr)")
        XCTAssertTrue(
            result.stdout.contains(
                "Every request fails with HTTP 307: the server redirected to \(target.baseURL)/chat/completions: "
                    + "use \(target.baseURL) as --base-url."), result.stdout)
        XCTAssertFalse(result.stdout.contains("overloaded"), result.stdout)
        XCTAssertTrue(target.requests.isEmpty)
    }

    func testProbeOfARedirectLoopSaysItIsALoop() async throws {
        let server = try await serve(fault: "redirect-loop")
        let result = try Binary.run(
            ["probe", "--requests", "1", "--timeout", "60", "--base-url", server.baseURL], timeout: .seconds(20))
        XCTAssertEqual(result.status, 1, "no request got a reply: \(result.stderr)")
        XCTAssertTrue(result.stdout.contains("a redirect loop"), result.stdout)
        XCTAssertFalse(result.stdout.contains("overloaded"), result.stdout)
    }
}
