import ChatConfig
import ChatCore
import XCTest

/// `api_key_cmd` runs a real `/bin/sh -c`: the key is the first line it prints; a failure says
/// the exit status and the command's first line of standard error; it is bounded in time and in
/// size; and which source gives the key is decided by the table that names one.
final class KeyCommandTests: XCTestCase {
    func testTheKeyIsTheFirstLineOfStandardOutputWithoutBlanks() {
        XCTAssertEqual(KeyCommand.run("printf '  sk-first  \\nsecond line\\n'"), .success("sk-first"))
        XCTAssertEqual(KeyCommand.run("printf sk-no-newline"), .success("sk-no-newline"))
    }

    func testAFailureSaysTheStatusAndTheFirstLineOfStandardError() {
        XCTAssertEqual(
            KeyCommand.run("echo 'Error: llm/openai is not in the password store.' >&2; echo more >&2; exit 1"),
            .failure(.init(description: "it exited with status 1: Error: llm/openai is not in the password store.")))
        XCTAssertEqual(
            KeyCommand.run("true"), .failure(.init(description: "it printed no key (its first line is empty)")))
        XCTAssertEqual(
            KeyCommand.run("kill -TERM $$"), .failure(.init(description: "it was killed by signal 15")))
    }

    func testACommandThatTakesTooLongIsKilledWithWhatItStarted() {
        let started = Date()
        let result = KeyCommand.run("sleep 30 & sleep 30; echo late", timeout: 0.3)
        XCTAssertEqual(
            result,
            .failure(
                .init(
                    description:
                        "it did not finish within 0.3 s (is it waiting for a passphrase? it cannot read the terminal)"))
        )
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "it did not wait for the command")
    }

    func testACommandThatPrintsTooMuchIsStopped() {
        XCTAssertEqual(
            KeyCommand.run("yes sk-key"),
            .failure(.init(description: "it printed more than 64 KiB: a key is one line")))
    }

    func testADaemonHoldingTheOutputOpenDoesNotHoldTheKeyBack() {
        XCTAssertEqual(KeyCommand.run("(sleep 20 &) ; echo sk-key", timeout: 10), .success("sk-key"))
    }

    func testItReadsNothingFromStandardInput() {
        XCTAssertEqual(KeyCommand.run("cat; echo sk-after-cat"), .success("sk-after-cat"))
    }

    func testTheCommandRunsOncePerRunHoweverOftenTheKeyIsAskedFor() throws {
        let counter = NSTemporaryDirectory() + "chatterm-key-command-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: counter) }
        let command = "echo run >> \(counter); echo sk-once"
        XCTAssertEqual(KeyCommand.key(for: command), .success("sk-once"))
        XCTAssertEqual(KeyCommand.key(for: command), .success("sk-once"))
        XCTAssertEqual(try String(contentsOfFile: counter, encoding: .utf8), "run\n")
    }

    func testProfilesListsACommandsKeyWithoutRunningIt() throws {
        let file = try ConfigFile.parse(
            """
            [profiles.lab]
            api_key_cmd = "exit 1"
            """, path: "/tmp/config.toml")
        let summary = try XCTUnwrap(ProfileSummary.all(in: file, environment: [:]).first)
        XCTAssertEqual(summary.keyCommand, "exit 1")
        XCTAssertNil(summary.problem)
    }

    // MARK: Settings

    private func settings(_ text: String, environment: [String: String] = [:], printed: String = "sk-from-command")
        throws -> (Settings, [String])
    {
        var ran: [String] = []
        let file = try ConfigFile.parse(text, path: "/tmp/config.toml")
        let settings = try Settings.resolve(environment: environment, file: file) { command in
            ran.append(command)
            return printed.isEmpty ? .failure(.init(description: "it exited with status 2")) : .success(printed)
        }
        return (settings, ran)
    }

    func testAProfilesCommandBeatsTheEnvironmentsKeyAndTheTopLevelsVariable() throws {
        let (settings, ran) = try settings(
            """
            default_profile = "lab"
            api_key_env = "TOP_KEY"
            [profiles.lab]
            api_key_cmd = "pass show llm/openai"
            """, environment: ["TOP_KEY": "sk-top", "OPENAI_API_KEY": "sk-env"])
        XCTAssertEqual(ran, ["pass show llm/openai"])
        XCTAssertEqual(settings.apiKey?.value, "sk-from-command")
        XCTAssertEqual(settings.apiKey?.description, "set (from api_key_cmd)")
        XCTAssertEqual(settings.apiKeyCmd, Setting("pass show llm/openai", from: .profile("lab")))
        XCTAssertEqual(settings.redactor("echo sk-from-command"), "echo •••")
    }

    func testAProfilesVariableBeatsTheTopLevelsCommandWhichIsThenNotRun() throws {
        let (settings, ran) = try settings(
            """
            default_profile = "lab"
            api_key_cmd = "pass show llm/openai"
            [profiles.lab]
            api_key_env = "LAB_KEY"
            """, environment: ["LAB_KEY": "sk-lab"])
        XCTAssertEqual(ran, [])
        XCTAssertEqual(settings.apiKey?.value, "sk-lab")
        XCTAssertEqual(settings.apiKeyCmd.value, nil)
    }

    func testOneTableNamesOneSourceOfTheKey() {
        XCTAssertThrowsError(
            try ConfigFile.parse(
                """
                [profiles.lab]
                api_key_env = "LAB_KEY"
                api_key_cmd = "pass show lab"
                """, path: "/tmp/config.toml")
        ) { error in
            XCTAssertTrue("\(error)".contains("profiles.lab.api_key_cmd: api_key_env names a variable"), "\(error)")
        }
    }

    func testAFailedCommandIsAWarningThatNamesItAndShowsNoKey() throws {
        let (settings, _) = try settings(
            """
            default_profile = "lab"
            [profiles.lab]
            api_key_cmd = "pass show llm/openai"
            """, printed: "")
        XCTAssertNil(settings.apiKey)
        XCTAssertEqual(
            settings.apiKeyFailure,
            "api_key_cmd `pass show llm/openai` (profile lab) gave no key: it exited with status 2")
        XCTAssertEqual(settings.warnings, [settings.apiKeyFailure])
        let row = try XCTUnwrap(SettingsReport(settings).rows.first { $0.name == "api key" })
        XCTAssertEqual(row.value, "not set (api_key_cmd failed)")
    }

    func testConfigShowsTheCommandAndNeverTheKey() throws {
        let (settings, _) = try settings(
            """
            default_profile = "lab"
            [profiles.lab]
            api_key_cmd = "pass show llm/openai"
            """)
        let report = SettingsReport(settings)
        let text = report.lines().joined(separator: "\n") + report.json()
        XCTAssertFalse(text.contains("sk-from-command"), text)
        XCTAssertTrue(
            report.lines().contains { $0.hasPrefix("api_key_cmd ") && $0.contains("pass show llm/openai") }, text)
        XCTAssertTrue(text.contains("set (from api_key_cmd)"), text)
    }
}
