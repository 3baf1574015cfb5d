import ChatConfig
import ChatCore
import XCTest

/// Each setting comes from the first source that gives it: flag, environment, the chosen
/// profile, the file's top level, the default. One test per kind of setting walks down the list
/// by taking the strongest source away each time.
final class SettingsPrecedenceTests: XCTestCase {
    private let path = "/home/ana/.config/chatterm/config.toml"

    private func file(top: String, profile: String) throws -> ConfigFile {
        try ConfigFile.parse(
            """
            default_profile = "work"
            \(top)

            [profiles.work]
            \(profile)

            [profiles.other]
            """, path: path)
    }

    private func resolve(
        _ flags: SettingsLayer = SettingsLayer(), environment: [String: String] = [:], file: ConfigFile?
    ) throws -> Settings {
        try Settings.resolve(flags: FlagSettings(flags), environment: environment, file: file)
    }

    func testBaseURLComesFromTheFlagThenEachVariableThenTheProfileThenTheTopLevelThenNowhere() throws {
        let both = try file(top: #"base_url = "http://top:1/v1""#, profile: #"base_url = "http://profile:2/v1""#)
        let environment = [
            "CHATTERM_BASE_URL": "http://chatterm-env:3/v1", "OPENAI_BASE_URL": "http://openai-env:4/v1",
        ]
        var settings = try resolve(SettingsLayer(baseURL: "http://flag:5/v1"), environment: environment, file: both)
        XCTAssertEqual(
            settings.baseURL,
            Setting("http://flag:5/v1", from: .flag("--base-url"), overrides: .environment("CHATTERM_BASE_URL")))
        settings = try resolve(environment: environment, file: both)
        XCTAssertEqual(settings.baseURL.value, "http://chatterm-env:3/v1")
        XCTAssertEqual(settings.baseURL.source, .environment("CHATTERM_BASE_URL"))
        settings = try resolve(environment: ["OPENAI_BASE_URL": "http://openai-env:4/v1"], file: both)
        XCTAssertEqual(settings.baseURL.source, .environment("OPENAI_BASE_URL"))
        XCTAssertEqual(settings.baseURL.overrides, .profile("work"))
        settings = try resolve(file: both)
        XCTAssertEqual(settings.baseURL, Setting("http://profile:2/v1", from: .profile("work"), overrides: .configFile))
        settings = try resolve(file: try file(top: #"base_url = "http://top:1/v1""#, profile: ""))
        XCTAssertEqual(settings.baseURL, Setting("http://top:1/v1", from: .configFile))
        settings = try resolve(file: nil)
        XCTAssertEqual(settings.baseURL, Setting(nil, from: .builtIn))
    }

    func testAnEmptyVariableCountsAsUnset() throws {
        let settings = try resolve(
            environment: ["CHATTERM_BASE_URL": " ", "OPENAI_BASE_URL": "http://h:1/v1"], file: nil)
        XCTAssertEqual(settings.baseURL.source, .environment("OPENAI_BASE_URL"))
    }

    func testANumberComesFromTheFlagThenTheProfileThenTheTopLevelThenTheDefault() throws {
        let both = try file(top: "retries = 1", profile: "retries = 2")
        XCTAssertEqual(
            try resolve(SettingsLayer(retries: 7), file: both).retries,
            Setting(7, from: .flag("--retries"), overrides: .profile("work")))
        XCTAssertEqual(try resolve(file: both).retries, Setting(2, from: .profile("work"), overrides: .configFile))
        XCTAssertEqual(
            try resolve(file: try file(top: "retries = 1", profile: "")).retries, Setting(1, from: .configFile))
        XCTAssertEqual(try resolve(file: nil).retries, Setting(3, from: .builtIn))
    }

    func testSecondsComeFromTheSameSourcesAndMakeThePolicy() throws {
        let both = try file(top: "idle_timeout = 20\nconnect_timeout = 4", profile: "idle_timeout = 30")
        let settings = try resolve(SettingsLayer(firstTokenTimeout: 9), file: both)
        XCTAssertEqual(settings.firstTokenTimeout, Setting(9, from: .flag("--first-token-timeout")))
        XCTAssertEqual(settings.idleTimeout, Setting(30, from: .profile("work"), overrides: .configFile))
        XCTAssertEqual(settings.connectTimeout, Setting(4, from: .configFile))
        XCTAssertEqual(settings.turnTimeout, Setting(nil, from: .builtIn))
        XCTAssertEqual(settings.policy.idleTimeout, .seconds(30))
        XCTAssertEqual(settings.policy.firstTokenTimeout, .seconds(9))
        XCTAssertEqual(settings.policy.connectTimeout, .seconds(4))
        XCTAssertNil(settings.policy.turnTimeout)
    }

    func testABooleanComesFromEitherFlagThenTheProfileThenTheTopLevelThenTheDefault() throws {
        let both = try file(top: "stream = true", profile: "stream = false")
        XCTAssertEqual(try resolve(SettingsLayer(stream: true), file: both).stream.source, .flag("--stream"))
        XCTAssertEqual(
            try resolve(SettingsLayer(stream: false), file: nil).stream, Setting(false, from: .flag("--no-stream")))
        XCTAssertEqual(try resolve(file: both).stream, Setting(false, from: .profile("work"), overrides: .configFile))
        XCTAssertEqual(
            try resolve(file: try file(top: "stream = false", profile: "")).stream, Setting(false, from: .configFile))
        XCTAssertEqual(try resolve(file: nil).stream, Setting(true, from: .builtIn))
    }

    func testAChoiceComesFromTheFlagThenTheProfileThenTheTopLevelThenTheDefault() throws {
        let both = try file(top: #"warmup = "never""#, profile: #"warmup = "always""#)
        XCTAssertEqual(try resolve(SettingsLayer(warmup: .auto), file: both).warmup.source, .flag("--warmup"))
        XCTAssertEqual(try resolve(file: both).warmup.value, .always)
        XCTAssertEqual(try resolve(file: try file(top: #"warmup = "never""#, profile: "")).warmup.value, .never)
        XCTAssertEqual(try resolve(file: nil).warmup, Setting(.auto, from: .builtIn))
        let fallback = try file(top: #"fallback = "never""#, profile: "")
        XCTAssertEqual(try resolve(file: fallback).fallback, Setting(.never, from: .configFile))
        XCTAssertEqual(try resolve(file: fallback).policy.fallback, .never)
        XCTAssertEqual(try resolve(SettingsLayer(fallback: .auto), file: fallback).fallback.source, .flag("--fallback"))
        XCTAssertEqual(try resolve(file: nil).fallback, Setting(.auto, from: .builtIn))
    }

    func testATableComesWholeFromTheProfileElseTheTopLevel() throws {
        let both = try file(
            top: #"headers = { "X-Top" = "1", "X-Both" = "top" }"#, profile: #"headers = { "X-Both" = "profile" }"#)
        XCTAssertEqual(
            try resolve(file: both).headers,
            Setting(["X-Both": "profile"], from: .profile("work"), overrides: .configFile))
        let top = try file(top: #"extra_body = { top_p = 0.8 }"#, profile: "")
        XCTAssertEqual(try resolve(file: top).extraBody, Setting(["top_p": .double(0.8)], from: .configFile))
        XCTAssertEqual(try resolve(file: nil).headers, Setting([:], from: .builtIn))
    }

    func testTheThemeComesFromTheFlagThenTheProfileThenTheTopLevelThenTheDefault() throws {
        let both = try file(top: #"theme = "light""#, profile: #"theme = "gruvbox""#)
        XCTAssertEqual(try resolve(SettingsLayer(theme: "mono"), file: both).theme.value, "mono")
        XCTAssertEqual(
            try resolve(file: both).theme, Setting("gruvbox", from: .profile("work"), overrides: .configFile))
        XCTAssertEqual(try resolve(file: try file(top: #"theme = "light""#, profile: "")).theme.value, "light")
        XCTAssertEqual(try resolve(file: nil).theme, Setting("default", from: .builtIn))
    }

    func testTheMouseComesFromTheProfileThenTheTopLevelAndIsOffByDefault() throws {
        let both = try file(top: "mouse = false", profile: "mouse = true")
        XCTAssertEqual(try resolve(file: both).mouse, Setting(true, from: .profile("work"), overrides: .configFile))
        XCTAssertEqual(
            try resolve(file: try file(top: "mouse = true", profile: "")).mouse, Setting(true, from: .configFile))
        XCTAssertEqual(try resolve(file: nil).mouse, Setting(false, from: .builtIn))
        let report = SettingsReport(try resolve(file: both)).rows.first { $0.name == "mouse" }
        XCTAssertEqual(report?.value, "true: the wheel scrolls; Shift-drag selects")
        XCTAssertEqual(report?.source, "profile work (overrides config file)")
    }

    func testColourIsOffWithTheFlagOrNoColorElseOn() throws {
        XCTAssertEqual(
            try Settings.resolve(flags: FlagSettings(noColor: true), environment: ["NO_COLOR": "1"], file: nil).color,
            Setting(false, from: .flag("--no-color")))
        XCTAssertEqual(
            try resolve(environment: ["NO_COLOR": "1"], file: nil).color, Setting(false, from: .environment("NO_COLOR"))
        )
        XCTAssertEqual(
            try resolve(environment: ["NO_COLOR": ""], file: nil).color, Setting(false, from: .environment("NO_COLOR")),
            "set but empty")
        XCTAssertEqual(try resolve(file: nil).color, Setting(true, from: .builtIn))
        XCTAssertEqual(Settings.color(environment: ["NO_COLOR": ""]), Setting(false, from: .environment("NO_COLOR")))
    }

    func testCopyingIsOffWithTheFlagOrCHATTERM_CLIPBOARDOffElseOn() throws {
        XCTAssertEqual(
            try Settings.resolve(
                flags: FlagSettings(noClipboard: true), environment: ["CHATTERM_CLIPBOARD": "on"], file: nil
            ).clipboard, Setting(false, from: .flag("--no-clipboard")))
        for off in ["off", "OFF", "0", "no", "false"] {
            XCTAssertEqual(
                try resolve(environment: ["CHATTERM_CLIPBOARD": off], file: nil).clipboard,
                Setting(false, from: .environment("CHATTERM_CLIPBOARD")), off)
        }
        for on in ["on", "1", ""] {
            XCTAssertEqual(
                try resolve(environment: ["CHATTERM_CLIPBOARD": on], file: nil).clipboard,
                Setting(true, from: .builtIn), on)
        }
        XCTAssertEqual(try resolve(file: nil).clipboard, Setting(true, from: .builtIn))
    }

    func testTheProfileComesFromTheFlagThenCHATTERM_PROFILEThenDefaultProfile() throws {
        let both = try file(top: "", profile: "")
        let environment = ["CHATTERM_PROFILE": "other"]
        XCTAssertEqual(
            try Settings.resolve(flags: FlagSettings(profile: "work"), environment: environment, file: both).profile,
            Setting("work", from: .flag("--profile")))
        XCTAssertEqual(
            try resolve(environment: environment, file: both).profile,
            Setting("other", from: .environment("CHATTERM_PROFILE")))
        XCTAssertEqual(try resolve(file: both).profile, Setting("work", from: .configFile))
        XCTAssertEqual(
            try resolve(file: try ConfigFile.parse("[profiles.a]", path: path)).profile, Setting(nil, from: .builtIn))
    }

    func testWithoutAProfileTheTopLevelStillApplies() throws {
        let file = try ConfigFile.parse("model = \"top-model\"\n[profiles.a]\nmodel = \"a-model\"", path: path)
        let settings = try resolve(file: file)
        XCTAssertNil(settings.profile.value)
        XCTAssertEqual(settings.model, Setting("top-model", from: .configFile))
    }

    func testTheKeyIsReadFromTheVariableTheProfileNamesAndNeverFromAnotherOne() throws {
        let file = try file(top: "", profile: #"api_key_env = "WORK_KEY""#)
        var settings = try resolve(environment: ["WORK_KEY": "sk-work", "OPENAI_API_KEY": "sk-openai"], file: file)
        XCTAssertEqual(settings.apiKeyEnv, Setting("WORK_KEY", from: .profile("work")))
        XCTAssertEqual(settings.apiKey?.value, "sk-work")
        settings = try resolve(environment: ["OPENAI_API_KEY": "sk-openai"], file: file)
        XCTAssertNil(settings.apiKey, "the OpenAI key must not go to a profile that names its own variable")
        XCTAssertEqual(
            settings.warnings, ["WORK_KEY is not set (profile work reads the API key from it): export WORK_KEY=…"])
        settings = try resolve(environment: ["OPENAI_API_KEY": "sk-openai"], file: nil)
        XCTAssertEqual(settings.apiKeyEnv, Setting("OPENAI_API_KEY", from: .builtIn))
        XCTAssertEqual(settings.apiKey?.value, "sk-openai")
        XCTAssertEqual(settings.warnings, [], "no key is needed when nothing asks for one")
    }

    func testAnEmptyKeyVariableSendsNoKeyEvenWhenOPENAI_API_KEYIsSet() throws {
        let file = try file(top: "", profile: #"api_key_env = """#)
        let settings = try resolve(environment: ["OPENAI_API_KEY": "sk-openai"], file: file)
        XCTAssertNil(settings.apiKey)
        XCTAssertEqual(settings.warnings, [])
    }

    func testTheKeyPrintsAsItsVariableNeverAsItself() throws {
        let settings = try resolve(environment: ["OPENAI_API_KEY": "sk-secret-123"], file: nil)
        let key = try XCTUnwrap(settings.apiKey)
        XCTAssertEqual("\(key)", "set (from OPENAI_API_KEY)")
        XCTAssertEqual(String(reflecting: key), "set (from OPENAI_API_KEY)")
    }

    func testAVariableOverridingTheProfilesEndpointIsPointedOut() throws {
        let file = try file(top: "", profile: #"base_url = "http://profile:2/v1""#)
        let settings = try resolve(environment: ["OPENAI_BASE_URL": "http://env:1/v1"], file: file)
        XCTAssertEqual(settings.warnings, ["OPENAI_BASE_URL overrides profile work's base_url"])
    }

    func testAnUnknownProfileNamesTheKnownOnesAndWhatAskedForIt() throws {
        let file = try file(top: "", profile: "")
        XCTAssertThrowsError(try Settings.resolve(flags: FlagSettings(profile: "wrok"), environment: [:], file: file)) {
            XCTAssertEqual(
                "\($0)",
                "\(self.path): no profile 'wrok' (did you mean 'work'?); the profiles are: work, other (asked for by --profile)"
            )
        }
        XCTAssertThrowsError(try resolve(environment: ["CHATTERM_PROFILE": "x"], file: file)) {
            XCTAssertTrue("\($0)".hasSuffix("(asked for by env CHATTERM_PROFILE)"), "\($0)")
        }
    }

    func testAProfileWithoutAConfigFileSaysHowToWriteOne() throws {
        XCTAssertThrowsError(try Settings.resolve(flags: FlagSettings(profile: "work"), environment: [:], file: nil)) {
            XCTAssertTrue("\($0)".contains("`chatterm config --init` writes one"), "\($0)")
        }
    }
}
