import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// Requests through a real forward proxy on 127.0.0.1: they tunnel with `CONNECT`, the proxy's
/// credentials reach the proxy and never the server, and the proxy's refusals are said in
/// words that name it.
final class ProxyLoopbackTests: DemoServerTestCase {
    private let clients = HTTPClients()

    override func tearDown() async throws {
        await clients.shutdown()
        try await super.tearDown()
    }

    private func transport(_ server: DemoServer, proxy: String) throws -> HTTPChatTransport {
        guard case .success(let url) = ProxyURL.parse(proxy) else { throw ChatError.invalidURL(proxy) }
        let endpoint = try Endpoint(baseURL: server.baseURL, network: NetworkConfiguration(proxy: url))
        return HTTPChatTransport(
            endpoint: endpoint, client: clients.pooled(for: endpoint.network),
            freshClient: clients.fresh(for: endpoint.network))
    }

    private func reply(_ transport: HTTPChatTransport) async throws -> String {
        let request = ChatRequest(model: "demo-model", messages: [.init(role: .user, content: "hi")], stream: true)
        var text = ""
        for try await event in transport.send(request) {
            if case .content(let piece) = event { text += piece }
        }
        return text
    }

    func testARequestTunnelsThroughTheProxyWithConnect() async throws {
        let server = try await serve()
        let proxy = try await startProxy()
        let text = try await reply(try transport(server, proxy: proxy.url))
        XCTAssertEqual(text, DemoServer.replyText(forPrompt: "hi"))
        XCTAssertEqual(proxy.requests.map(\.method), ["CONNECT"])
        XCTAssertEqual(proxy.requests.first?.target, "127.0.0.1:\(server.port)")
        XCTAssertEqual(server.requests.count, 1)
    }

    func testTheProxysCredentialsGoToTheProxyAloneNeverToTheServer() async throws {
        let server = try await serve()
        let proxy = try await startProxy(credentials: ("ana", "pr0xy-pass"))
        let url = "http://ana:pr0xy-pass@127.0.0.1:\(proxy.port)"
        _ = try await reply(try transport(server, proxy: url))
        XCTAssertEqual(
            proxy.requests.first?.headers["proxy-authorization"],
            "Basic " + Data("ana:pr0xy-pass".utf8).base64EncodedString())
        let request = try XCTUnwrap(server.requests.last)
        XCTAssertNil(request.header("Proxy-Authorization"))
        XCTAssertFalse(request.headers.contains { $0.1.contains("pr0xy") || $0.1.contains("YW5hOnByMHh5") })
    }

    func testAProxyThatWantsCredentialsSaysSoAndNamesItself() async throws {
        let server = try await serve()
        let proxy = try await startProxy(credentials: ("ana", "pr0xy-pass"))
        do {
            _ = try await reply(try transport(server, proxy: proxy.url))
            XCTFail("the proxy refused the tunnel")
        } catch let error as ChatError {
            XCTAssertEqual(
                error.description,
                "connection failed: the proxy http://127.0.0.1:\(proxy.port) asks for a user name and password"
                    + " (HTTP 407): give them in its URL, http://user:password@host:port")
        }
        XCTAssertEqual(server.requests.count, 0)
    }

    func testAProxyThatIsNotThereIsNamedInTheFailure() async throws {
        let server = try await serve()
        let port = try LoopbackSocket.freePort()
        do {
            _ = try await reply(try transport(server, proxy: "127.0.0.1:\(port)"))
            XCTFail("nothing listens on the proxy's port")
        } catch let error as ChatError {
            XCTAssertEqual(
                error.description,
                "connection failed: cannot reach the proxy http://127.0.0.1:\(port): connection refused")
        }
    }

    func testTheModelListGoesThroughTheProxyToo() async throws {
        let server = try await serve()
        let proxy = try await startProxy()
        let models = try await transport(server, proxy: proxy.url).listModels()
        XCTAssertEqual(models, ["demo-model"])
        XCTAssertEqual(proxy.requests.map(\.method), ["CONNECT"])
    }
}
