import ChatCore
import XCTest

@testable import ChatConfig

/// Every problem in the file is reported as `FILE:LINE: KEY: problem`, with a suggestion for a
/// misspelt key, and every problem is reported at once.
final class ConfigFileErrorTests: XCTestCase {
    private let path = "/etc/chatterm.toml"

    /// The one message parsing `text` fails with.
    private func problem(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try ConfigFile.parse(text, path: path)
            XCTFail("accepted:\n\(text)", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual(error.problems.count, 1, "\(error)", file: file, line: line)
            return error.description
        }
    }

    func testAMisspeltKeyGetsItsLineAndTheNearestKnownOne() {
        XCTAssertEqual(
            problem("# comment\nretries = 2\n\n[profiles.work]\nmodle = \"qwen2\"\n"),
            "\(path):5: profiles.work.modle: unknown key; did you mean model?")
        XCTAssertEqual(problem("temprature = 0.5"), "\(path):1: temprature: unknown key; did you mean temperature?")
        XCTAssertEqual(
            problem("default_profle = \"a\""), "\(path):1: default_profle: unknown key; did you mean default_profile?")
    }

    func testAKeyNothingLikeAnyKnownOneGetsNoSuggestion() {
        XCTAssertEqual(problem("colour_scheme_of_doom = 1"), "\(path):1: colour_scheme_of_doom: unknown key")
    }

    func testAnAPIKeyInTheFileIsRefusedInFavourOfApiKeyEnv() {
        for key in ["api_key", "openai_api_key", "token", "apiKey"] {
            let message = problem("[profiles.openai]\n\(key) = \"sk-123\"")
            XCTAssertTrue(message.hasPrefix("\(path):2: profiles.openai.\(key): API keys are never read"), message)
            XCTAssertTrue(message.contains("api_key_env"), message)
        }
    }

    func testAKeyInsteadOfAVariableNameIsRefused() {
        let message = problem(#"api_key_env = "sk-proj-123""#)
        XCTAssertEqual(
            message,
            "\(path):1: api_key_env: must be the name of an environment variable, such as OPENAI_API_KEY (the key itself never goes in this file)"
        )
    }

    func testAWrongTypeSaysWhatWasExpectedAndWhatWasFound() {
        XCTAssertEqual(
            problem("[profiles.a]\ntemperature = \"hot\""),
            "\(path):2: profiles.a.temperature: expected a number, found a string")
        XCTAssertEqual(
            problem("retries = 2.5"), "\(path):1: retries: expected a whole number, found a number with a fraction")
        XCTAssertEqual(problem("stream = \"no\""), "\(path):1: stream: expected true or false, found a string")
        XCTAssertEqual(problem("mouse = 1"), "\(path):1: mouse: expected true or false, found a whole number")
        XCTAssertEqual(
            problem("headers = \"X-A: 1\""),
            "\(path):1: headers: expected a table of header names and values, found a string")
    }

    func testAValueOutOfRangeSaysTheRange() {
        XCTAssertEqual(problem("temperature = 3"), "\(path):1: temperature: must be between 0 and 2, not 3")
        XCTAssertEqual(problem("retries = 50"), "\(path):1: retries: must be between 0 and 20, not 50")
        XCTAssertEqual(problem("max_tokens = 0"), "\(path):1: max_tokens: must be at least 1, not 0")
        XCTAssertEqual(
            problem("idle_timeout = 0"),
            "\(path):1: idle_timeout: must be a number of seconds above 0 (at most a day), not 0")
        XCTAssertEqual(
            problem(#"warmup = "alway""#),
            "\(path):1: warmup: must be auto, always or never, not \"alway\"; did you mean always?")
        XCTAssertEqual(
            problem(#"fallback = "nevr""#),
            "\(path):1: fallback: must be auto or never, not \"nevr\"; did you mean never?")
    }

    func testABadURLIsRefusedWithAnExample() {
        XCTAssertEqual(
            problem("\n[profiles.box]\nbase_url = \"10.0.0.5:8000/v1\""),
            "\(path):3: profiles.box.base_url: not an http or https URL: \"10.0.0.5:8000/v1\" (expected something like http://127.0.0.1:8000/v1)"
        )
    }

    func testHeadersThatChattermSetsItselfAreRefused() {
        let message = problem("[profiles.g]\nheaders = { Authorization = \"Bearer sk-1\" }")
        XCTAssertTrue(
            message.hasPrefix("\(path):2: profiles.g.headers.Authorization: this header cannot be set here"), message)
        XCTAssertTrue(message.contains("api_key_env"), message)
        XCTAssertTrue(
            problem("[headers]\n\"Content-Type\" = \"text/plain\"").hasPrefix("\(path):2: headers.Content-Type:"))
        XCTAssertEqual(problem("headers = { \"X A\" = \"1\" }"), "\(path):1: headers.X A: not a valid HTTP header name")
    }

    func testEveryHeaderThatIsChattermsOwnIsRefusedAndOnlyAuthorizationMayComeFromTheEnvironment() {
        for header in ChatRequest.Header.allCases {
            let name = header.rawValue
            XCTAssertTrue(
                problem("[headers]\n\"\(name)\" = \"x\"").hasPrefix(
                    "\(path):2: headers.\(name): this header cannot be set here: "), name)
            let fromEnvironment = "[headers_env]\n\"\(name.lowercased())\" = \"X_VALUE\""
            if header == .authorization {
                XCTAssertNoThrow(try ConfigFile.parse(fromEnvironment, path: path))
            } else {
                XCTAssertTrue(
                    problem(fromEnvironment).hasPrefix(
                        "\(path):2: headers_env.\(name.lowercased()): this header cannot be set here: "), name)
            }
        }
        XCTAssertNoThrow(try ConfigFile.parse("[headers]\n\"User-Agent\" = \"gateway-client\"", path: path))
    }

    func testBodyFieldsChattermSendsItselfAreRefusedNamingTheSetting() {
        XCTAssertEqual(
            problem("[profiles.a.extra_body]\ntop_p = 0.8\nmodel = \"x\""),
            "\(path):3: profiles.a.extra_body.model: chatterm sends this field itself: set it with model (or --model)")
        XCTAssertTrue(
            problem("extra_body = { stream = false }").contains("set it with stream (or --stream/--no-stream)"))
        XCTAssertTrue(problem("extra_body = { messages = [] }").contains("chatterm sends the conversation"))
        XCTAssertTrue(
            problem("extra_body = { max_tokens = 5 }").contains("set it with max_tokens (or --max-tokens)"))
        for field in ChatRequest.Field.allCases {
            XCTAssertTrue(
                problem("extra_body = { \(field.rawValue) = 1 }").contains("chatterm sends this field itself"),
                field.rawValue)
        }
    }

    func testAnUnknownDefaultProfileNamesTheKnownOnes() {
        XCTAssertEqual(
            problem("default_profile = \"wrok\"\n[profiles.work]\n[profiles.home]"),
            "\(path):1: default_profile: no profile 'wrok' (did you mean 'work'?); the profiles are: work, home")
        XCTAssertEqual(
            problem("default_profile = \"a\""),
            "\(path):1: default_profile: no profile 'a'; the file defines no profiles")
    }

    func testTopLevelKeysInsideAProfileAreRefused() {
        XCTAssertEqual(
            problem("[profiles.a]\ndefault_profile = \"a\""),
            "\(path):2: profiles.a.default_profile: only allowed at the top level of the file, outside any profile")
    }

    func testASyntaxErrorCarriesTOMLKitsLineAndColumn() {
        let message = problem("retries = 3\nmodel = \"unterminated\n")
        XCTAssertTrue(message.hasPrefix("\(path):2:"), message)
        XCTAssertTrue(message.contains("not valid TOML"), message)
        XCTAssertTrue(problem("[profiles.a]\n[profiles.a]").hasPrefix("\(path):2:"), "a table defined twice")
    }

    func testEveryProblemIsReportedInTheOrderOfTheFile() throws {
        XCTAssertThrowsError(
            try ConfigFile.parse("[profiles.b]\nretries = -1\n[profiles.a]\nmodle = \"x\"\n", path: path)
        ) { error in
            XCTAssertEqual(
                (error as? ConfigError)?.problems.map(\.line), [2, 4], "\(error)")
        }
    }

    func testLinesAreFoundPastStringsCommentsAndArraysThatLookLikeKeys() {
        let text = #"""
            system = """
            [profiles.box]
            modle = "inside a string"
            """
            # [profiles.box]
            # modle = 1
            extra_body = { stop = ["a",
                "[profiles.box]"] }

            [profiles.box]
            modle = "x"
            """#
        XCTAssertEqual(problem(text), "\(path):11: profiles.box.modle: unknown key; did you mean model?")
    }

    func testAProfileNameWithASpaceIsRefused() {
        XCTAssertEqual(
            problem("[profiles.\"my box\"]\nmodel = \"m\""),
            "\(path):1: profiles.my box: a profile's name cannot be empty or contain spaces (it is typed as /profile NAME)"
        )
    }

    func testADottedKeyGetsItsOwnLine() {
        XCTAssertEqual(
            problem("[profiles.a]\nmodel = \"m\"\nheaders.Host = \"x\""),
            "\(path):3: profiles.a.headers.Host: this header cannot be set here: it comes from base_url")
    }
}

/// Text that TOMLKit's toml++ asserts on (aborting chatterm) is refused before it gets there.
/// The inputs are the ones the config fuzzer found (`Benchmarks/Fuzz/Crashes/FuzzConfig`).
final class ConfigTextCheckTests: XCTestCase {
    private let path = "/etc/chatterm.toml"

    private func crashInput(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/Fuzz/Crashes/FuzzConfig/\(name)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    private func message(_ text: String) -> String? {
        do {
            _ = try ConfigFile.parse(text, path: path)
            return nil
        } catch {
            return error.description
        }
    }

    func testANonASCIIBareTableKeyIsALocatedErrorNotAnAbort() throws {
        XCTAssertEqual(
            message("retries = 2\n[é]\n"),
            "\(path):2:2: not valid TOML: “é” outside a string: a key with characters other than A-Z a-z 0-9 _ - must be quoted (\"…\")"
        )
        XCTAssertNotNil(message(try crashInput("assert-nonascii-table-key.toml")))
    }

    func testControlCharactersAreALocatedErrorNotAnAbort() throws {
        XCTAssertEqual(
            message("a = \"x\"\nb = \"c\u{0}d\"\n"),
            "\(path):2:7: not valid TOML: control character U+0000 is not allowed in a TOML file")
        XCTAssertNotNil(message(try crashInput("assert-parse-value-crash-64d729b3")))
    }

    func testACharacterNoKeyCanHoldInAKeysPlaceIsALocatedErrorNotAnAbort() throws {
        let quoteIt = "cannot be part of a key: a key with characters other than A-Z a-z 0-9 _ - must be quoted (\"…\")"
        XCTAssertEqual(message("[: x]\n"), "\(path):1:2: not valid TOML: “:” \(quoteIt)")
        XCTAssertEqual(message("a = 1\n: = 2\n"), "\(path):2:1: not valid TOML: “:” \(quoteIt)")
        XCTAssertEqual(message("[a b:]\n"), "\(path):1:5: not valid TOML: “:” \(quoteIt)")
        XCTAssertEqual(message("h = { a = 1, ;b = 2 }\n"), "\(path):1:14: not valid TOML: “;” \(quoteIt)")
        XCTAssertEqual(message("[a.%]\n"), "\(path):1:4: not valid TOML: “%” \(quoteIt)")
        XCTAssertEqual(message("[#rofiles.openai]\n"), "\(path):1:2: not valid TOML: “#” \(quoteIt)")
        XCTAssertEqual(message("a = 1\n[\n"), "\(path):2:2: not valid TOML: a key is missing before “ ”")
        XCTAssertEqual(message("[a.]\n"), "\(path):1:4: not valid TOML: a key is missing before “]”")
        XCTAssertEqual(message("h = { = 1 }\n"), "\(path):1:7: not valid TOML: a key is missing before “=”")
        XCTAssertEqual(message("a = [}]\n"), "\(path):1:6: not valid TOML: a value is missing before “}”")
        XCTAssertEqual(message("a = [1, ,]\n"), "\(path):1:9: not valid TOML: a value is missing before “,”")
        XCTAssertEqual(message("a = \n"), "\(path):1:5: not valid TOML: a value is missing before “ ”")
        XCTAssertNotNil(message(try crashInput("assert-colon-in-table-header.toml")))
    }

    func testADateTimeWithoutItsTimeIsALocatedErrorNotAnAbort() throws {
        let needsTime = "not valid TOML: a date-time needs a time after “T”, like 1979-05-27T07:32:00Z"
        XCTAssertEqual(message("a = 1\nb = 1979-05-27T$7:32:00Z\n"), "\(path):2:16: \(needsTime)")
        XCTAssertEqual(message("b = [1, 1979-05-27tx]\n"), "\(path):1:20: \(needsTime)")
        XCTAssertEqual(message("b = 1979-05-27T\n"), "\(path):1:16: \(needsTime)")
        XCTAssertNotNil(message(try crashInput("assert-parse-time-no-digit.toml")))
        XCTAssertNotNil(message(try crashInput("crash-61691247485182ed7b700edb4501c999d339b360")))
        let dates = "[extra_body]\na = 1979-05-27\nb = 1979-05-27 07:32:00\nc = 1979-05-27T07:32:00Z\nd = 1979-05-27T"
        XCTAssertNil(ConfigTextCheck.firstProblem(in: dates).map { "\($0)" }, "dates and date-times are fine")
    }

    func testValuesArraysAndInlineTablesAreNotTakenForKeys() {
        let text = """
            retries = 3
            empty = {}
            spaced = {  }
            [profiles.gateway]
            headers = { "X-Tenant" = "lab", x-route = "a:b" }
            extra_body = { top_p = 0.8, stop = [":", "#"], nested = { k = [1, 2] } }
            [[profiles.list]]
            a.b = [
              1,
              2, # a comment: with a colon
            ]
            """
        XCTAssertNil(ConfigTextCheck.firstProblem(in: text).map { "\($0)" })
    }

    func testNonASCIIInStringsCommentsAndQuotedKeysIsFine() {
        let text = """
            # café ☕ in a comment
            system = "Réponds en français, 你好"
            [profiles."é"]
            model = 'naïve'
            [profiles.b]
            system = \"\"\"
            multi-line: “quoted” \\" still inside
            \"\"\"
            """
        XCTAssertNil(message(text), message(text) ?? "")
    }
}
