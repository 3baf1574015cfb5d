import ChatConfig
import XCTest

/// `ca_file` (and `--ca-file`), `insecure` (a profile's alone), `client_cert` and `client_key`:
/// where each comes from, `~/` in a path, and the warning `insecure` brings on every run.
final class TLSSettingsTests: XCTestCase {
    private func settings(_ profile: String, top: String = "", flags: SettingsLayer = SettingsLayer()) throws
        -> Settings
    {
        let file = try ConfigFile.parse(
            """
            default_profile = "lab"
            \(top)
            [profiles.lab]
            base_url = "https://10.0.0.5:8443/v1"
            \(profile)
            """, path: "/tmp/config.toml")
        return try Settings.resolve(flags: FlagSettings(flags), environment: ["HOME": "/home/ana"], file: file)
    }

    func testTheCAFileComesFromTheFlagThenTheProfileThenTheTopLevel() throws {
        let both = #"ca_file = "/etc/lab/ca.pem""#
        XCTAssertEqual(
            try settings(both, top: #"ca_file = "/etc/top.pem""#, flags: SettingsLayer(caFile: "/tmp/flag.pem")).caFile,
            Setting("/tmp/flag.pem", from: .flag("--ca-file"), overrides: .profile("lab")))
        XCTAssertEqual(try settings(both).caFile, Setting("/etc/lab/ca.pem", from: .profile("lab")))
        XCTAssertEqual(try settings("", top: #"ca_file = "/etc/top.pem""#).caFile.source, .configFile)
        XCTAssertEqual(try settings("").caFile, Setting(nil, from: .builtIn))
    }

    func testAPathUnderTheHomeFolderIsExpanded() throws {
        let settings = try settings(
            """
            client_cert = "~/certs/me.pem"
            client_key = "~/certs/me.key"
            """)
        XCTAssertEqual(settings.clientCert.value, "/home/ana/certs/me.pem")
        XCTAssertEqual(settings.clientKey.value, "/home/ana/certs/me.key")
    }

    func testInsecureIsAProfilesAloneAndWarnsWhenOn() throws {
        let insecure = try settings("insecure = true")
        XCTAssertEqual(insecure.insecure, Setting(true, from: .profile("lab")))
        XCTAssertEqual(
            insecure.warnings,
            [
                "TLS certificates are not checked (insecure = true in profile lab): anyone on the way can read and change the conversation"
            ])
        XCTAssertEqual(try settings("").warnings, [])
        XCTAssertThrowsError(try settings("", top: "insecure = true")) { error in
            XCTAssertTrue("\(error)".contains("insecure: only allowed in a profile"), "\(error)")
        }
        XCTAssertThrowsError(try settings(#"insecure = "yes""#)) { error in
            XCTAssertTrue("\(error)".contains("expected true or false"), "\(error)")
        }
    }

    func testTheReportShowsEachTLSSettingWithItsSource() throws {
        let rows = SettingsReport(
            try settings(
                """
                ca_file = "/etc/lab/ca.pem"
                client_cert = "/etc/lab/me.pem"
                """)
        ).rows
        func row(_ name: String) -> SettingsReport.Row? { rows.first { $0.name == name } }
        XCTAssertEqual(row("ca_file")?.value, "/etc/lab/ca.pem")
        XCTAssertEqual(row("ca_file")?.source, "profile lab")
        XCTAssertEqual(row("insecure")?.value, "false")
        XCTAssertEqual(row("client_cert")?.source, "profile lab")
        XCTAssertEqual(row("client_key")?.value, "(in client_cert's file)")
    }
}
