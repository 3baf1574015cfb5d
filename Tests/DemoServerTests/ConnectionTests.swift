import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

final class ConnectionTests: XCTestCase {
    func testKeepAliveServesSeveralRequestsOverOneConnection() async throws {
        try await withDemoServer { server, client in
            for prompt in ["one", "two", "three"] {
                let result = try await exchange(client, try chatRequest(server, prompt: prompt, stream: true))
                XCTAssertEqual(try result.contentTokens().joined(), DemoServer.replyText(forPrompt: prompt))
            }
            let plain = try await exchange(client, try chatRequest(server, prompt: "four", stream: false))
            XCTAssertEqual(plain.status, 200)
            _ = try await exchange(client, rawRequest(server, path: "/models"))
            let connections = server.requests.map(\.connection)
            XCTAssertEqual(connections.count, 5)
            XCTAssertEqual(Set(connections).count, 1, "all requests share one kept-alive connection")
        }
    }

    func testConcurrentStreamsEachGetTheirFullReply() async throws {
        try await withDemoServer(.init(tokensPerSecond: 100, replyTokens: 20)) { server, client in
            let prompts = ["alpha", "beta", "gamma", "delta"]
            let requests = try prompts.map { try chatRequest(server, prompt: $0, stream: true) }
            async let first = exchange(client, requests[0])
            async let second = exchange(client, requests[1])
            async let third = exchange(client, requests[2])
            async let fourth = exchange(client, requests[3])
            let results = try await [first, second, third, fourth]
            for (prompt, result) in zip(prompts, results) {
                XCTAssertEqual(try result.contentTokens(), DemoServer.replyTokens(forPrompt: prompt, tokens: 20))
            }
        }
    }

    func testAShortRequestCompletesWhileAnotherStreamIsStillOpen() async throws {
        try await withDemoServer(.init(tokensPerSecond: 20, replyTokens: 1000)) { server, client in
            let response = try await client.execute(
                try chatRequest(server, prompt: "long", stream: true), timeout: .seconds(30))
            var body = response.body.makeAsyncIterator()
            let firstChunk = try await body.next()
            XCTAssertNotNil(firstChunk)
            XCTAssertEqual(server.activeStreamCount, 1)

            let short = try chatRequest(server, prompt: "short", stream: true, extra: ["max_tokens": 3])
            let result = try await exchange(client, short)
            XCTAssertEqual(try result.contentTokens(), Array(DemoServer.replyTokens(forPrompt: "short").prefix(3)))
            XCTAssertEqual(server.activeStreamCount, 1, "the long stream is still being written")
            let connections = Set(server.requests.map(\.connection))
            XCTAssertEqual(connections.count, 2, "the two streams used two connections")
        }
    }

    func testClientDisconnectStopsTheStream() async throws {
        try await withDemoServer(.init(tokensPerSecond: 20, replyTokens: 1000)) { server, client in
            let (firstChunkSeen, firstChunk) = AsyncStream<Void>.makeStream()
            let request = try chatRequest(server, prompt: "abandon", stream: true)
            let reader = Task {
                let response = try await client.execute(request, timeout: .seconds(30))
                for try await _ in response.body {
                    firstChunk.yield()
                }
            }
            for await _ in firstChunkSeen { break }
            XCTAssertEqual(server.activeStreamCount, 1)
            reader.cancel()
            _ = await reader.result
            try await withTimeout { await server.waitUntilNoActiveStreams() }
            XCTAssertEqual(server.activeStreamCount, 0)

            let next = try await exchange(client, try chatRequest(server, prompt: "next", stream: false))
            XCTAssertEqual(next.status, 200, "the server keeps serving")
        }
    }

    func testShutdownEndsStreamsInFlight() async throws {
        let server = DemoServer(configuration: .init(tokensPerSecond: 20, replyTokens: 1000))
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let response = try await client.execute(
            try chatRequest(server, prompt: "long", stream: true), timeout: .seconds(30))
        var body = response.body.makeAsyncIterator()
        _ = try await body.next()
        XCTAssertEqual(server.activeStreamCount, 1)

        try await server.shutdown()
        try await withTimeout { await server.waitUntilNoActiveStreams() }
        XCTAssertEqual(server.port, 0)
        var endedWithError = false
        do {
            while try await body.next() != nil {}
        } catch {
            endedWithError = true
        }
        XCTAssertTrue(endedWithError, "the client sees the stream cut short")
        try await client.shutdown()
    }

    func testStartingTwiceThrowsAndAStoppedServerCanStartAgain() async throws {
        let server = DemoServer()
        try await server.start()
        do {
            try await server.start()
            XCTFail("a second start must throw")
        } catch let error as DemoServerError {
            XCTAssertEqual(error, .alreadyStarted)
        }
        try await server.shutdown()
        try await server.start()
        XCTAssertGreaterThan(server.port, 0)
        try await server.shutdown()
        try await server.shutdown()
    }
}
