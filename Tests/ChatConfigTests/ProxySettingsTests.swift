import ChatConfig
import ChatCore
import XCTest

/// The proxy is chosen as curl chooses it: `--proxy`, then the profile's `proxy`, then the
/// file's top level, then the environment's variable for the server's scheme; `NO_PROXY` then
/// sends the hosts it lists around whichever was chosen, and nothing else.
final class ProxySettingsTests: XCTestCase {
    private func file(top: String = "", profile: String = "", baseURL: String = "https://llm.lab.example:8443/v1")
        throws -> ConfigFile
    {
        try ConfigFile.parse(
            """
            default_profile = "lab"
            \(top)

            [profiles.lab]
            base_url = "\(baseURL)"
            \(profile)
            """, path: "/tmp/config.toml")
    }

    private func proxy(
        _ environment: [String: String], flag: String? = nil, file: ConfigFile? = nil
    ) throws -> Setting<String?> {
        let file = try file ?? self.file()
        return try Settings.resolve(
            flags: FlagSettings(SettingsLayer(proxy: flag)), environment: environment, file: file
        )
        .proxy
    }

    func testAnHTTPSServerTakesHTTPSProxyInEitherCaseTheLowerCaseFirst() throws {
        XCTAssertEqual(
            try proxy(["HTTPS_PROXY": "http://upper:3128"]),
            Setting("http://upper:3128", from: .environment("HTTPS_PROXY")))
        XCTAssertEqual(
            try proxy(["https_proxy": "http://lower:3128", "HTTPS_PROXY": "http://upper:3128"]).value,
            "http://lower:3128")
        XCTAssertEqual(try proxy(["http_proxy": "http://plain:3128"]).value, nil, "http_proxy is for http:// servers")
    }

    func testAnHTTPServerTakesOnlyTheLowerCaseHTTPProxyAsCurlDoes() throws {
        let plain = try file(baseURL: "http://10.0.0.5:8000/v1")
        XCTAssertEqual(try proxy(["HTTP_PROXY": "http://upper:3128"], file: plain), Setting(nil, from: .builtIn))
        XCTAssertEqual(
            try proxy(["http_proxy": "http://lower:3128"], file: plain),
            Setting("http://lower:3128", from: .environment("http_proxy")))
        XCTAssertEqual(try proxy(["HTTPS_PROXY": "http://secure:3128"], file: plain).value, nil)
    }

    func testAllProxyCountsWhenNoVariableForTheSchemeIsSet() throws {
        XCTAssertEqual(try proxy(["ALL_PROXY": "http://all:3128"]).source, .environment("ALL_PROXY"))
        XCTAssertEqual(try proxy(["all_proxy": "http://a:1", "ALL_PROXY": "http://b:2"]).value, "http://a:1")
        XCTAssertEqual(try proxy(["ALL_PROXY": "http://all:3128", "HTTPS_PROXY": "http://s:1"]).value, "http://s:1")
        XCTAssertEqual(try proxy(["HTTPS_PROXY": " "]), Setting(nil, from: .builtIn), "an empty variable is unset")
    }

    func testTheFlagBeatsTheProfileWhichBeatsTheTopLevelWhichBeatsTheEnvironment() throws {
        let environment = ["HTTPS_PROXY": "http://env:1"]
        let both = try file(top: #"proxy = "http://top:2""#, profile: #"proxy = "http://profile:3""#)
        XCTAssertEqual(
            try proxy(environment, flag: "http://flag:4", file: both),
            Setting("http://flag:4", from: .flag("--proxy"), overrides: .environment("HTTPS_PROXY")))
        XCTAssertEqual(
            try proxy(environment, file: both),
            Setting("http://profile:3", from: .profile("lab"), overrides: .environment("HTTPS_PROXY")))
        XCTAssertEqual(try proxy(environment, file: try file(top: #"proxy = "http://top:2""#)).source, .configFile)
        XCTAssertEqual(try proxy(environment).source, .environment("HTTPS_PROXY"))
    }

    func testAnEmptyProxyMeansNoneWhateverTheEnvironmentSays() throws {
        let direct = try file(profile: #"proxy = """#)
        XCTAssertEqual(
            try proxy(["HTTPS_PROXY": "http://env:1"], file: direct),
            Setting(nil, from: .profile("lab"), overrides: .environment("HTTPS_PROXY")))
        XCTAssertEqual(try proxy(["HTTPS_PROXY": "http://env:1"], flag: "").source, .flag("--proxy"))
    }

    func testNoProxySendsTheHostsItListsAroundEveryProxyEvenTheFlags() throws {
        XCTAssertEqual(
            try proxy(["HTTPS_PROXY": "http://env:1", "NO_PROXY": "localhost,.example"], flag: "http://flag:2"),
            Setting(nil, from: .environment("NO_PROXY"), overrides: .flag("--proxy")))
        XCTAssertEqual(
            try proxy(["HTTPS_PROXY": "http://env:1", "no_proxy": "other.example", "NO_PROXY": "lab.example"]).value,
            "http://env:1", "no_proxy counts before NO_PROXY")
    }

    func testDemoModeUsesNoProxy() throws {
        let settings = try Settings.resolve(environment: ["http_proxy": "http://env:1"], file: nil)
        XCTAssertEqual(settings.proxy, Setting(nil, from: .builtIn))
    }

    func testTheFileRefusesWhatIsNotAnHTTPProxy() {
        for (value, expected) in [
            ("socks5://proxy:1080", "socks5:// proxies are not supported"),
            ("https://proxy:443", "https:// proxies are not supported"), ("http://proxy:99999", "port"),
            ("http://proxy:3128/path", "no path"), ("http://:3128", "no host"),
        ] {
            XCTAssertThrowsError(try file(profile: #"proxy = "\#(value)""#), value) { error in
                XCTAssertTrue("\(error)".contains("not a proxy URL"), "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(value): \(error)")
            }
        }
    }

    func testAnEnvironmentProxyThatIsNotOneIsReportedWithItsVariable() throws {
        let settings = try Settings.resolve(
            environment: ["HTTPS_PROXY": "socks5h://proxy:1080"], file: try file())
        XCTAssertEqual(settings.proxyURL, nil)
        XCTAssertTrue(settings.proxyProblem?.hasPrefix("env HTTPS_PROXY is not a proxy URL: socks5h://") == true)
        XCTAssertTrue(settings.warnings.contains(settings.proxyProblem ?? "-"))
    }

    func testTheProxysPasswordIsASecretOfTheSettings() throws {
        let settings = try Settings.resolve(
            environment: ["HTTPS_PROXY": "http://ana:pr0xy-pass@proxy:3128"], file: try file())
        XCTAssertEqual(
            settings.proxyURL,
            ProxyURL(
                host: "proxy", port: 3128,
                credentials: BaseURL.Credentials(user: "ana", password: "pr0xy-pass", encodedPassword: "pr0xy-pass")))
        XCTAssertEqual(settings.redactor("she typed pr0xy-pass"), "she typed •••")
        let row = try XCTUnwrap(SettingsReport(settings).rows.first { $0.name == "proxy" })
        XCTAssertEqual(row.value, "http://•••@proxy:3128")
        XCTAssertEqual(row.source, "env HTTPS_PROXY")
        XCTAssertFalse(SettingsReport(settings).json().contains("pr0xy-pass"))
    }

    func testTheReportSaysWhyThereIsNoProxy() throws {
        let settings = try Settings.resolve(
            environment: ["HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": ".example"], file: try file())
        let rows = SettingsReport(settings).rows
        let proxy = try XCTUnwrap(rows.first { $0.name == "proxy" })
        XCTAssertEqual(proxy.value, "(none: NO_PROXY lists the server's host)")
        XCTAssertEqual(proxy.source, "env NO_PROXY (overrides env HTTPS_PROXY)")
        XCTAssertEqual(rows.first { $0.name == "no_proxy" }?.value, ".example")
    }
}
