import ChatClient
import ChatCore
import DemoServer
import XCTest

/// A reply of thousands of events written as fast as the server can, through the real HTTP
/// transport and the real turn driver over 127.0.0.1, to a consumer that is busy until the
/// whole body has arrived: what waited for it is joined, and nothing is lost, reordered or
/// left uncounted.
final class TurnFloodLoopbackTests: XCTestCase {
    private var server: DemoServer?

    override func tearDown() async throws {
        try await server?.shutdown()
        server = nil
    }

    /// The HTTP transport, telling `ended` once a request's body has been read to its end (after
    /// the driver was told).
    private final class ObservedTransport: ChatTransport {
        let inner: HTTPChatTransport
        let (ended, endedContinuation) = AsyncStream.makeStream(of: Void.self)

        init(_ inner: HTTPChatTransport) {
            self.inner = inner
        }

        func start(_ request: ChatRequest, reportingTo sink: TransportSink) -> TransportRequest {
            let endedContinuation = self.endedContinuation
            return inner.start(
                request,
                reportingTo: TransportSink(
                    onEvent: { sink.yield($0) },
                    onFinish: { error in
                        sink.finish(error)
                        endedContinuation.yield()
                    }))
        }

        func listModels() async throws -> [String] { try await inner.listModels() }
    }

    func testAFloodThatArrivesWhileTheConsumerIsBusyIsShownWholeAndCounted() async throws {
        let tokens = 20_000
        let server = DemoServer(
            configuration: DemoServerConfiguration(tokensPerSecond: 0, sendUsageChunk: false, replyTokens: tokens))
        try await server.start()
        self.server = server
        let transport = ObservedTransport(HTTPChatTransport(endpoint: try Endpoint(baseURL: server.baseURL)))
        let runner = TurnRunner(
            transport: transport, policy: TurnPolicy(retry: RetryPolicy(maxRetries: 0), warmup: .never))
        let request = ChatRequest(model: "demo-model", messages: [ChatRequest.Message(role: .user, content: "flood")])

        var text = ""
        var contentOutputs = 0
        var ending: (TurnOutcome, TurnStats)?
        var busy = true
        for await output in runner.run(request) {
            switch output {
            case .content(let piece, _):
                text += piece
                contentOutputs += 1
                if busy {
                    // Busy until the whole body is in: everything after waits in the driver.
                    for await _ in transport.ended { break }
                    busy = false
                }
            case .finished(let outcome, let stats):
                ending = (outcome, stats)
            default:
                break
            }
        }
        XCTAssertEqual(ending?.0, .complete)
        XCTAssertEqual(text, DemoServer.replyText(forPrompt: "flood", tokens: tokens), "every piece, in order")
        XCTAssertEqual(
            ending?.1.completionTokens, tokens, "the server sent no usage: every event counts, joined or not")
        XCTAssertLessThan(contentOutputs, 10, "what arrived while the consumer was busy came joined")
    }
}
