import ChatConfig
import ChatCore
import XCTest

/// What a valid file gives: the profiles in the file's order, the defaults, the typed values.
final class ConfigFileTests: XCTestCase {
    func testTheExampleConfigurationReadsAsFourProfiles() throws {
        let file = try ConfigFile.parse(StarterConfig.example, path: "example.toml")
        XCTAssertEqual(file.profileNames, ["glm", "gateway", "laptop", "openai"], "in the file's order")
        XCTAssertEqual(file.defaultProfile, "glm")
        XCTAssertEqual(file.defaults.retries, 3)
        XCTAssertEqual(file.profiles["glm"]?.extraBody, ["top_p": .double(0.8), "repetition_penalty": .double(1.1)])
        XCTAssertEqual(file.profiles["gateway"]?.headers, ["X-Tenant": "research", "X-Route": "vllm-a100"])
        XCTAssertEqual(file.profiles["gateway"]?.apiKeyEnv, "GATEWAY_KEY")
        XCTAssertEqual(file.profiles["laptop"]?.firstTokenTimeout, 300)
        XCTAssertEqual(file.profiles["openai"]?.warmup, .never)
    }

    func testTheStarterFileChangesNothingUntilEdited() throws {
        let file = try ConfigFile.parse(StarterConfig.text, path: "config.toml")
        XCTAssertEqual(file, ConfigFile(path: "config.toml"))
        for key in SettingKey.allCases {
            XCTAssertTrue(StarterConfig.text.contains("#   \(key.rawValue) "), "the starter explains \(key.rawValue)")
        }
    }

    func testUncommentingTheStarterFileGivesTheExample() {
        let example = StarterConfig.example.split(separator: "\n", omittingEmptySubsequences: false)
        let tail = StarterConfig.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .suffix(example.count)
        XCTAssertEqual(tail.map { $0 == "#" ? "" : String($0.dropFirst(2)) }, example.map(String.init))
    }

    func testExtraBodyKeepsItsJSONTypes() throws {
        let file = try ConfigFile.parse(
            """
            [extra_body]
            top_p = 0.8
            top_k = 40
            do_sample = true
            stop = ["<|user|>", "<|observation|>"]
            chat_template_kwargs = { enable_thinking = false }
            """, path: "c.toml")
        XCTAssertEqual(
            file.defaults.extraBody,
            [
                "top_p": .double(0.8), "top_k": .int(40), "do_sample": .bool(true),
                "stop": .array([.string("<|user|>"), .string("<|observation|>")]),
                "chat_template_kwargs": .object(["enable_thinking": .bool(false)]),
            ])
    }

    func testWholeNumbersServeAsSecondsAndTemperatures() throws {
        let file = try ConfigFile.parse("temperature = 1\nturn_timeout = 90\nwarmup_after_idle = 1.5", path: "c")
        XCTAssertEqual(file.defaults.temperature, 1)
        XCTAssertEqual(file.defaults.turnTimeout, 90)
        XCTAssertEqual(file.defaults.warmupAfterIdle, 1.5)
    }

    func testABaseURLIsKeptAsTheTransportWillUseIt() throws {
        let file = try ConfigFile.parse(#"base_url = "http://h:8000/v1/chat/completions""#, path: "c")
        XCTAssertEqual(file.defaults.baseURL, "http://h:8000/v1")
    }
}

/// The README shows the example configuration as it is, so it cannot drift from a file that reads.
final class ReadmeExampleTests: XCTestCase {
    func testTheREADMEShowsTheExampleConfigurationVerbatim() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        XCTAssertTrue(text.contains("```toml\n" + StarterConfig.example + "\n```"), "README.md's example differs")
    }
}
