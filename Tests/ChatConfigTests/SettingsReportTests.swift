import ChatConfig
import XCTest

/// `chatterm config`'s table and JSON: each setting's source, and the key only as set or not.
final class SettingsReportTests: XCTestCase {
    private func settings(environment: [String: String]) throws -> Settings {
        let file = try ConfigFile.parse(
            """
            default_profile = "work"
            retries = 5
            [profiles.work]
            base_url = "http://10.0.0.5:8000/v1"
            api_key_env = "WORK_KEY"
            """, path: "/c.toml")
        return try Settings.resolve(
            flags: FlagSettings(SettingsLayer(model: "qwen2")), environment: environment, file: file)
    }

    func testEachRowSaysWhereItsValueCameFrom() throws {
        let report = SettingsReport(try settings(environment: ["WORK_KEY": "sk-secret-123"]))
        let sources = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.name, $0.source) })
        XCTAssertEqual(sources["profile"], "config file")
        XCTAssertEqual(sources["base_url"], "profile work")
        XCTAssertEqual(sources["model"], "--model")
        XCTAssertEqual(sources["retries"], "config file")
        XCTAssertEqual(sources["idle_timeout"], "default")
        XCTAssertEqual(report.lines().first, "config file          /c.toml")
        XCTAssertTrue(
            report.lines().contains("base_url             http://10.0.0.5:8000/v1  profile work"),
            report.lines().joined(separator: "\n"))
    }

    func testTheKeyIsShownAsSetOrNotSetAndNeverItself() throws {
        let set = SettingsReport(try settings(environment: ["WORK_KEY": "sk-secret-123"]))
        XCTAssertTrue(
            set.lines().contains("api key              set (from WORK_KEY)"), set.lines().joined(separator: "\n"))
        XCTAssertFalse(set.lines().joined().contains("sk-secret-123"))
        XCTAssertFalse(set.json().contains("sk-secret-123"))
        let unset = SettingsReport(try settings(environment: [:]))
        XCTAssertTrue(unset.lines().contains("api key              not set"))
    }

    func testTheJSONGivesEachValueAndSource() throws {
        let report = SettingsReport(try settings(environment: [:]))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let settings = try XCTUnwrap(object["settings"] as? [String: [String: Any]])
        XCTAssertEqual(settings["base_url"]?["value"] as? String, "http://10.0.0.5:8000/v1")
        XCTAssertEqual(settings["base_url"]?["source"] as? [String: String], ["kind": "profile", "name": "work"])
        XCTAssertEqual(settings["retries"]?["value"] as? Int, 5)
        XCTAssertEqual((settings["api_key"]?["value"] as? [String: Any])?["set"] as? Bool, false)
        XCTAssertEqual(object["configFile"] as? String, "/c.toml")
        XCTAssertEqual((object["warnings"] as? [String])?.count, 1, "WORK_KEY is not set")
    }
}
