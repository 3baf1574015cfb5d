import XCTest

@testable import ChatConfig

/// `context_window`: the model's context in tokens for a server that does not say it, from a
/// profile, the top level or `--context-window`, bounded, and shown by `config`.
final class ContextWindowSettingTests: XCTestCase {
    private let path = "/c.toml"

    func testAProfilesContextWindowBeatsTheTopLevelAndConfigSaysWhere() throws {
        let file = try ConfigFile.parse(
            "context_window = 4096\ndefault_profile = \"gpu\"\n[profiles.gpu]\ncontext_window = 8192\n", path: path)
        let settings = try Settings.resolve(environment: [:], file: file)
        XCTAssertEqual(settings.contextWindow.value, 8192)
        let row = SettingsReport(settings).rows.first { $0.name == "context_window" }
        XCTAssertEqual(row?.value, "8192")
        XCTAssertEqual(row?.source, "profile gpu (overrides config file)")
    }

    func testUnsetItIsAskedOfTheServer() throws {
        let settings = try Settings.resolve(environment: [:], file: nil)
        XCTAssertNil(settings.contextWindow.value)
        let row = SettingsReport(settings).rows.first { $0.name == "context_window" }
        XCTAssertEqual(row?.value, "(asked of the server)")
    }

    func testTheFlagBeatsTheFile() throws {
        let file = try ConfigFile.parse("context_window = 4096\n", path: path)
        let flags = FlagSettings(SettingsLayer(contextWindow: 256))
        let settings = try Settings.resolve(flags: flags, environment: [:], file: file)
        XCTAssertEqual(settings.contextWindow.value, 256)
    }

    func testANumberOutOfBoundsOrNotWholeIsALocatedError() {
        for text in ["context_window = 10\n", "context_window = 8192.5\n", "context_window = \"8k\"\n"] {
            XCTAssertThrowsError(try ConfigFile.parse(text, path: path), text) { error in
                XCTAssertTrue(String(describing: error).contains("context_window"), "\(error)")
            }
        }
        XCTAssertEqual(SettingKey.contextWindow.refusal(of: 10), "must be between 64 and 100000000 tokens")
        XCTAssertNil(SettingKey.contextWindow.refusal(of: 8192))
    }
}
