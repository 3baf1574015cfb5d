import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// The hostile kinds: streams without end or out of all proportion, redirects, and a response head
/// far larger than any client accepts. Checked on the bytes, as a client would receive them.
final class HostileFaultTests: XCTestCase {
    private static let contentLineStart = #"data: {"choices":[{"index":0,"delta":{"content":""#

    /// The `delta.content` of one JSON chunk payload.
    private func content(ofPayload payload: String) throws -> String? {
        let chunk = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let choice = (chunk["choices"] as? [[String: Any]])?.first
        return (choice?["delta"] as? [String: Any])?["content"] as? String
    }

    func testEndlessLineSendsOneDataLineThatNeverEndsUntilTheClientLeaves() async throws {
        try await withDemoServer(.fast(.parsed("endless-line"))) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(live.status, 200)
            XCTAssertTrue(live.header("content-type")?.hasPrefix("text/event-stream") == true)
            try await live.waitUntil(timeout: 10) { $0.chunks.reduce(0) { $0 + $1.count } > 4 * 1024 * 1024 }
            let body = live.chunks.flatMap { $0 }
            XCTAssertTrue(
                body.starts(with: Array(Self.contentLineStart.utf8)), String(decoding: body.prefix(80), as: UTF8.self))
            XCTAssertFalse(body.contains(UInt8(ascii: "\n")), "the line never ends")
            XCTAssertTrue(body.dropFirst(Self.contentLineStart.utf8.count).allSatisfy { $0 == UInt8(ascii: "x") })
            XCTAssertFalse(live.isEnded)
            await live.cancel()
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testEndlessLineAfterKTokensSendsThemFirst() async throws {
        try await withDemoServer(.fast(.parsed("endless-line:2"))) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            try await live.waitUntil(timeout: 10) { $0.chunks.reduce(0) { $0 + $1.count } > 256 * 1024 }
            let events = live.text.components(separatedBy: "\n\n")
            XCTAssertEqual(events.count, 3, "two events, then the line that never ends")
            let tokens = DemoServer.replyTokens(forPrompt: "Hi")
            XCTAssertEqual(try content(ofPayload: String(events[0].dropFirst("data: ".count))), tokens[0])
            XCTAssertEqual(try content(ofPayload: String(events[1].dropFirst("data: ".count))), tokens[1])
            XCTAssertTrue(events[2].hasPrefix(Self.contentLineStart + "xxxx"), String(events[2].prefix(80)))
            await live.cancel()
        }
    }

    func testEndlessEventSendsDataLinesWithoutTheBlankLineThatEndsAnEvent() async throws {
        try await withDemoServer(.fast(.parsed("endless-event"))) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(live.status, 200)
            // Each line is 1,024 bytes and its newline: wait for the bytes of 4,097 whole lines, so the count
            // below does not depend on where the chunks happened to break.
            let lineBytes = 1024 + 1
            try await live.waitUntil(timeout: 10) { $0.chunks.reduce(0) { $0 + $1.count } >= 4097 * lineBytes }
            let text = live.text
            XCTAssertFalse(text.contains("\n\n"), "no blank line")
            let lines = text.components(separatedBy: "\n").dropLast()
            XCTAssertGreaterThan(lines.count, 4096)
            for line in lines.prefix(100) {
                XCTAssertTrue(line.hasPrefix("data: xxx"), String(line.prefix(40)))
                XCTAssertEqual(line.utf8.count, 1024)
            }
            await live.cancel()
        }
    }

    func testGiantEventIsOneDataLineOfMIBMebibytesBetweenTheFifthAndSixthTokensOfANormalReply() async throws {
        try await withDemoServer(.fast(.parsed("giant-event:2"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertNil(result.bodyError)
            let giant = String(repeating: "x", count: 2 * 1024 * 1024)
            let tokens = DemoServer.replyTokens(forPrompt: "Hi")
            var expected = tokens
            expected.insert(giant, at: 5)
            XCTAssertEqual(try result.contentTokens(), expected)
            let giantLines = result.text.components(separatedBy: "\n").filter { $0.contains(giant) }
            XCTAssertEqual(giantLines.count, 1, "the giant event is one data line")
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testGiantEventDefaultsToEightMebibytes() throws {
        XCTAssertEqual(try DemoFault(parsing: "giant-event").kind, .giantEvent(mebibytes: 8))
    }

    func testEndlessReplySendsWellFormedMebibyteContentEventsWithoutAFinishReason() async throws {
        try await withDemoServer(.fast(.parsed("endless-reply"))) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            try await live.waitUntil(timeout: 10) { $0.chunks.reduce(0) { $0 + $1.count } > 5 * 1024 * 1024 }
            let events = live.text.components(separatedBy: "\n\n").dropLast()
            XCTAssertGreaterThanOrEqual(events.count, 4)
            for event in events {
                let payload = String(event.dropFirst("data: ".count))
                XCTAssertEqual(try content(ofPayload: payload), String(repeating: "x", count: 1024 * 1024))
                XCTAssertFalse(payload.contains("finish_reason\":\"stop"))
            }
            XCTAssertFalse(live.isEnded)
            await live.cancel()
        }
    }

    func testEventFloodSendsNOneCharacterEventsThenTheFinishAndDone() async throws {
        try await withDemoServer(.fast(.parsed("event-flood:1000"))) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try result.contentTokens(), Array(repeating: "x", count: 1000))
            let finishes = try result.chunkObjects().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
            }
            XCTAssertEqual(finishes, ["stop"])
            XCTAssertEqual(result.dataPayloads.last, "[DONE]")
        }
    }

    func testEventFloodGoesAtFullSpeedWhateverTheConfiguredPace() async throws {
        // At the configured 1 token per second, 200 events would take over three minutes.
        let configuration = DemoServerConfiguration(tokensPerSecond: 1, fault: .parsed("event-flood:200"))
        try await withDemoServer(configuration) { server, client in
            let request = try chatRequest(server, prompt: "Hi", stream: true)
            let result = try await withTimeout(20) { try await exchange(client, request) }
            XCTAssertEqual(try result.contentTokens().count, 200)
        }
    }

    func testEventFloodDefaultsToAMillionEvents() throws {
        XCTAssertEqual(try DemoFault(parsing: "event-flood").kind, .eventFlood(events: 1_000_000))
    }

    func testRedirectAnswers307WithTheSamePathOnTheOtherPort() async throws {
        let server = DemoServer(configuration: .fast(.parsed("redirect:8123")))
        try await server.start()
        for stream in [true, false] {
            let connection = try RawHTTPConnection(port: server.port)
            try connection.sendChatRequest(prompt: "Hi", stream: stream)
            let response = try connection.readResponse()
            XCTAssertEqual(response.status, 307, response.head)
            XCTAssertTrue(response.head.hasPrefix("HTTP/1.1 307 Temporary Redirect"), response.head)
            XCTAssertEqual(response.header("location"), "http://127.0.0.1:8123/v1/chat/completions")
            XCTAssertTrue(response.text.contains("http://127.0.0.1:8123/v1/chat/completions"), response.text)
        }
        try await server.shutdown()
    }

    func testRedirect302AnswersFound() async throws {
        let server = DemoServer(configuration: .fast(.parsed("redirect-302:9")))
        try await server.start()
        let connection = try RawHTTPConnection(port: server.port)
        try connection.sendChatRequest(prompt: "Hi", stream: true)
        let response = try connection.readResponse()
        XCTAssertTrue(response.head.hasPrefix("HTTP/1.1 302 Found"), response.head)
        XCTAssertEqual(response.header("location"), "http://127.0.0.1:9/v1/chat/completions")
        try await server.shutdown()
    }

    func testRedirectLoopPointsAtTheRequestsOwnURL() async throws {
        let server = DemoServer(configuration: .fast(.parsed("redirect-loop")))
        try await server.start()
        let connection = try RawHTTPConnection(port: server.port)
        try connection.sendChatRequest(prompt: "Hi", stream: true)
        let response = try connection.readResponse()
        XCTAssertEqual(response.status, 307, response.head)
        // The raw connection sends `Host: 127.0.0.1`.
        XCTAssertEqual(response.header("location"), "http://127.0.0.1/v1/chat/completions")
        try await server.shutdown()
    }

    func testRedirectsLeaveTheModelListAlone() async throws {
        try await withDemoServer(.fast(.parsed("redirect-loop"))) { server, client in
            let result = try await exchange(client, rawRequest(server, path: "/models"))
            XCTAssertEqual(result.status, 200)
        }
    }

    func testHugeHeadCarriesATenMebibyteHeaderThenTheCompletion() async throws {
        let server = DemoServer(configuration: .fast(.parsed("huge-head")))
        try await server.start()
        // A streaming request: it gets the JSON completion too (non-streaming requests are affected alike).
        let connection = try RawHTTPConnection(port: server.port)
        try connection.sendChatRequest(prompt: "Hi", stream: true)
        let response = try connection.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.head.utf8.count, 10 * 1024 * 1024, accuracy: 1024)
        XCTAssertEqual(response.header("x-demo-padding")?.utf8.count, 10 * 1024 * 1024)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        XCTAssertEqual(object["object"] as? String, "chat.completion")
        XCTAssertTrue(DemoFault.Kind.hugeHead.affectsNonStreamingRequests)
        try await server.shutdown()
    }

    func testHostileStreamKindsAnswerNonStreamingRequestsNormally() async throws {
        for fault in ["endless-line", "endless-event:3", "giant-event", "endless-reply", "event-flood"] {
            try await withDemoServer(.fast(.parsed(fault))) { server, client in
                let result = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
                let choice = try XCTUnwrap((try result.json()["choices"] as? [[String: Any]])?.first, fault)
                let message = try XCTUnwrap(choice["message"] as? [String: Any], fault)
                XCTAssertEqual(message["content"] as? String, DemoServer.replyText(forPrompt: "Hi"), fault)
            }
        }
    }
}
