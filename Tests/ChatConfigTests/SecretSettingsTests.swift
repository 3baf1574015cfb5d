import ChatConfig
import ChatCore
import XCTest

/// Secrets in the settings: headers read from the environment (`headers_env`), headers marked
/// secret (`secret_headers`), the key, a base URL's password — sent as they are, shown as `•••`.
final class SecretSettingsTests: XCTestCase {
    private func settings(_ text: String, environment: [String: String] = [:]) throws -> Settings {
        try Settings.resolve(environment: environment, file: try ConfigFile.parse(text, path: "/c.toml"))
    }

    private let azure = """
        default_profile = "azure"
        [profiles.azure]
        base_url = "https://res.openai.azure.com/openai/v1"
        api_key_env = ""
        headers = { "X-Tenant" = "lab", "api-key" = "from-the-file" }
        headers_env = { "api-key" = "AZURE_KEY", "X-Session" = "SESSION" }
        secret_headers = ["X-Tenant"]
        """

    func testAHeaderFromTheEnvironmentIsSentAndWinsOverTheFilesValue() throws {
        let settings = try settings(azure, environment: ["AZURE_KEY": "azure-key-123", "SESSION": "s-456"])
        XCTAssertEqual(settings.headersEnv.value, ["api-key": "AZURE_KEY", "X-Session": "SESSION"])
        XCTAssertEqual(settings.headersEnv.source, .profile("azure"))
        XCTAssertEqual(settings.requestHeaders.map(\.name), ["X-Session", "X-Tenant", "api-key"])
        XCTAssertEqual(settings.requestHeaders.map(\.value), ["s-456", "lab", "azure-key-123"])
        XCTAssertEqual(settings.secretHeaderNames, ["x-tenant", "api-key", "x-session"])
        XCTAssertEqual(settings.warnings, [])
    }

    func testAnUnsetVariableSendsNoHeaderAndIsNamedInAWarning() throws {
        let settings = try settings(azure, environment: ["AZURE_KEY": "azure-key-123"])
        XCTAssertFalse(settings.requestHeaders.contains { $0.name == "X-Session" })
        XCTAssertEqual(
            settings.warnings, ["SESSION is not set (profile azure reads header X-Session from it): export SESSION=…"])
    }

    func testTheReportShowsEverySecretAsDotsAndSaysWhichVariablesAreSet() throws {
        let settings = try settings(
            azure, environment: ["AZURE_KEY": "azure-key-123", "OPENAI_API_KEY": "sk-never-shown"])
        let report = SettingsReport(settings)
        let lines = report.lines().joined(separator: "\n")
        XCTAssertTrue(lines.contains("headers              api-key: •••, X-Tenant: •••"), lines)
        XCTAssertTrue(
            lines.contains("headers_env          api-key from AZURE_KEY (set), X-Session from SESSION (not set)"), lines
        )
        XCTAssertTrue(lines.contains("secret_headers       X-Tenant"), lines)
        XCTAssertFalse(
            lines.contains("from-the-file") || lines.contains("azure-key-123") || lines.contains("lab"), lines)
        let json = report.json()
        XCTAssertFalse(json.contains("from-the-file") || json.contains("azure-key-123"), json)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(object["settings"] as? [String: [String: Any]])
        XCTAssertEqual(rows["headers"]?["value"] as? [String: String], ["X-Tenant": "•••", "api-key": "•••"])
        let fromEnvironment = try XCTUnwrap(rows["headers_env"]?["value"] as? [String: [String: Any]])
        XCTAssertEqual(fromEnvironment["api-key"]?["variable"] as? String, "AZURE_KEY")
        XCTAssertEqual(fromEnvironment["api-key"]?["set"] as? Bool, true)
        XCTAssertEqual(fromEnvironment["X-Session"]?["set"] as? Bool, false)
        XCTAssertEqual(rows["secret_headers"]?["value"] as? [String], ["X-Tenant"])
    }

    func testTheBaseURLsUserAndPasswordAreNeverShown() throws {
        let settings = try Settings.resolve(
            environment: ["CHATTERM_BASE_URL": "http://ana:PASS-word@10.0.0.5:8000/v1"], file: nil)
        let report = SettingsReport(settings)
        let lines = report.lines().joined(separator: "\n")
        XCTAssertTrue(lines.contains("base_url             http://•••@10.0.0.5:8000/v1"), lines)
        XCTAssertFalse(lines.contains("PASS") || report.json().contains("PASS") || report.json().contains("ana"))
        XCTAssertEqual(settings.redactor("PASS-word"), "•••")
    }

    func testSensitiveHeadersWrittenInTheFileAreShownAsDots() throws {
        let settings = try settings(
            """
            headers = { "X-Api-Key" = "xk-1234", "Cookie" = "sid=abcd", "Proxy-Authorization" = "Basic Zm9vOmJhcg==", "X-Route" = "a100" }
            """)
        let lines = SettingsReport(settings).lines().joined(separator: "\n")
        XCTAssertTrue(lines.contains("Cookie: •••, Proxy-Authorization: •••, X-Api-Key: •••, X-Route: a100"), lines)
    }

    func testBadSecretSettingsAreLocatedErrors() {
        let cases: [(String, String)] = [
            (
                #"headers_env = { "api-key" = "not a variable" }"#,
                "headers_env.api-key: must be the name of an environment variable"
            ),
            (#"headers_env = { "Content-Type" = "X" }"#, "headers_env.Content-Type: this header cannot be set here"),
            (#"headers_env = { "bad name" = "X" }"#, "not a valid HTTP header name"),
            (#"headers_env = "AZURE_KEY""#, "headers_env: expected a table of header names and environment variables"),
            (#"secret_headers = "X-Session""#, "secret_headers: expected an array of header names"),
            (#"secret_headers = ["bad name"]"#, #"secret_headers: not a valid HTTP header name: "bad name""#),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ConfigFile.parse(text, path: "/c.toml"), text) { error in
                XCTAssertTrue(String(describing: error).contains(expected), "\(error)")
            }
        }
        XCTAssertNoThrow(try ConfigFile.parse(#"headers_env = { Authorization = "PROXY_AUTH" }"#, path: "/c.toml"))
    }
}
