import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// Redirects are reported, never followed: the server they point at hears nothing, neither the
/// prompt nor the key nor a profile's headers.
final class RedirectLoopbackTests: DemoServerTestCase {
    /// A server redirecting every chat request to `target` with `kind` (`redirect`, `redirect-302`).
    private func redirecting(to target: DemoServer, kind: String = "redirect") async throws -> DemoServer {
        try await serve(fault: "\(kind):\(target.port)")
    }

    private func endpoint(_ server: DemoServer) throws -> Endpoint {
        try Endpoint(
            baseURL: server.baseURL, apiKey: "sk-secret", headers: [(name: "api-key", value: "azure-secret")])
    }

    /// The error the request ended with.
    private func failure(of server: DemoServer, stream: Bool) async throws -> ChatError? {
        let transport = HTTPChatTransport(endpoint: try endpoint(server))
        let request = ChatRequest(
            model: "demo-model", messages: [.init(role: .user, content: "the prompt")], stream: stream)
        do {
            for try await _ in transport.send(request) {}
        } catch let error as ChatError {
            return error
        }
        return nil
    }

    func testA307ToAnotherPortIsReportedWithTheBaseURLToUseAndTheTargetHearsNothing() async throws {
        let target = try await serve()
        let server = try await redirecting(to: target)
        for stream in [true, false] {
            let error = try await failure(of: server, stream: stream)
            XCTAssertEqual(
                error,
                .http(
                    status: 307,
                    message: "the server redirected to \(target.baseURL)/chat/completions: use \(target.baseURL) "
                        + "as --base-url"))
        }
        XCTAssertTrue(target.requests.isEmpty, "\(target.requests.map(\.headers))")
        XCTAssertEqual(server.requests.count, 2, "one request each, never retried by the transport")
        XCTAssertEqual(server.requests.first?.header("api-key"), "azure-secret")
    }

    func testA302IsNotTurnedIntoAGetToTheTarget() async throws {
        let target = try await serve()
        let server = try await redirecting(to: target, kind: "redirect-302")
        let error = try await failure(of: server, stream: true)
        guard case .http(302, let message, _) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(message.hasPrefix("the server redirected to \(target.baseURL)/chat/completions"), message)
        XCTAssertTrue(target.requests.isEmpty)
    }

    func testARedirectToTheSameURLIsReportedAsALoopAtOnce() async throws {
        let server = try await serve(fault: "redirect-loop")
        let error = try await failure(of: server, stream: true)
        XCTAssertEqual(
            error,
            .http(
                status: 307,
                message: "the server redirected to \(server.baseURL)/chat/completions, the very URL it was asked: "
                    + "a redirect loop (chatterm follows no redirects)"))
        XCTAssertEqual(server.requests.count, 1)
    }

    func testTheProbeSaysWhereEveryRequestWasRedirected() async throws {
        let target = try await serve()
        let server = try await redirecting(to: target)
        let probe = EndpointProbe(endpoint: try endpoint(server), plan: .init(rounds: 1, timeoutSeconds: 60))
        let report = try await probe.run()
        XCTAssertEqual(report.requests.map(\.status), [307, 307, 307, 307])
        XCTAssertEqual(
            report.verdict.lines.first,
            "Every request fails with HTTP 307: the server redirected to \(target.baseURL)/chat/completions: "
                + "use \(target.baseURL) as --base-url.")
        XCTAssertTrue(target.requests.isEmpty)
    }
}
