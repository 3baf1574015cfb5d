import ChatConfig
import XCTest

/// The values each numeric setting may take, one rule for the file and the command line.
final class SettingBoundsTests: XCTestCase {
    func testTemperatureIsBetweenZeroAndTwo() {
        for allowed in [0, 0.7, 2] { XCTAssertNil(SettingKey.temperature.refusal(of: allowed), "\(allowed)") }
        for refused in [-0.1, 2.01, .nan] {
            XCTAssertEqual(SettingKey.temperature.refusal(of: refused), "must be between 0 and 2", "\(refused)")
        }
    }

    func testMaxTokensIsAtLeastOneAndRetriesAtMostTwenty() {
        XCTAssertNil(SettingKey.maxTokens.refusal(of: 1))
        XCTAssertNil(SettingKey.maxTokens.refusal(of: Double(Int.max)))
        XCTAssertEqual(SettingKey.maxTokens.refusal(of: 0), "must be at least 1")
        XCTAssertNil(SettingKey.retries.refusal(of: 0))
        XCTAssertNil(SettingKey.retries.refusal(of: 20))
        XCTAssertEqual(SettingKey.retries.refusal(of: 21), "must be between 0 and 20")
        XCTAssertEqual(SettingKey.retries.refusal(of: -1), "must be between 0 and 20")
    }

    func testEveryTimeoutIsAboveZeroSecondsAndAtMostADay() {
        let timeouts: [SettingKey] = [
            .warmupAfterIdle, .connectTimeout, .firstTokenTimeout, .idleTimeout, .turnTimeout,
        ]
        for setting in timeouts {
            XCTAssertNil(setting.refusal(of: 0.001), setting.rawValue)
            XCTAssertNil(setting.refusal(of: SettingKey.longestSeconds), setting.rawValue)
            for refused in [0, -1, SettingKey.longestSeconds + 1, .infinity] {
                XCTAssertEqual(
                    setting.refusal(of: refused), "must be a number of seconds above 0 (at most a day)",
                    "\(setting.rawValue) \(refused)")
            }
        }
    }

    func testTheFileRefusesWhatTheRuleRefusesInItsWords() throws {
        let lines = [
            ("temperature = 2.5", "temperature: must be between 0 and 2, not 2.5"),
            ("max_tokens = 0", "max_tokens: must be at least 1, not 0"),
            ("retries = 21", "retries: must be between 0 and 20, not 21"),
            ("turn_timeout = 86401", "turn_timeout: must be a number of seconds above 0 (at most a day), not 86401"),
        ]
        for (line, message) in lines {
            XCTAssertThrowsError(try ConfigFile.parse(line, path: "c.toml"), line) {
                XCTAssertEqual("\($0)", "c.toml:1: " + message)
            }
        }
        XCTAssertNoThrow(
            try ConfigFile.parse("temperature = 2\nmax_tokens = 1\nretries = 20\nturn_timeout = 86400", path: "c.toml"))
    }
}
