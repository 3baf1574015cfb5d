import ChatCore
import DemoServer
import XCTest

@testable import ChatClient

/// A configuration's extra headers and body fields reach the server with every request:
/// streamed replies, warm-ups, the model list and the probe.
final class EndpointExtrasTests: XCTestCase {
    private var server: DemoServer?

    override func tearDown() async throws {
        try await server?.shutdown()
    }

    private func transport(
        headers: [(name: String, value: String)] = [], extraBody: [String: JSONValue] = [:]
    ) async throws -> (HTTPChatTransport, DemoServer) {
        let server = DemoServer(configuration: DemoServerConfiguration(tokensPerSecond: 0))
        try await server.start()
        self.server = server
        let endpoint = try Endpoint(
            baseURL: server.baseURL, apiKey: "sk-test", headers: headers, extraBody: extraBody)
        return (HTTPChatTransport(endpoint: endpoint), server)
    }

    private func json(_ request: DemoServer.RecordedRequest?) throws -> [String: Any] {
        let body = try XCTUnwrap(request?.body)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    private func send(_ transport: HTTPChatTransport, stream: Bool, maxTokens: Int? = nil) async throws {
        let request = ChatRequest(
            model: "demo-model", messages: [.init(role: .user, content: "hi")], stream: stream, maxTokens: maxTokens)
        for try await _ in transport.send(request) {}
    }

    func testHeadersReachEveryKindOfRequest() async throws {
        let (transport, server) = try await transport(headers: [("X-Tenant", "lab"), ("X-Route", "a100")])
        _ = try await transport.listModels()
        try await send(transport, stream: true)
        try await send(transport, stream: false, maxTokens: 1)
        XCTAssertEqual(server.requests.map(\.method), ["GET", "POST", "POST"])
        for request in server.requests {
            XCTAssertEqual(request.header("X-Tenant"), "lab", request.path)
            XCTAssertEqual(request.header("X-Route"), "a100", request.path)
            XCTAssertEqual(request.header("Authorization"), "Bearer sk-test", "the key still goes in Authorization")
        }
    }

    func testAHeaderNamedLikeChattermsOwnReplacesIt() async throws {
        let (transport, server) = try await transport(headers: [("user-agent", "lab-client/2")])
        try await send(transport, stream: true)
        XCTAssertEqual(
            server.requests.last?.headers.filter { $0.0.lowercased() == "user-agent" }.map(\.1), ["lab-client/2"])
    }

    func testExtraBodyFieldsAreMergedIntoStreamedAndWholeReplies() async throws {
        let (transport, server) = try await transport(extraBody: [
            "top_p": .double(0.8), "repetition_penalty": .double(1.1),
            "chat_template_kwargs": .object(["enable_thinking": .bool(false)]),
        ])
        try await send(transport, stream: true)
        try await send(transport, stream: false, maxTokens: 1)
        for request in server.chatRequests {
            let body = try json(request)
            XCTAssertEqual(body["top_p"] as? Double, 0.8)
            XCTAssertEqual(body["repetition_penalty"] as? Double, 1.1)
            XCTAssertEqual((body["chat_template_kwargs"] as? [String: Bool])?["enable_thinking"], false)
            XCTAssertEqual(body["model"] as? String, "demo-model")
        }
    }

    func testExtraBodyNeverReplacesChattermsOwnFields() throws {
        let request = ChatRequest(
            model: "m", messages: [.init(role: .user, content: "hi")], stream: true, temperature: 0.5, maxTokens: 1)
        var extra: [String: JSONValue] = ["seed": .int(7)]
        for field in ChatRequest.Field.allCases { extra[field.rawValue] = .int(900) }
        let data = try RequestBody.encode(request, extra: extra)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "m")
        XCTAssertEqual((body["messages"] as? [[String: Any]])?.first?["content"] as? String, "hi")
        XCTAssertEqual(body["stream"] as? Bool, true)
        XCTAssertEqual(body["temperature"] as? Double, 0.5)
        XCTAssertEqual(body["max_tokens"] as? Int, 1)
        XCTAssertEqual(body["seed"] as? Int, 7)
    }

    func testTheProbeSendsTheSameHeadersAndBody() async throws {
        let (transport, server) = try await transport(
            headers: [("X-Tenant", "lab")], extraBody: ["top_p": .double(0.5)])
        let probe = ProbeRequest(endpoint: transport.endpoint, timeoutSeconds: 10)
        _ = await probe.run(
            ChatRequest(model: "demo-model", messages: [.init(role: .user, content: "hi")]), prompt: .short)
        XCTAssertEqual(server.requests.last?.header("X-Tenant"), "lab")
        XCTAssertEqual(try json(server.requests.last)["top_p"] as? Double, 0.5)
    }
}

extension DemoServer {
    /// The chat-completion requests the server received.
    fileprivate var chatRequests: [RecordedRequest] {
        requests.filter { $0.method == "POST" }
    }
}
