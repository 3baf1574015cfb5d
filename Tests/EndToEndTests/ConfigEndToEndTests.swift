import DemoServer
import TestSupport
import XCTest

/// The configuration file as the real binary reads it: profiles choosing the endpoint, headers
/// and body fields reaching the server, `chatterm config`, `chatterm profiles`, and the errors.
final class ConfigEndToEndTests: DemoServerTestCase {
    /// Two servers and a file with a profile for each; `first` is the default.
    private func twoProfiles(extra: String = "") async throws -> (DemoServer, DemoServer, String) {
        let first = try await serve(.init(tokensPerSecond: 0, model: "first-model"))
        let second = try await serve(.init(tokensPerSecond: 0, model: "second-model"))
        let config = """
            default_profile = "first"
            warmup = "never"
            \(extra)

            [profiles.first]
            base_url = "\(first.baseURL)"
            model = "first-model"

            [profiles.second]
            base_url = "\(second.baseURL)"
            model = "second-model"
            """
        return (first, second, config)
    }

    func testTheDefaultProfileChoosesTheEndpointAndProfileSwitchesIt() async throws {
        let (first, second, config) = try await twoProfiles()
        let environment = try environment(config: config)
        var result = try Binary.run(["ask", "hello"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(first.chatRequests.count, 1)
        XCTAssertEqual(second.chatRequests.count, 0)
        result = try Binary.run(["ask", "--profile", "second", "hello"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(second.chatRequests.count, 1)
        XCTAssertEqual(second.chatRequests.last?.json["model"] as? String, "second-model")
        result = try Binary.run(
            ["ask", "hello"], environment: environment.merging(["CHATTERM_PROFILE": "second"]) { $1 })
        XCTAssertEqual(second.chatRequests.count, 2, "CHATTERM_PROFILE chooses too")
        XCTAssertEqual(first.chatRequests.count, 1)
    }

    func testAFlagBeatsTheProfile() async throws {
        let (first, second, config) = try await twoProfiles()
        let result = try Binary.run(
            ["ask", "--base-url", second.baseURL, "--model", "m", "hello"], environment: try environment(config: config)
        )
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(first.chatRequests.count, 0)
        XCTAssertEqual(second.chatRequests.last?.json["model"] as? String, "m")
    }

    func testHeadersAndExtraBodyReachTheServerWarmUpIncluded() async throws {
        let server = try await serve()
        let config = """
            [profiles.gateway]
            base_url = "\(server.baseURL)"
            model = "demo-model"
            warmup = "always"
            headers = { "X-Tenant" = "research" }
            extra_body = { top_p = 0.8, repetition_penalty = 1.1 }
            """
        let result = try Binary.run(
            ["ask", "--profile", "gateway", "hi"], environment: try environment(config: config))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(server.warmUpRequests.count, 1)
        XCTAssertFalse(server.requests.isEmpty)
        for request in server.requests {
            XCTAssertEqual(request.header("X-Tenant"), "research", "\(request.method) \(request.path)")
        }
        for request in server.warmUpRequests + server.chatRequests {
            XCTAssertEqual(request.json["top_p"] as? Double, 0.8)
            XCTAssertEqual(request.json["repetition_penalty"] as? Double, 1.1)
        }
    }

    func testConfigShowsEachSettingsSourceAndNeverTheKey() async throws {
        let (_, _, config) = try await twoProfiles(extra: #"api_key_env = "WORK_KEY""#)
        let result = try Binary.run(
            ["config", "--profile", "second", "--retries", "7"],
            environment: try environment(
                config: config, ["WORK_KEY": "sk-secret-42", "OPENAI_BASE_URL": "http://10.1.1.1:9/v1"]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        XCTAssertTrue(lines.contains("profile second --profile"), result.stdout)
        XCTAssertTrue(
            lines.contains("base_url http://10.1.1.1:9/v1 env OPENAI_BASE_URL (overrides profile second)"),
            result.stdout)
        XCTAssertTrue(lines.contains("model second-model profile second"), result.stdout)
        XCTAssertTrue(lines.contains("retries 7 --retries"), result.stdout)
        XCTAssertTrue(lines.contains("warmup never config file"), result.stdout)
        XCTAssertTrue(lines.contains("idle_timeout 60 s default"), result.stdout)
        XCTAssertTrue(lines.contains("api key set (from WORK_KEY)"), result.stdout)
        XCTAssertTrue(lines.contains("note: OPENAI_BASE_URL overrides profile second's base_url"), result.stdout)
        XCTAssertFalse(result.stdout.contains("sk-secret-42"))
        XCTAssertFalse(result.stderr.contains("sk-secret-42"))
        let json = try Binary.run(
            ["config", "--json"], environment: try environment(config: config, ["WORK_KEY": "sk-secret-42"]))
        XCTAssertFalse(json.stdout.contains("sk-secret-42"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let settings = try XCTUnwrap(object["settings"] as? [String: [String: Any]])
        XCTAssertEqual(settings["profile"]?["value"] as? String, "first")
    }

    func testConfigInitWritesAStarterFileAndNeverWritesOverOne() throws {
        let folder = try Binary.temporaryConfigDirectory(for: self)
        try FileManager.default.removeItem(atPath: folder + "/chatterm")
        let environment = Binary.cleanEnvironment(["XDG_CONFIG_HOME": folder])
        let path = folder + "/chatterm/config.toml"
        var result = try Binary.run(["config", "--init"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("wrote a starter configuration to \(path)"), result.stdout)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(written.contains("api_key_env"))
        try (written + "\nretries = 9\n").write(toFile: path, atomically: true, encoding: .utf8)
        result = try Binary.run(["config", "--init"], environment: environment)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(path) already exists"), result.stderr)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("retries = 9\n"), "left as it was")
        result = try Binary.run(["config"], environment: environment)
        XCTAssertTrue(result.stdout.contains("retries              9"), "the starter file reads: \(result.stdout)")
    }

    func testConfigInitWritesWhereConfigSays() throws {
        let folder = try Binary.temporaryConfigDirectory(for: self)
        let path = folder + "/elsewhere/mine.toml"
        let result = try Binary.run(["config", "--init", "--config", path], environment: Binary.cleanEnvironment())
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testAMissingConfigFileNamedWithConfigIsAnError() throws {
        let path = NSTemporaryDirectory() + "absent-\(UUID().uuidString).toml"
        let result = try Binary.run(["ask", "--config", path, "hi"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(path): no such file (named by --config)"), result.stderr)
    }

    func testAFIFONamedWithConfigIsRefusedAtOnce() throws {
        let folder = try Binary.temporaryConfigDirectory(for: self)
        let fifo = folder + "/config.fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Should chatterm wait for a writer after all, this lets it go rather than hang the run.
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        let result = try Binary.run(["config", "--config", fifo])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "\(fifo): a FIFO (named pipe), not a configuration file (it must be a regular file)"),
            result.stderr)
    }

    func testAFileWithManyMistakesListsTwentyAndCutsLongValues() throws {
        let long = String(repeating: "x", count: 50_000)
        let config = "base_url = \"\(long)\"\n" + (1...40).map { "unknown_\($0) = 1" }.joined(separator: "\n")
        let result = try Binary.run(["config"], environment: try environment(config: config))
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("chatterm/config.toml:") }.count, 20, result.stderr)
        XCTAssertTrue(lines.contains { $0.hasSuffix("… and 21 more problems") }, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "config.toml:1: base_url: not an http or https URL: \"\(String(repeating: "x", count: 80))…\""),
            result.stderr)
        XCTAssertLessThan(result.stderr.utf8.count, 4_000, result.stderr)
    }

    func testAMistakeInTheFileIsReportedWithItsLineAndASuggestion() throws {
        let result = try Binary.run(
            ["ask", "hi"], environment: try environment(config: "retries = 2\n\n[profiles.a]\nmodle = \"x\"\n"))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stderr.contains("chatterm/config.toml:4: profiles.a.modle: unknown key; did you mean model?"),
            result.stderr)
    }

    func testAnUnknownProfileNamesTheKnownOnes() async throws {
        let (_, _, config) = try await twoProfiles()
        let result = try Binary.run(["ask", "--profile", "secnod", "hi"], environment: try environment(config: config))
        XCTAssertEqual(result.status, 64, "a bad option")
        XCTAssertTrue(
            result.stderr.contains("no profile 'secnod' (did you mean 'second'?); the profiles are: first, second"),
            result.stderr)
    }

    func testAnUnsetKeyVariableIsNamedAtStartAndByProfiles() async throws {
        let server = try await serve()
        let config = """
            default_profile = "work"
            [profiles.work]
            base_url = "\(server.baseURL)"
            model = "demo-model"
            api_key_env = "WORK_KEY"
            [profiles.home]
            base_url = "http://127.0.0.1:1/v1"
            api_key_env = "HOME_KEY"
            """
        let environment = try environment(config: config, ["HOME_KEY": "sk-home-secret"])
        let ask = try Binary.run(["ask", "--warmup", "never", "hi"], environment: environment)
        XCTAssertEqual(ask.status, 0, ask.stderr)
        XCTAssertTrue(
            ask.stderr.contains("WORK_KEY is not set (profile work reads the API key from it): export WORK_KEY=…"),
            ask.stderr)
        let profiles = try Binary.run(["profiles"], environment: environment)
        XCTAssertEqual(profiles.status, 0, profiles.stderr)
        let lines = profiles.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(
            lines.contains {
                $0.hasPrefix("* work") && $0.contains(server.baseURL)
                    && $0.contains("WORK_KEY is not set: export WORK_KEY=")
            }, profiles.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  home") && $0.contains("key: HOME_KEY is set") }, profiles.stdout)
        XCTAssertFalse(profiles.stdout.contains("sk-home-secret"))
    }

    func testAnUnreachableProfileIsNamedByTheWarmUp() async throws {
        let dead = try await serve()
        let url = dead.baseURL
        try await dead.shutdown()
        let config = """
            [profiles.gpu-box]
            base_url = "\(url)"
            model = "m"
            """
        let result = try Binary.run(
            ["ask", "--profile", "gpu-box", "--warmup", "always", "--retries", "0", "hi"],
            environment: try environment(config: config))
        XCTAssertEqual(result.status, 6, result.stderr)
        XCTAssertTrue(result.stderr.contains("warm-up failed (profile gpu-box):"), result.stderr)
    }

    func testProbeUsesTheProfile() async throws {
        let (first, second, config) = try await twoProfiles()
        let result = try Binary.run(
            ["probe", "--profile", "second", "--requests", "1", "--json"], environment: try environment(config: config))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(first.requests.isEmpty)
        XCTAssertFalse(second.chatRequests.isEmpty)
    }

    func testTheChatSaysWhichKeyVariableToSetAtStart() async throws {
        let server = try await serve()
        let config = """
            default_profile = "work"
            [profiles.work]
            base_url = "\(server.baseURL)"
            model = "demo-model"
            api_key_env = "WORK_KEY"
            """
        let folder = try Binary.temporaryConfigDirectory(for: self, config: config)
        let terminal = try launchChat(columns: 160, environment: ["XDG_CONFIG_HOME": folder])
        try terminal.waitForStatus("WORK_KEY is not set (profile work reads the API key from it)")
    }

    func testSlashProfileSwitchesTheNextReplyToTheOtherServerAndTheStatusBarShowsIt() async throws {
        let (first, second, config) = try await twoProfiles()
        let folder = try Binary.temporaryConfigDirectory(for: self, config: config)
        let terminal = try launchChat(columns: 120, environment: ["XDG_CONFIG_HOME": folder])
        let host = { (server: DemoServer) in "127.0.0.1:\(server.port)" }
        try terminal.waitForStatus("first · first-model @ \(host(first))")
        try terminal.enter("one")
        try terminal.waitForStatus("done")
        try terminal.enter("/profile")
        try terminal.waitFor("the list") { $0.contains { $0.contains("profiles: first (in use), second") } }
        try terminal.type("/profile se")
        try terminal.press("Tab")
        try terminal.waitFor("the completed name") { $0.contains { $0.hasPrefix("› /profile second") } }
        try terminal.press("Enter")
        try terminal.waitForStatus("second · second-model @ \(host(second))")
        try terminal.enter("two")
        try terminal.waitFor("the second reply") { $0.contains { $0.contains("You said: “two”") } }
        try terminal.waitForStatus("done")
        XCTAssertEqual(first.chatRequests.count, 1)
        XCTAssertEqual(second.chatRequests.count, 1)
        XCTAssertEqual(second.chatRequests.last?.json["model"] as? String, "second-model")
        let messages = second.chatRequests.last?.json["messages"] as? [[String: String]]
        XCTAssertEqual(messages?.first?["content"], "one", "the conversation goes on with the other server")
    }
}
