import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP transport against the real DemoServer over loopback.
final class HTTPChatTransportTests: DemoServerTestCase {
    private func transport(_ server: DemoServer, key: String? = nil) throws -> HTTPChatTransport {
        HTTPChatTransport(endpoint: try Endpoint(baseURL: server.baseURL, apiKey: key))
    }

    private func request(_ prompt: String, stream: Bool = true, maxTokens: Int? = nil) -> ChatRequest {
        ChatRequest(
            model: "demo-model", messages: [.init(role: .user, content: prompt)], stream: stream, maxTokens: maxTokens)
    }

    private func collect(_ stream: AsyncThrowingStream<StreamEvent, any Error>) async throws -> [StreamEvent] {
        var events: [StreamEvent] = []
        for try await event in stream { events.append(event) }
        return events
    }

    private func content(_ events: [StreamEvent]) -> String {
        events.compactMap { if case .content(let text) = $0 { return text } else { return nil } }.joined()
    }

    func testStreamedReplyIsAssembledExactlyWithLFFraming() async throws {
        let server = try await serve(.init(tokensPerSecond: 0, framing: .lf))
        let prompt = "你好, stream me 🚀"
        let events = try await collect(try transport(server).send(request(prompt)))
        XCTAssertEqual(Array(events.prefix(2)), [.requestSent, .responseHead(status: 200)])
        XCTAssertEqual(content(events), DemoServer.replyText(forPrompt: prompt))
        XCTAssertTrue(events.contains(.finish(reason: "stop")))
        XCTAssertEqual(events.last, .done)
        XCTAssertTrue(events.contains { if case .usage = $0 { return true } else { return false } })
    }

    func testStreamedReplyIsAssembledExactlyWithCRLFFramingPingsAndNoSpace() async throws {
        let server = try await serve(
            .init(
                tokensPerSecond: 200, framing: .crlf, pingInterval: 0.01, spaceAfterColon: false,
                repeatRoleInEveryDelta: true, sendUsageChunk: false))
        let events = try await collect(try transport(server).send(request("ChatGLM style")))
        XCTAssertEqual(content(events), DemoServer.replyText(forPrompt: "ChatGLM style"))
        XCTAssertEqual(events.last, .done)
        XCTAssertTrue(events.contains(.keepAlive), "ping comments are reported as keep-alives")
    }

    func testNonStreamingRequestReturnsTheWholeReply() async throws {
        let server = try await serve(.init())
        let events = try await collect(try transport(server).send(request("whole", stream: false)))
        XCTAssertEqual(content(events), DemoServer.replyText(forPrompt: "whole"))
        XCTAssertTrue(events.contains(.finish(reason: "stop")))
        XCTAssertTrue(server.requests.last?.body.contains("\"stream\":false") ?? false)
    }

    func testChunksAreDeliveredAsTheyArriveNotAfterTheBodyEnds() async throws {
        // A slow stream: the first token must arrive while the server is still writing the reply.
        let server = try await serve(.init(tokensPerSecond: 20))
        var iterator = try transport(server).send(request("slow")).makeAsyncIterator()
        var sawContent = false
        while let event = try await iterator.next() {
            if case .content = event {
                sawContent = true
                break
            }
        }
        XCTAssertTrue(sawContent)
        XCTAssertEqual(server.activeStreamCount, 1, "the server is still streaming when the first token is here")
    }

    func testCancellingTheConsumerStopsTheRequest() async throws {
        let server = try await serve(.init(tokensPerSecond: 5))
        let stream = try transport(server).send(request("cancel me"))
        let task = Task {
            var count = 0
            for try await event in stream {
                if case .content = event { count += 1 }
            }
            return count
        }
        // Wait (with a deadline) until the stream is running, then cancel.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.activeStreamCount == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        XCTAssertEqual(server.activeStreamCount, 1)
        task.cancel()
        _ = try? await task.value
        await server.waitUntilNoActiveStreams()
        XCTAssertEqual(server.activeStreamCount, 0)
    }

    func testHTTPErrorSurfacesTheServersMessage() async throws {
        let server = try await serve(.init(fault: .httpError))
        do {
            _ = try await collect(try transport(server).send(request("x")))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(
                error as? ChatError, .http(status: 500, message: "demo server fault: HTTP 500 Internal Server Error"))
        }
    }

    func testErrorInsideTheStreamSurfacesAfterTheContentBeforeIt() async throws {
        let server = try await serve(.fast(.errorInStream))
        var events: [StreamEvent] = []
        do {
            for try await event in try transport(server).send(request("x")) { events.append(event) }
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error as? ChatError, .inStream(message: "demo server fault: error inside the stream"))
        }
        XCTAssertFalse(content(events).isEmpty)
    }

    func testEmptyBodyEndsWithNoContent() async throws {
        let server = try await serve(.init(fault: .emptyBody))
        let events = try await collect(try transport(server).send(request("x")))
        XCTAssertEqual(events, [.requestSent, .responseHead(status: 200)])
    }

    func testChatGLMsNonJSONEventWithTheWholeReplyIsRecognisedAsTheWholeReply() async throws {
        let server = try await serve(fault: "chatglm-function-call")
        let prompt = "How do I call get_weather in Python?"
        let events = try await collect(try transport(server).send(request(prompt)))
        guard case .wholeReply(let whole) = events.last else { return XCTFail("\(events)") }
        XCTAssertEqual(whole, "\n" + DemoServer.replyText(forPrompt: prompt))
        XCTAssertFalse(events.contains(.done), "ChatGLM3 sends no [DONE] on this path")
    }

    func testAWholeReplyResentAfterMoreTextThanTheDelegateKeepsIsStillRecognised() async throws {
        let long = String(repeating: "Water moves between the oceans and the air. ", count: 1_600)
        let canned = long + "Then call get_weather() and read the result."
        XCTAssertGreaterThan(long.utf8.count, StreamingResponseDelegate.resendCheckBytes)
        let server = try await serve(
            .init(tokensPerSecond: 0, cannedReply: canned, fault: DemoFault(parsing: "chatglm-function-call")))
        let events = try await collect(try transport(server).send(request("weather?")))
        guard case .wholeReply(let whole) = events.last else { return XCTFail("\(events.suffix(3))") }
        XCTAssertEqual(whole, "\n" + canned)
    }

    func testOnlyAnEventThatStartsWithTheStreamedTextIsTheWholeReply() {
        XCTAssertTrue(StreamingResponseDelegate.resendsWhole("\nYou said: call get", in: "\nYou said: call get_x()."))
        XCTAssertTrue(StreamingResponseDelegate.resendsWhole("你好，世", in: "\n你好，世界"))
        XCTAssertFalse(StreamingResponseDelegate.resendsWhole("You said", in: "Internal Server Error"))
        XCTAssertFalse(StreamingResponseDelegate.resendsWhole("\n", in: "anything"), "nothing visible streamed yet")
        XCTAssertFalse(StreamingResponseDelegate.resendsWhole("", in: "anything"))
    }

    func testARequestThatMeetsAClosedKeepAliveConnectionGoesAgainOnAFreshOne() async throws {
        let server = try await serve(fault: "llama-overflow:2")
        let transport = try transport(server)
        let empty = try await collect(transport.send(request("one two three four")))
        XCTAssertEqual(empty, [.requestSent, .responseHead(status: 200)], "llama.cpp's empty stream")
        do {
            _ = try await collect(transport.send(request("one two three four", stream: false)))
            XCTFail("the overflow was not reported")
        } catch let error as ChatError {
            guard case .http(400, let message, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("maximum context length is 2 tokens"), message)
        }
        let connections = server.requests.map(\.connection)
        XCTAssertEqual(connections.count, 3)
        XCTAssertEqual(connections[1], connections[0], "the second request met the closed connection")
        XCTAssertNotEqual(connections[2], connections[0], "and went again on a fresh one")
    }

    func testDroppedConnectionIsAnErrorOrAnEndWithoutFinish() async throws {
        let server = try await serve(.fast(.dropMidStream))
        var events: [StreamEvent] = []
        do {
            for try await event in try transport(server).send(request("x")) { events.append(event) }
        } catch {
            XCTAssertNotNil(error as? ChatError)
        }
        XCTAssertFalse(events.contains(.done))
        XCTAssertFalse(events.contains(.finish(reason: "stop")))
    }

    func testAuthorizationHeaderIsSentOnlyWithAKey() async throws {
        let server = try await serve()
        _ = try await collect(try transport(server).send(request("no key")))
        _ = try await collect(try transport(server, key: "sk-test").send(request("key")))
        let posts = server.requests.filter { $0.method == "POST" }
        XCTAssertNil(posts[0].header("Authorization"))
        XCTAssertEqual(posts[1].header("Authorization"), "Bearer sk-test")
    }

    func testChattermsOwnHeadersAreTheListedOnesAndAnEndpointsHeadersNeverReplaceThem() async throws {
        let server = try await serve()
        let listed = ChatRequest.Header.allCases
        let endpoint = try Endpoint(
            baseURL: server.baseURL, apiKey: "sk-test",
            headers: listed.filter { !$0.endpointMayReplace }.map { ($0.rawValue, "from-the-endpoint") }
                + [("X-Gateway", "g")])
        _ = try await collect(HTTPChatTransport(endpoint: endpoint).send(request("headers")))
        let post = try XCTUnwrap(server.requests.last { $0.method == "POST" })
        let sent = Set(post.headers.map { $0.0.lowercased() }).subtracting(["user-agent", "x-gateway"])
        XCTAssertTrue(sent.isSubset(of: listed.map { $0.rawValue.lowercased() }), "\(post.headers)")
        for header in listed where header.isWrittenByChatterm {
            XCTAssertNotNil(post.header(header.rawValue), header.rawValue)
        }
        XCTAssertFalse(post.headers.contains { $0.1 == "from-the-endpoint" }, "\(post.headers)")
        XCTAssertEqual(post.header("X-Gateway"), "g")
    }

    func testRequestBodyCarriesModelMessagesAndOptions() async throws {
        let server = try await serve()
        var chat = request("opts", maxTokens: 3)
        chat.temperature = 0.5
        let events = try await collect(try transport(server).send(chat))
        XCTAssertTrue(events.contains(.finish(reason: "length")))
        let body = try XCTUnwrap(server.requests.last?.body)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        XCTAssertEqual(json["model"] as? String, "demo-model")
        XCTAssertEqual(json["stream"] as? Bool, true)
        XCTAssertEqual(json["max_tokens"] as? Int, 3)
        XCTAssertEqual(json["temperature"] as? Double, 0.5)
        XCTAssertEqual((json["messages"] as? [[String: String]])?.first?["content"], "opts")
    }

    func testListModels() async throws {
        let server = try await serve(.init(model: "glm-4"))
        let models = try await transport(server).listModels()
        XCTAssertEqual(models, ["glm-4"])
    }

    func testUnreachableServerIsAConnectionError() async throws {
        // A port that was just free: bind a server, note its port, shut it down.
        let server = DemoServer()
        try await server.start()
        let port = server.port
        try await server.shutdown()
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: "http://127.0.0.1:\(port)/v1"))
        do {
            _ = try await collect(transport.send(request("x")))
            XCTFail("expected an error")
        } catch {
            guard case .connection = error as? ChatError else { return XCTFail("\(error)") }
        }
    }

    func testSilentServerFailsAfterTheFirstTokenTimeout() async throws {
        // A socket that listens but never answers: the kernel completes the connection, nobody reads.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                XCTAssertEqual(bind(listener, generic, length), 0)
                XCTAssertEqual(getsockname(listener, generic, &length), 0)
            }
        }
        XCTAssertEqual(listen(listener, 4), 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: "http://127.0.0.1:\(port)/v1"))
        let policy = TurnPolicy(
            retry: RetryPolicy(maxRetries: 0), warmup: .never, firstTokenTimeout: .milliseconds(300))
        var phases: [TurnPhase] = []
        for await event in TurnRunner(transport: transport, policy: policy).run(request("anyone there?")) {
            switch event {
            case .phase(let phase): phases.append(phase)
            case .finished(let outcome, _): phases.append(.finished(outcome))
            default: break
            }
        }
        XCTAssertEqual(
            phases,
            [
                .connecting(Attempt(number: 1)), .waitingForHeaders(Attempt(number: 1)),
                .finished(.failed(.timeout(.firstToken, limit: .milliseconds(300)))),
            ])
    }
}
