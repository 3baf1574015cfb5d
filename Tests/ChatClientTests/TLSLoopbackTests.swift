import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// The transport against a real DemoServer serving TLS on 127.0.0.1 with certificates made for
/// the test: `ca_file` trusted instead of the system's, every refusal said with its reason and
/// its cure, `insecure`, and client certificates.
final class TLSLoopbackTests: DemoServerTestCase {
    private let clients = HTTPClients()
    private var certificates: TestCertificates!

    override func setUp() async throws {
        try await super.setUp()
        certificates = try TestCertificates.shared()
    }

    override func tearDown() async throws {
        await clients.shutdown()
        try await super.tearDown()
    }

    private func serveTLS(certificate: String? = nil, key: String? = nil, clientCA: String? = nil) async throws
        -> DemoServer
    {
        try await serve(
            .fast,
            tls: DemoServerTLS(
                certificateChain: certificate ?? certificates.serverCertificate,
                privateKey: key ?? certificates.serverKey, clientCA: clientCA))
    }

    private func models(_ baseURL: String, _ files: TLSFiles) async throws -> [String] {
        let endpoint = try Endpoint(baseURL: baseURL, network: try NetworkConfiguration(proxy: nil, tls: files))
        return try await HTTPChatTransport(
            endpoint: endpoint, client: clients.pooled(for: endpoint.network),
            freshClient: clients.fresh(for: endpoint.network)
        ).listModels()
    }

    /// The `ChatError` listing the models fails with.
    private func failure(_ baseURL: String, _ files: TLSFiles = .system) async throws -> ChatError {
        do {
            _ = try await models(baseURL, files)
        } catch let error as ChatError {
            return error
        }
        XCTFail("the request succeeded")
        return .emptyReply
    }

    private func reply(_ baseURL: String, _ files: TLSFiles) async throws -> String {
        let endpoint = try Endpoint(baseURL: baseURL, network: try NetworkConfiguration(proxy: nil, tls: files))
        let transport = HTTPChatTransport(
            endpoint: endpoint, client: clients.pooled(for: endpoint.network),
            freshClient: clients.fresh(for: endpoint.network))
        var text = ""
        let request = ChatRequest(model: "demo-model", messages: [.init(role: .user, content: "hi")], stream: true)
        for try await event in transport.send(request) {
            if case .content(let piece) = event { text += piece }
        }
        return text
    }

    func testTheCAFileIsTrustedAndTheReplyStreams() async throws {
        let server = try await serveTLS()
        XCTAssertTrue(server.baseURL.hasPrefix("https://127.0.0.1:"))
        let text = try await reply(server.baseURL, TLSFiles(caFile: certificates.caCertificate))
        XCTAssertEqual(text, DemoServer.replyText(forPrompt: "hi"))
        let byName = server.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let listed = try await models(byName, TLSFiles(caFile: certificates.caCertificate))
        XCTAssertEqual(listed, ["demo-model"])
    }

    func testAnUnknownCAIsNamedWithTheCure() async throws {
        let server = try await serveTLS()
        let error = try await failure(server.baseURL)
        XCTAssertEqual(
            error,
            .tls(
                #"the server's certificate ("localhost") is signed by "chatterm test CA", which is not in the system's"#
                    + " trusted certificates: set ca_file (or --ca-file) to that CA's certificate in PEM,"
                    + " or, on a test box only, insecure = true in its profile"))
        XCTAssertEqual(RetryPolicy.verdict(for: error), .giveUp, "asking again cannot help")
    }

    func testASelfSignedCertificateIsSaidToBeOne() async throws {
        let server = try await serveTLS(
            certificate: certificates.selfSignedCertificate, key: certificates.selfSignedKey)
        let error = try await failure(server.baseURL, TLSFiles(caFile: certificates.caCertificate))
        XCTAssertTrue(
            error.description.hasPrefix(
                #"secure connection failed: the server's certificate ("localhost") is self-signed and not in ca_file "#),
            error.description)
        let listed = try await models(server.baseURL, TLSFiles(caFile: certificates.selfSignedCertificate))
        XCTAssertEqual(
            listed, ["demo-model"],
            "a self-signed certificate is its own CA file")
    }

    func testAnExpiredCertificateSaysWhenItExpired() async throws {
        let server = try await serveTLS(certificate: certificates.expiredServerCertificate)
        let error = try await failure(server.baseURL, TLSFiles(caFile: certificates.caCertificate))
        XCTAssertTrue(error.description.contains(#"the server's certificate ("localhost") expired on 20"#), "\(error)")
        XCTAssertTrue(error.description.contains("renew it on the server"), "\(error)")
    }

    func testACertificateForAnotherNameSaysWhichNamesItIsFor() async throws {
        let server = try await serveTLS(certificate: certificates.otherNameCertificate)
        let error = try await failure(server.baseURL, TLSFiles(caFile: certificates.caCertificate))
        XCTAssertEqual(
            error,
            .tls(
                "the server's certificate is not for 127.0.0.1 (it is for other.example): put a name it is for in"
                    + " base_url, or, on a test box only, insecure = true in its profile"))
    }

    func testInsecureAcceptsAnyCertificate() async throws {
        let server = try await serveTLS(certificate: certificates.expiredServerCertificate)
        let listed = try await models(server.baseURL, TLSFiles(insecure: true))
        XCTAssertEqual(listed, ["demo-model"])
    }

    func testAnHTTPServerBehindAnHTTPSURLIsSaidToBeOne() async throws {
        let server = try await serve()
        let error = try await failure(server.baseURL.replacingOccurrences(of: "http://", with: "https://"))
        XCTAssertEqual(
            error,
            .tls("the server does not speak TLS on that port: should base_url start with http:// rather than https://?")
        )
    }

    func testAServerThatAsksForAClientCertificateGetsOneFromClientCertAndKey() async throws {
        let server = try await serveTLS(clientCA: certificates.caCertificate)
        let trusted = TLSFiles(caFile: certificates.caCertificate)
        let missing = try await failure(server.baseURL, trusted)
        XCTAssertEqual(
            missing, .tls("the server asks for a client certificate: set client_cert (and client_key) in its profile"))
        var withCertificate = trusted
        withCertificate.clientCert = certificates.clientCertificate
        withCertificate.clientKey = certificates.clientKey
        let listed = try await models(server.baseURL, withCertificate)
        XCTAssertEqual(listed, ["demo-model"])
        var inOneFile = trusted
        inOneFile.clientCert = certificates.clientCertificateAndKey
        let listedWithOneFile = try await models(server.baseURL, inOneFile)
        XCTAssertEqual(listedWithOneFile, ["demo-model"])
        var stranger = trusted
        stranger.clientCert = certificates.strangerCertificate
        stranger.clientKey = certificates.strangerKey
        let refused = try await failure(server.baseURL, stranger)
        XCTAssertTrue(
            refused.description.contains("the server refused client_cert \(certificates.strangerCertificate)"),
            refused.description)
    }

    func testFilesThatCannotBeUsedAreNamedWithTheReason() throws {
        func refusal(_ files: TLSFiles) -> String {
            do {
                _ = try NetworkConfiguration(proxy: nil, tls: files)
                return "accepted"
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(refusal(TLSFiles(caFile: "/nonexistent/ca.pem")), "ca_file /nonexistent/ca.pem: no such file")
        XCTAssertTrue(
            refusal(TLSFiles(caFile: certificates.serverKey)).hasPrefix(
                "ca_file \(certificates.serverKey): no certificate in it: expected PEM"))
        XCTAssertTrue(
            refusal(TLSFiles(clientCert: certificates.clientCertificate)).hasPrefix(
                "client_cert \(certificates.clientCertificate): no private key in it"))
        XCTAssertTrue(
            refusal(TLSFiles(clientCert: certificates.clientCertificate, clientKey: certificates.serverKey)).hasPrefix(
                "client_key \(certificates.serverKey): it is not the key of client_cert's certificate"))
        XCTAssertTrue(
            refusal(TLSFiles(clientKey: certificates.clientKey)).hasSuffix(
                "set client_cert too, the certificate it is the key of"))
        XCTAssertTrue(
            refusal(TLSFiles(clientCert: certificates.clientCertificate, clientKey: certificates.encryptedClientKey))
                .contains("the key is encrypted and chatterm cannot ask for its passphrase"))
        XCTAssertEqual(
            refusal(TLSFiles(caFile: "/dev/zero")), "ca_file /dev/zero: it is a character device, not a regular file")
    }
}
