import AsyncHTTPClient
import DemoServer
import Foundation
import TestSupport
import XCTest

/// Faults that leave the client waiting, and how they are released.
final class HangFaultTests: XCTestCase {
    /// A fast server with `fault` that would ping every 20 ms if the fault let it.
    private func pinging(_ fault: DemoFault) -> DemoServerConfiguration {
        var configuration = DemoServerConfiguration.fast(fault)
        configuration.pingInterval = 0.02
        return configuration
    }

    func testHangBeforeHeadersReadsTheRequestAndNeverAnswers() async throws {
        try await withDemoServer(.fast(.hangBeforeHeaders)) { server, client in
            for (number, stream) in [true, false].enumerated() {
                let request = try chatRequest(server, prompt: "Hi", stream: stream)
                let pending = Task { try await client.execute(request, timeout: .seconds(30)).status.code }
                try await eventually { server.requests.count == number + 1 }
                XCTAssertTrue(server.requests.last?.body.contains("\"stream\":\(stream)") == true)
                try await observeSilence()
                pending.cancel()
                let result = try await withTimeout { await pending.result }
                XCTAssertThrowsError(try result.get(), "no answer came before the client gave up (stream: \(stream))")
            }
        }
    }

    func testShutdownReturnsPromptlyWhileAHangBeforeHeadersRequestIsOpen() async throws {
        let server = DemoServer(configuration: .fast(.hangBeforeHeaders))
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let request = try chatRequest(server, prompt: "Hi", stream: true)
        let pending = Task { try await client.execute(request, timeout: .seconds(30)).status.code }
        try await eventually { server.requests.count == 1 }

        let started = Date()
        try await withTimeout(5) { try await server.shutdown() }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(server.port, 0)
        let result = try await withTimeout { await pending.result }
        XCTAssertThrowsError(try result.get(), "the client sees the connection closed")
        try await client.shutdown()
    }

    func testHangAfterHeadersSendsTheHeadersThenSilenceUntilTheClientCloses() async throws {
        try await withDemoServer(pinging(.hangAfterHeaders)) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(live.status, 200)
            XCTAssertTrue(live.header("content-type")?.hasPrefix("text/event-stream") == true)
            try await observeSilence()
            XCTAssertEqual(live.chunks.count, 0, "not even the configured pings")
            XCTAssertFalse(live.isEnded, "the connection stays open")
            XCTAssertEqual(server.activeStreamCount, 1)
            await live.cancel()
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testHangAfterHeadersPingsSendsOnlyPingComments() async throws {
        var configuration = DemoServerConfiguration.fast(.hangAfterHeadersPings)
        configuration.pingInterval = 0.05
        configuration.framing = .crlf
        try await withDemoServer(configuration) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(live.status, 200)
            XCTAssertTrue(live.header("content-type")?.hasPrefix("text/event-stream") == true)
            try await live.waitUntil { NaiveSSE.comments($0.text).count >= 3 }
            let text = live.text
            XCTAssertTrue(NaiveSSE.dataPayloads(text).isEmpty, "no data events")
            for ping in NaiveSSE.comments(text) {
                XCTAssertTrue(ping.hasPrefix(": ping - "), ping)
                let timestamp = String(ping.dropFirst(": ping - ".count))
                XCTAssertNotNil(
                    try? Date(timestamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)), ping)
            }
            XCTAssertTrue(text.hasSuffix("\r\n\r\n"), "pings use the stream's framing")
            XCTAssertFalse(live.isEnded)
            await live.cancel()
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testHangMidStreamSendsKTokensThenSilence() async throws {
        try await withDemoServer(pinging(.parsed("hang-mid-stream:2"))) { server, client in
            let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
            try await live.waitUntil { NaiveSSE.dataPayloads($0.text).count >= 2 }
            let before = live.text
            try await observeSilence()
            XCTAssertEqual(live.text, before, "nothing after the tokens, not even the configured pings")
            XCTAssertFalse(live.isEnded, "the connection stays open")
            let exchange = Exchange(status: live.status, headers: live.headers, chunks: live.chunks)
            XCTAssertEqual(try exchange.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "Hi").prefix(2)))
            XCTAssertEqual(server.activeStreamCount, 1)
            await live.cancel()
            try await withTimeout { await server.waitUntilNoActiveStreams() }
        }
    }

    func testShutdownEndsAHangingStreamPromptly() async throws {
        let server = DemoServer(configuration: .fast(.hangAfterHeaders))
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let live = try await LiveResponse.start(client, try chatRequest(server, prompt: "Hi", stream: true))
        XCTAssertEqual(server.activeStreamCount, 1)
        try await withTimeout(5) { try await server.shutdown() }
        try await live.waitUntil { $0.isEnded }
        try await withTimeout { await server.waitUntilNoActiveStreams() }
        try await client.shutdown()
    }

    func testModelLoadHoldsTheFirstRequestAndAnswersTheNextAtOnceWithAtOne() async throws {
        try await withDemoServer(.fast(.parsed("model-load:600000@1"))) { server, client in
            let loading = Task {
                try await client.execute(try chatRequest(server, prompt: "Hi", stream: false), timeout: .seconds(30))
            }
            try await eventually { server.requests.count == 1 }
            try await observeSilence()
            let loaded = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(loaded.status, 200)
            XCTAssertEqual(try loaded.contentTokens(), DemoServer.replyTokens(forPrompt: "Hi"))
            loading.cancel()
            _ = try await withTimeout { await loading.result }
        }
    }

    func testModelLoadThenAnswersNormallyStreamingOrNot() async throws {
        try await withDemoServer(.fast(.parsed("model-load:1"))) { server, client in
            let streamed = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: true))
            XCTAssertEqual(try streamed.contentTokens(), DemoServer.replyTokens(forPrompt: "Hi"))
            let whole = try await exchange(client, try chatRequest(server, prompt: "Hi", stream: false))
            XCTAssertEqual(whole.status, 200)
            XCTAssertTrue(whole.text.contains("chat.completion"), whole.text)
        }
    }
}
