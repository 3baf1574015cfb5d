import XCTest

@testable import chatterm

/// The endpoint's flags refuse a number in the same words as the configuration file
/// (`SettingKey.refusal(of:)`), naming the flag.
final class EndpointOptionsTests: XCTestCase {
    /// What the options say to `arguments`, or nil when they take them.
    private func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try EndpointOptions.parse(arguments)
            return nil
        } catch {
            return EndpointOptions.message(for: error)
        }
    }

    func testANumberOutOfItsSettingsBoundsIsRefusedNamingTheFlag() {
        XCTAssertEqual(refusal(["--temperature", "2.5"]), "--temperature must be between 0 and 2.")
        XCTAssertEqual(refusal(["--max-tokens", "0"]), "--max-tokens must be at least 1.")
        XCTAssertEqual(refusal(["--retries", "21"]), "--retries must be between 0 and 20.")
        for flag in [
            "--connect-timeout", "--first-token-timeout", "--idle-timeout", "--turn-timeout", "--warmup-after-idle",
        ] {
            for refused in ["0", "86401"] {
                XCTAssertEqual(
                    refusal([flag, refused]), "\(flag) must be a number of seconds above 0 (at most a day).", refused)
            }
            XCTAssertNil(refusal([flag, "86400"]), flag)
        }
        XCTAssertNil(refusal(["--temperature", "2", "--max-tokens", "1", "--retries", "20"]))
    }
}
