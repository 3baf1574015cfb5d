import ChatConfig
import XCTest

/// Where the file is looked for, and what a missing one means.
final class ConfigLocationTests: XCTestCase {
    func testTheFlagThenXDGConfigHomeThenHome() {
        let environment = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/ana"]
        XCTAssertEqual(
            ConfigLocation(flag: "~/mine.toml", environment: environment),
            ConfigLocation(path: "/home/ana/mine.toml", isExplicit: true))
        XCTAssertEqual(
            ConfigLocation(flag: nil, environment: environment),
            ConfigLocation(path: "/xdg/chatterm/config.toml", isExplicit: false))
        XCTAssertEqual(
            ConfigLocation(flag: nil, environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/ana"]).path,
            "/home/ana/.config/chatterm/config.toml", "a relative XDG_CONFIG_HOME is ignored, as the spec says")
    }

    func testAMissingDefaultFileIsNoConfiguration() throws {
        let location = ConfigLocation(
            path: NSTemporaryDirectory() + "absent-\(UUID().uuidString).toml", isExplicit: false)
        XCTAssertNil(try location.load())
    }

    func testAMissingFileNamedWithConfigIsAnError() {
        let path = NSTemporaryDirectory() + "absent-\(UUID().uuidString).toml"
        XCTAssertThrowsError(try ConfigLocation(path: path, isExplicit: true).load()) {
            XCTAssertEqual("\($0)", "\(path): no such file (named by --config)")
        }
    }

    func testAFileIsReadAndChecked() throws {
        let path = NSTemporaryDirectory() + "config-\(UUID().uuidString).toml"
        try "[profiles.a]\nretries = 99\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ConfigLocation(path: path, isExplicit: false).load()) {
            XCTAssertEqual("\($0)", "\(path):2: profiles.a.retries: must be between 0 and 20, not 99")
        }
    }
}
