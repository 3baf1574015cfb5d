import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm probe --watch` as someone watching a server runs it: in a pipe, in a terminal, and
/// feeding a log collector JSON, ended by `--count`, Ctrl-C or SIGTERM.
final class ProbeWatchEndToEndTests: DemoServerTestCase {
    /// A server that streams at 200 tokens per second, so a round's rate can be measured.
    private func timedServer(fault: String = "none") async throws -> DemoServer {
        try await serve(fault: fault, tokensPerSecond: 200)
    }

    private func watch(_ server: DemoServer, _ arguments: [String]) -> [String] {
        ["probe", "--watch", "0.5"] + arguments + ["--base-url", server.baseURL]
    }

    /// "14:03:07", the line's first cell.
    private func startsWithATime(_ line: String) -> Bool {
        line.range(of: #"^\d\d:\d\d:\d\d  "#, options: .regularExpression) != nil
    }

    /// The cells of a round's line, split at runs of spaces.
    private func cells(_ line: String) -> [String] {
        line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    private func jsonObjects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    func testWatchPrintsOneAlignedLinePerRoundThenTheSummaryAndExitsZeroWhenEveryRoundWorks() async throws {
        let server = try await timedServer()
        let result = try Binary.run(watch(server, ["--count", "3"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, 7, result.stdout)
        let rows = Array(lines.prefix(3))
        for row in rows {
            XCTAssertTrue(startsWithATime(row), row)
            let cells = cells(row)
            XCTAssertEqual(cells.count, 6, row)
            XCTAssertEqual(cells[1], "200", row)
            XCTAssertNotNil(Int(cells[2]), "time to first token in ms: \(row)")
            XCTAssertNotNil(Double(cells[3]), "tokens per second: \(row)")
            XCTAssertEqual(Array(cells.suffix(2)), ["no", "ok"], row)
        }
        XCTAssertEqual(Set(rows.map(\.count)).count, 1, "aligned columns:\n" + rows.joined(separator: "\n"))
        XCTAssertEqual(lines[3], "")
        let host = String(server.baseURL.dropFirst("http://".count).prefix { $0 != "/" })
        XCTAssertEqual(lines[4], "\(host) · demo-model · 3 rounds: 3 succeeded, 0 failed", result.stdout)
        XCTAssertTrue(lines[5].hasPrefix("first token p50 "), lines[5])
        XCTAssertTrue(lines[5].contains(", p95 "), lines[5])
        XCTAssertTrue(lines[5].contains(" · tokens per second p50 "), lines[5])
        XCTAssertEqual(lines[6], "")
        let sent = server.requests.filter { $0.method == "POST" }
        XCTAssertEqual(sent.count, 3, "one request a round")
        for request in sent {
            XCTAssertTrue(request.isStreaming)
            XCTAssertEqual(request.json["max_tokens"] as? Int, 32)
        }
    }

    func testAFailedRoundSaysHowInItsLineAndMakesTheExitStatusOne() async throws {
        let server = try await timedServer(fault: "status:503@2")
        let result = try Binary.run(watch(server, ["--count", "3"]))
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let rows = result.stdout.components(separatedBy: "\n").prefix(3).map(cells)
        let failed = rows.prefix(2).map { $0.count > 5 ? Array($0[1...5]) : [] }
        XCTAssertEqual(failed, [["503", "-", "-", "-", "http"], ["503", "-", "-", "-", "http"]], result.stdout)
        XCTAssertEqual(rows.last.map { Array($0.suffix(2)) }, ["no", "ok"], result.stdout)
        XCTAssertTrue(
            result.stdout.contains(" · 3 rounds: 1 succeeded, 2 failed (2× http)\n"), result.stdout)
    }

    func testAnEmptyStreamIsARoundThatFailed() async throws {
        let server = try await timedServer(fault: "empty-body")
        let result = try Binary.run(watch(server, ["--count", "2"]))
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let rows = result.stdout.components(separatedBy: "\n").prefix(2)
        for row in rows {
            XCTAssertEqual(
                Array(cells(row).dropFirst()),
                [
                    "200", "-", "-", "yes", "empty", "the", "stream", "ended", "without",
                    "any", "text",
                ], row)
        }
        XCTAssertTrue(result.stdout.contains("2 rounds: 0 succeeded, 2 failed (2× empty)\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("first token: no round got one"), result.stdout)
    }

    func testJSONIsOneObjectPerRoundAndASummaryObjectAndNothingElse() async throws {
        let server = try await timedServer(fault: "status:503@2")
        let result = try Binary.run(watch(server, ["--count", "3", "--json"]))
        XCTAssertEqual(result.status, 1, result.stderr)
        let objects = try jsonObjects(result.stdout)
        XCTAssertEqual(objects.count, 4, result.stdout)
        let rounds = Array(objects.prefix(3))
        XCTAssertEqual(rounds.map { $0["summary"] as? Bool }, [false, false, false])
        XCTAssertEqual(rounds.map { $0["round"] as? Int }, [1, 2, 3])
        XCTAssertEqual(rounds.map { $0["status"] as? Int }, [503, 503, 200])
        XCTAssertEqual(rounds.map { $0["verdict"] as? String }, ["http", "http", "ok"])
        XCTAssertEqual(rounds.map { $0["succeeded"] as? Bool }, [false, false, true])
        let keys: Set = [
            "summary", "round", "time", "endpoint", "model", "status", "firstTokenMs", "totalMs", "tokens",
            "tokensPerSecond", "empty", "verdict", "succeeded", "error",
        ]
        for round in rounds {
            XCTAssertEqual(Set(round.keys), keys, "every key, always")
            let time = try XCTUnwrap(round["time"] as? String)
            XCTAssertNotNil(try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time), time)
            XCTAssertTrue(time.hasSuffix("Z"), time)
            XCTAssertEqual(round["endpoint"] as? String, server.baseURL)
            XCTAssertEqual(round["model"] as? String, "demo-model")
        }
        XCTAssertTrue(rounds[0]["empty"] is NSNull, "a refused request did not come back at all")
        XCTAssertNotNil(rounds[0]["error"] as? String)
        XCTAssertEqual(rounds[2]["empty"] as? Bool, false)
        XCTAssertTrue(rounds[2]["error"] is NSNull)
        XCTAssertEqual(rounds[2]["tokens"] as? Int, 32)
        XCTAssertNotNil(rounds[2]["firstTokenMs"] as? Double)
        XCTAssertNotNil(rounds[2]["tokensPerSecond"] as? Double)
        let summary = try XCTUnwrap(objects.last)
        XCTAssertEqual(summary["summary"] as? Bool, true)
        XCTAssertEqual(summary["rounds"] as? Int, 3)
        XCTAssertEqual(summary["succeeded"] as? Int, 1)
        XCTAssertEqual(summary["failed"] as? Int, 2)
        XCTAssertEqual(summary["slow"] as? Int, 0)
        XCTAssertEqual(summary["failures"] as? [String: Int], ["http": 2])
        XCTAssertEqual(summary["exitStatus"] as? Int, 1)
        let firstToken = try XCTUnwrap(summary["firstTokenMs"] as? [String: Any])
        XCTAssertEqual(firstToken["p50"] as? Double, rounds[2]["firstTokenMs"] as? Double, "one round got a token")
        XCTAssertEqual(firstToken["p95"] as? Double, rounds[2]["firstTokenMs"] as? Double)
        let rate = try XCTUnwrap(summary["tokensPerSecond"] as? [String: Any])
        XCTAssertEqual(rate["p50"] as? Double, rounds[2]["tokensPerSecond"] as? Double)
    }

    func testCtrlCAfterTheSecondLineEndsTheWatchWithItsSummaryAndStatusZero() async throws {
        let server = try await timedServer()
        let output = Pipe()
        let process = try Binary.start(watch(server, []), standardOutput: output)
        defer { Binary.stop(process) }
        let lines = PipeLines(output)
        var rows = [try XCTUnwrap(try lines.next()), try XCTUnwrap(try lines.next())]
        kill(process.processIdentifier, SIGINT)
        var rest = try lines.rest()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, (rows + rest).joined(separator: "\n"))
        // A round may have ended while the signal was on its way: it counts.
        while let line = rest.first, startsWithATime(line) { rows.append(rest.removeFirst()) }
        for row in rows { XCTAssertEqual(cells(row).last, "ok", row) }
        XCTAssertEqual(rest.count, 3, rest.joined(separator: "\n"))
        XCTAssertEqual(rest.first, "")
        XCTAssertTrue(
            rest[1].hasSuffix(" · demo-model · \(rows.count) rounds: \(rows.count) succeeded, 0 failed"), rest[1])
        XCTAssertTrue(rest[2].hasPrefix("first token p50 "), rest[2])
    }

    func testSIGTERMEndsAWatchOfAFailingServerWithItsSummaryAndStatusOne() async throws {
        let server = try await timedServer(fault: "status:503")
        let output = Pipe()
        let process = try Binary.start(watch(server, ["--json"]), standardOutput: output)
        defer { Binary.stop(process) }
        let lines = PipeLines(output)
        _ = try lines.next()
        _ = try lines.next()
        kill(process.processIdentifier, SIGTERM)
        let stdout = (try lines.rest()).joined(separator: "\n")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        let summary = try XCTUnwrap(try jsonObjects(stdout).last, stdout)
        XCTAssertEqual(summary["summary"] as? Bool, true)
        let rounds = try XCTUnwrap(summary["rounds"] as? Int)
        XCTAssertGreaterThanOrEqual(rounds, 2)
        XCTAssertEqual(summary["failures"] as? [String: Int], ["http": rounds])
        XCTAssertEqual(summary["exitStatus"] as? Int, 1)
    }

    func testOnATerminalAHeaderComesFirstAndCtrlCTypedThereEndsTheWatch() async throws {
        let server = try await timedServer()
        var environment = Binary.cleanEnvironment()
        environment["TERM"] = "xterm-256color"
        let terminal = try PseudoTerminal(
            [Binary.url.path] + watch(server, []), environment: environment, rows: 24, columns: 100)
        try terminal.waitFor("a header and two rounds") { text in
            text.components(separatedBy: "\r\n").filter { self.startsWithATime($0) }.count >= 2
        }
        try terminal.send("\u{03}")
        XCTAssertEqual(try terminal.waitForExit(), 0, terminal.text())
        let lines = terminal.text().components(separatedBy: "\r\n")
        XCTAssertEqual(
            lines.first, "time      status  ttft ms    tok/s  empty  verdict", terminal.text().debugDescription)
        XCTAssertTrue(lines.contains { $0.contains(" · demo-model · ") && $0.contains(" rounds: ") }, terminal.text())
    }

    func testUsageErrorsNameTheOptionAndExit64() throws {
        let cases: [([String], String)] = [
            (["--watch", "0"], "--watch"),
            (["--watch=-1"], "--watch"),
            (["--watch", "0.2"], "--watch"),
            (["--watch", "nan"], "--watch"),
            (["--watch", "100000"], "--watch"),
            (["--watch", "1", "--count", "0"], "--count"),
            (["--watch", "1", "--slow", "0"], "--slow"),
            (["--watch", "1", "--requests", "2"], "--requests"),
            (["--count", "3"], "--count"),
            (["--slow", "2"], "--slow"),
        ]
        for (arguments, option) in cases {
            let result = try Binary.run(["probe"] + arguments + ["--base-url", "http://127.0.0.1:9/v1"])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(option), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }
}
