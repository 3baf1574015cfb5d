import DemoServer
import TestSupport
import XCTest

/// Secrets stay secret through the real binary: a server that echoes the request's headers in a
/// 401 (as some gateways do) gets its echo shown, printed and saved with the key, the secret
/// headers' values and the URL's password as `•••`; `chatterm config` shows them as `•••` too.
final class SecretsEndToEndTests: DemoServerTestCase {
    /// Every secret of `configuredEnvironment`, each holding the word SECRET so a leak of any
    /// form of any of them shows.
    private let key = "sk-test-SECRET-0001"
    private let fileHeader = "file-SECRET-0002"
    private let environmentHeader = "env-SECRET-0003"
    private let markedHeader = "marked-SECRET-0004"

    /// A configuration whose profile sends an `api-key` written in the file, an `X-Session` read
    /// from the environment and an `X-Marked` header marked secret, to `server`; the key comes
    /// from OPENAI_API_KEY.
    private func configuredEnvironment(_ server: DemoServer, data: String) throws -> [String: String] {
        let config = """
            default_profile = "gateway"
            warmup = "never"
            retries = 0

            [profiles.gateway]
            base_url = "\(server.baseURL)"
            model = "demo-model"
            headers = { "api-key" = "\(fileHeader)", "X-Marked" = "\(markedHeader)", "X-Tenant" = "research" }
            headers_env = { "X-Session" = "SESSION_TOKEN" }
            secret_headers = ["X-Marked"]
            """
        return try environment(
            config: config, ["OPENAI_API_KEY": key, "SESSION_TOKEN": environmentHeader, "CHATTERM_DATA_DIR": data])
    }

    /// Every file under `folder`, as text.
    private func filesText(under folder: String) throws -> String {
        var text = ""
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                text += (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            }
        }
        return text
    }

    private func assertNoSecret(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.contains("SECRET"), "\(what) leaks a secret:\n\(text)", file: file, line: line)
        XCTAssertFalse(text.contains("PASSWORD"), "\(what) leaks the URL's password:\n\(text)", file: file, line: line)
    }

    func testAServerEchoingTheHeadersIn401LeaksNoSecretToTheScreenTheJSONOrTheFile() async throws {
        let server = try await serve(.fast(.echoHeaders401))
        let data = Binary.temporaryDataDirectory(for: self)
        let environment = try configuredEnvironment(server, data: data)
        let runs = [
            ["ask", "--save", "hello"], ["ask", "--json", "--save", "hello"], ["probe", "--requests", "1"],
            ["probe", "--requests", "1", "--json"],
        ]
        for arguments in runs {
            let result = try Binary.run(arguments, environment: environment)
            let command = arguments.joined(separator: " ")
            XCTAssertNotEqual(result.status, 0, "\(command): the server refused every request")
            assertNoSecret(result.stdout, "stdout of \(command)")
            assertNoSecret(result.stderr, "stderr of \(command)")
            if arguments != ["probe", "--requests", "1"] {
                XCTAssertTrue(
                    (result.stdout + result.stderr).contains("Bearer •••"),
                    "\(command) shows the echo:\n\(result.stdout)\n\(result.stderr)")
            }
        }
        let request = try XCTUnwrap(server.chatRequests.last)
        XCTAssertEqual(request.header("Authorization"), "Bearer \(key)", "the secrets were sent, and echoed")
        XCTAssertEqual(request.header("api-key"), fileHeader)
        XCTAssertEqual(request.header("X-Session"), environmentHeader)
        XCTAssertEqual(request.header("X-Marked"), markedHeader)
        let saved = try filesText(under: data)
        XCTAssertTrue(saved.contains("\"error\""), "the failed replies were saved with their errors")
        XCTAssertTrue(saved.contains("•••"), saved)
        assertNoSecret(saved, "the saved conversations")
    }

    func testConfigShowsSecretHeaderValuesAsDotsInTheTableAndTheJSON() async throws {
        let server = try await serve()
        let config = """
            [profiles.p]
            base_url = "\(server.baseURL)"
            headers = { "api-key" = "a-SECRET-1", "X-Api-Key" = "x-SECRET-2", "Cookie" = "c=SECRET-3", "Proxy-Authorization" = "Basic SECRET-4", "X-Marked" = "m-SECRET-5", "X-Tenant" = "research" }
            headers_env = { "X-Session" = "SESSION_TOKEN" }
            secret_headers = ["X-Marked"]
            """
        let environment = try environment(
            config: config, ["OPENAI_API_KEY": key, "SESSION_TOKEN": environmentHeader, "CHATTERM_PROFILE": "p"])
        let table = try Binary.run(["config"], environment: environment)
        XCTAssertEqual(table.status, 0, table.stderr)
        assertNoSecret(table.stdout + table.stderr, "config")
        XCTAssertTrue(
            table.stdout.contains(
                "api-key: •••, Cookie: •••, Proxy-Authorization: •••, X-Api-Key: •••, X-Marked: •••, X-Tenant: research"
            ),
            table.stdout)
        XCTAssertTrue(table.stdout.contains("X-Session from SESSION_TOKEN (set)"), table.stdout)
        let json = try Binary.run(["config", "--json"], environment: environment)
        XCTAssertEqual(json.status, 0, json.stderr)
        assertNoSecret(json.stdout + json.stderr, "config --json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let settings = try XCTUnwrap(object["settings"] as? [String: [String: Any]])
        XCTAssertEqual(
            settings["headers"]?["value"] as? [String: String],
            [
                "api-key": "•••", "X-Api-Key": "•••", "Cookie": "•••", "Proxy-Authorization": "•••", "X-Marked": "•••",
                "X-Tenant": "research",
            ])
    }

    func testAHeaderFromTheEnvironmentReachesTheServerAndAMissingVariableIsNamed() async throws {
        let server = try await serve()
        let data = Binary.temporaryDataDirectory(for: self)
        var environment = try configuredEnvironment(server, data: data)
        var result = try Binary.run(["ask", "hello"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(server.chatRequests.last?.header("X-Session"), environmentHeader)
        environment["SESSION_TOKEN"] = nil
        result = try Binary.run(["ask", "hello"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNil(server.chatRequests.last?.header("X-Session"))
        XCTAssertTrue(
            result.stderr.contains("SESSION_TOKEN is not set (profile gateway reads header X-Session from it)"),
            result.stderr)
    }

    func testAURLsPasswordIsSentAsBasicAuthenticationAndNeverShownOrSaved() async throws {
        let server = try await serve(.fast(.echoHeaders401))
        let data = Binary.temporaryDataDirectory(for: self)
        let url = server.baseURL.replacingOccurrences(of: "http://", with: "http://ana:PASSWORD-99@")
        let environment = Binary.cleanEnvironment(["CHATTERM_DATA_DIR": data])
        for arguments in [
            ["ask", "--save", "--retries", "0", "--warmup", "never", "--model", "m", "--base-url", url, "hello"],
            [
                "ask", "--json", "--save", "--retries", "0", "--warmup", "never", "--model", "m", "--base-url", url,
                "hi",
            ],
            ["probe", "--requests", "1", "--base-url", url], ["probe", "--requests", "1", "--json", "--base-url", url],
            ["config", "--base-url", url], ["config", "--json", "--base-url", url],
        ] {
            let result = try Binary.run(arguments, environment: environment)
            assertNoSecret(result.stdout + result.stderr, arguments.joined(separator: " "))
            XCTAssertFalse((result.stdout + result.stderr).contains("ana:"), result.stdout + result.stderr)
        }
        let basic = "Basic " + Data("ana:PASSWORD-99".utf8).base64EncodedString()
        XCTAssertEqual(server.chatRequests.last?.header("Authorization"), basic)
        let saved = try filesText(under: data + "/conversations")
        let files = try FileManager.default.contentsOfDirectory(atPath: data + "/conversations")
            .filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 2, "both asks saved their conversation")
        for name in files {
            let document = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: data + "/conversations/" + name)))
            let endpoint = (document as? [String: Any])?["endpoint"] as? [String: Any]
            XCTAssertEqual(endpoint?["baseURL"] as? String, server.baseURL, name)
        }
        assertNoSecret(saved, "the saved conversations")
        XCTAssertFalse(saved.contains("ana"), saved)
        XCTAssertFalse(saved.contains(Data("ana:PASSWORD-99".utf8).base64EncodedString()), saved)
    }

    func testAURLsPasswordAndAnAPIKeyTogetherAreRefusedWithoutShowingEither() async throws {
        let server = try await serve()
        let url = server.baseURL.replacingOccurrences(of: "http://", with: "http://ana:PASSWORD-99@")
        let result = try Binary.run(
            ["ask", "--model", "m", "--base-url", url, "hello"],
            environment: Binary.cleanEnvironment(["OPENAI_API_KEY": key]))
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("basic authentication"), result.stderr)
        assertNoSecret(result.stdout + result.stderr, "the refusal")
        XCTAssertTrue(server.chatRequests.isEmpty)
    }
}
