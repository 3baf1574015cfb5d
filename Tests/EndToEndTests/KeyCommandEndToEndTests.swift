import DemoServer
import Foundation
import TestSupport
import XCTest

/// `api_key_cmd` through the real binary: the key a command prints is sent as the bearer token
/// and appears nowhere else (stdout, stderr, `config`, saved files); the command runs once per
/// run; its failure is said in its own words and nothing is sent.
final class KeyCommandEndToEndTests: DemoServerTestCase {
    private let key = "sk-cmd-SECRET-0042"

    private func config(_ server: DemoServer, command: String) -> String {
        """
        warmup = "never"
        retries = 0
        default_profile = "lab"

        [profiles.lab]
        base_url = "\(server.baseURL)"
        api_key_cmd = "\(command)"
        """
    }

    func testTheCommandsKeyIsSentAndShownNowhere() async throws {
        let server = try await serve()
        let data = Binary.temporaryDataDirectory(for: self)
        let counter = Binary.temporaryDataDirectory(for: self) + "-runs"
        let environment = try environment(
            config: config(server, command: "echo run >> \(counter); printf '\(key)\\\\nsecond line\\\\n'"),
            ["CHATTERM_DATA_DIR": data, "OPENAI_API_KEY": "sk-env-not-used"])
        let result = try Binary.run(["ask", "--save", "hi"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(server.chatRequests.last?.header("Authorization"), "Bearer \(key)")
        XCTAssertEqual(try String(contentsOfFile: counter, encoding: .utf8), "run\n", "run once per run")
        let shown = try Binary.run(["config"], environment: environment)
        let json = try Binary.run(["config", "--json"], environment: environment)
        XCTAssertTrue(shown.stdout.contains("set (from api_key_cmd)"), shown.stdout)
        for (text, what) in [
            (result.stdout, "ask's stdout"), (result.stderr, "ask's stderr"), (shown.stdout, "config"),
            (json.stdout, "config --json"), (try filesText(under: data), "the saved files"),
        ] {
            XCTAssertFalse(text.contains("SECRET"), "\(what) shows the key:\n\(text)")
        }
    }

    func testAFailingCommandIsReportedInItsOwnWordsAndNothingIsSent() async throws {
        let server = try await serve()
        let command = "echo 'gpg: decryption failed: No secret key' >&2; exit 2"
        let environment = try environment(config: config(server, command: command))
        let result = try Binary.run(["ask", "hi"], environment: environment)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.stderr.contains(
                "api_key_cmd `\(command)` (profile lab) gave no key: it exited with status 2: gpg: decryption failed: No secret key"
            ), result.stderr)
        XCTAssertEqual(server.requests.count, 0)
        let shown = try Binary.run(["config"], environment: environment)
        XCTAssertEqual(shown.status, 0, "config shows what is in effect, the failure as a note")
        XCTAssertTrue(shown.stdout.contains("note: api_key_cmd"), shown.stdout)
    }

    /// Every file under `folder`, as text.
    private func filesText(under folder: String) throws -> String {
        var text = ""
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            text += (try? String(contentsOfFile: folder + "/" + relative, encoding: .utf8)) ?? ""
        }
        return text
    }
}
