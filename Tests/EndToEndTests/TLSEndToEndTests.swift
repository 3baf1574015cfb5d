import DemoServer
import Foundation
import TestSupport
import XCTest

/// The real binary against a DemoServer serving TLS on 127.0.0.1 with certificates the test
/// made: `ca_file` and `--ca-file`, a refusal that says why and what to do, `insecure` with its
/// warning on every run, a client certificate, and `chatterm config` showing each with its
/// source.
final class TLSEndToEndTests: DemoServerTestCase {
    private func serveTLS(clientCA: String? = nil) async throws -> (DemoServer, TestCertificates) {
        let certificates = try TestCertificates.shared()
        let server = try await serve(
            .fast,
            tls: DemoServerTLS(
                certificateChain: certificates.serverCertificate, privateKey: certificates.serverKey,
                clientCA: clientCA == nil ? nil : certificates.caCertificate))
        return (server, certificates)
    }

    private func config(_ server: DemoServer, _ lines: String) -> String {
        """
        warmup = "never"
        retries = 0
        default_profile = "lab"

        [profiles.lab]
        base_url = "\(server.baseURL)"
        \(lines)
        """
    }

    func testTheProfilesCAFileIsTrustedAndConfigShowsIt() async throws {
        let (server, certificates) = try await serveTLS()
        let environment = try environment(config: config(server, #"ca_file = "\#(certificates.caCertificate)""#))
        let result = try Binary.run(["ask", "hi"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains(DemoServer.replyText(forPrompt: "hi")))
        let shown = try Binary.run(["config"], environment: environment)
        let line = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix("ca_file ") })
        XCTAssertTrue(line.contains(certificates.caCertificate) && line.hasSuffix("profile lab"), String(line))
    }

    func testWithoutTheCAFileTheRefusalSaysWhyAndHowToFixIt() async throws {
        let (server, certificates) = try await serveTLS()
        let environment = try environment(config: config(server, ""))
        let result = try Binary.run(["ask", "hi"], environment: environment)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.stderr.contains(
                #"secure connection failed: the server's certificate ("localhost") is signed by "chatterm test CA""#),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("set ca_file (or --ca-file)"), result.stderr)
        XCTAssertEqual(server.requests.count, 0)
        let flagged = try Binary.run(["ask", "--ca-file", certificates.caCertificate, "hi"], environment: environment)
        XCTAssertEqual(flagged.status, 0, flagged.stderr)
        let probe = try Binary.run(["probe", "--requests", "1"], environment: environment)
        XCTAssertNotEqual(probe.status, 0)
        XCTAssertTrue((probe.stdout + probe.stderr).contains("chatterm test CA"), probe.stdout + probe.stderr)
    }

    func testInsecureIsAcceptedWithAWarningOnEveryRun() async throws {
        let (server, _) = try await serveTLS()
        let environment = try environment(config: config(server, "insecure = true"))
        for _ in 0..<2 {
            let result = try Binary.run(["ask", "hi"], environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(
                result.stderr.contains("TLS certificates are not checked (insecure = true in profile lab)"),
                result.stderr)
        }
        let shown = try Binary.run(["config"], environment: environment)
        XCTAssertTrue(shown.stdout.contains("note: TLS certificates are not checked"), shown.stdout)
    }

    func testTheChatSaysInTheStatusBarThatCertificatesAreNotChecked() async throws {
        let (server, _) = try await serveTLS()
        let folder = try Binary.temporaryConfigDirectory(for: self, config: config(server, "insecure = true"))
        let terminal = try launchChat(columns: 200, environment: ["XDG_CONFIG_HOME": folder])
        try terminal.waitForStatus("TLS certificates are not checked (insecure = true in profile lab)")
    }

    func testInsecureAtTheTopOfTheFileIsRefused() throws {
        let result = try Binary.run(
            ["config"], environment: try environment(config: "insecure = true\n[profiles.lab]\n"))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("insecure: only allowed in a profile"), result.stderr)
    }

    func testAGatewayThatAsksForAClientCertificateGetsTheProfilesOne() async throws {
        let (server, certificates) = try await serveTLS(clientCA: "yes")
        let trusted = #"ca_file = "\#(certificates.caCertificate)""#
        let without = try Binary.run(["ask", "hi"], environment: try environment(config: config(server, trusted)))
        XCTAssertNotEqual(without.status, 0)
        XCTAssertTrue(without.stderr.contains("the server asks for a client certificate"), without.stderr)
        let lines =
            trusted + "\n" + """
                client_cert = "\(certificates.clientCertificate)"
                client_key = "\(certificates.clientKey)"
                """
        let with = try Binary.run(["ask", "hi"], environment: try environment(config: config(server, lines)))
        XCTAssertEqual(with.status, 0, with.stderr)
    }

    func testATLSFileThatCannotBeReadIsNamedWithItsSource() async throws {
        let (server, _) = try await serveTLS()
        let result = try Binary.run(
            ["ask", "hi"], environment: try environment(config: config(server, #"ca_file = "/nonexistent/ca.pem""#)))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.stderr.contains("ca_file /nonexistent/ca.pem (from profile lab): no such file"), result.stderr)
    }
}
