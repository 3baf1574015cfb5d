import DemoServer
import Foundation
import TestSupport
import XCTest

/// The real binary behind a real forward proxy on 127.0.0.1: the environment's variables read
/// as curl reads them, NO_PROXY, a profile's proxy with credentials that reach the proxy alone,
/// and `chatterm config` saying which proxy is in effect and why.
final class ProxyEndToEndTests: DemoServerTestCase {
    private func ask(_ server: DemoServer, _ extra: [String: String], config: String? = nil) throws -> Binary.Result {
        let arguments =
            config == nil ? ["ask", "--base-url", server.baseURL, "--warmup", "never", "hi"] : ["ask", "hi"]
        return try Binary.run(arguments, environment: try environment(config: config, extra))
    }

    func testHTTPProxyInLowerCaseCarriesAnHTTPServersRequests() async throws {
        let server = try await serve()
        let proxy = try await startProxy()
        let result = try ask(server, ["http_proxy": proxy.url])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains(DemoServer.replyText(forPrompt: "hi")), result.stdout)
        XCTAssertEqual(Set(proxy.requests.map(\.target)), ["127.0.0.1:\(server.port)"])
        XCTAssertEqual(Set(proxy.requests.map(\.method)), ["CONNECT"])
    }

    func testUpperCaseHTTPProxyIsIgnoredAsCurlIgnoresIt() async throws {
        let server = try await serve()
        let proxy = try await startProxy()
        let result = try ask(server, ["HTTP_PROXY": proxy.url])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(proxy.requests.count, 0)
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testNoProxySendsTheListedHostStraightToTheServer() async throws {
        let server = try await serve()
        let proxy = try await startProxy()
        let result = try ask(server, ["http_proxy": proxy.url, "NO_PROXY": "localhost, 127.0.0.0/8"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(proxy.requests.count, 0)
        XCTAssertEqual(server.chatRequests.count, 1)
        let unlisted = try ask(server, ["http_proxy": proxy.url, "NO_PROXY": "localhost"])
        XCTAssertEqual(unlisted.status, 0, unlisted.stderr)
        XCTAssertFalse(proxy.requests.isEmpty, "127.0.0.1 is not implied by localhost")
    }

    func testAProfilesProxyBeatsTheEnvironmentAndItsPasswordReachesOnlyTheProxy() async throws {
        let server = try await serve()
        let proxy = try await startProxy(credentials: ("ana", "pr0xy-SECRET"))
        let unused = try await startProxy()
        let config = """
            warmup = "never"
            default_profile = "lab"

            [profiles.lab]
            base_url = "\(server.baseURL)"
            proxy = "http://ana:pr0xy-SECRET@127.0.0.1:\(proxy.port)"
            """
        let result = try ask(server, ["http_proxy": unused.url], config: config)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(unused.requests.count, 0)
        XCTAssertNotNil(proxy.requests.first?.headers["proxy-authorization"])
        let request = try XCTUnwrap(server.chatRequests.last)
        XCTAssertNil(request.header("Proxy-Authorization"))
        XCTAssertFalse(result.stderr.contains("SECRET"))

        let shown = try Binary.run(["config"], environment: try environment(config: config, ["http_proxy": unused.url]))
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let line = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix("proxy ") })
        XCTAssertTrue(line.contains("http://•••@127.0.0.1:\(proxy.port)"), String(line))
        XCTAssertTrue(line.contains("profile lab (overrides env http_proxy)"), String(line))
        let json = try Binary.run(
            ["config", "--json"], environment: try environment(config: config, ["http_proxy": unused.url]))
        XCTAssertFalse(shown.stdout.contains("SECRET") || json.stdout.contains("SECRET"))
        XCTAssertTrue(json.stdout.contains(#""kind" : "profile""#), json.stdout)
    }

    func testAProxyThatRefusesIsNamedInAsksError() async throws {
        let server = try await serve()
        let proxy = try await startProxy(credentials: ("ana", "pr0xy-pass"))
        let result = try Binary.run(
            ["ask", "--base-url", server.baseURL, "--warmup", "never", "--retries", "0", "--proxy", proxy.url, "hi"],
            environment: Binary.cleanEnvironment())
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the proxy \(proxy.url) asks for a user name and password"), result.stderr)
        XCTAssertEqual(server.chatRequests.count, 0)
    }
}
