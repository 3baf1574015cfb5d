import XCTest

@testable import ChatConfig

/// However much is wrong with a file, its error stays a few lines: a value or name repeated in a
/// message is cut with "…", and at most 20 problems are listed, then how many more there are.
final class ConfigErrorOutputTests: XCTestCase {
    private let path = "/etc/chatterm.toml"
    private let long = String(repeating: "x", count: 10_000)
    private var cut: String { String(repeating: "x", count: 80) + "…" }

    private func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ConfigError {
        do {
            _ = try ConfigFile.parse(text, path: path)
            XCTFail("accepted:\n\(text)", file: file, line: line)
            return ConfigError([])
        } catch {
            return error
        }
    }

    func testAtMostTwentyProblemsAreListedThenHowManyMore() {
        let text = (1...25).map { "unknown_\($0) = 1" }.joined(separator: "\n")
        let failure = error(text)
        XCTAssertEqual(failure.problems.count, 25, "every problem is kept")
        let lines = failure.description.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, 21, failure.description)
        XCTAssertEqual(lines.first, "\(path):1: unknown_1: unknown key")
        XCTAssertEqual(lines[19], "\(path):20: unknown_20: unknown key")
        XCTAssertEqual(lines.last, "… and 5 more problems")
        XCTAssertEqual(
            error(text.components(separatedBy: "\n").prefix(21).joined(separator: "\n")).description
                .components(separatedBy: "\n").last,
            "… and 1 more problem")
        XCTAssertEqual(
            error(text.components(separatedBy: "\n").prefix(20).joined(separator: "\n")).description
                .components(separatedBy: "\n").count, 20)
    }

    func testALongValueIsCutInTheMessage() {
        XCTAssertEqual(
            error("base_url = \"\(long)\"").description,
            "\(path):1: base_url: not an http or https URL: \"\(cut)\" (expected something like http://127.0.0.1:8000/v1)"
        )
        XCTAssertEqual(
            error("warmup = \"\(long)\"").description,
            "\(path):1: warmup: must be auto, always or never, not \"\(cut)\"")
    }

    func testALongKeyIsCutInTheMessage() {
        let failure = error("headers = { \"X \(long)\" = \"1\" }")
        XCTAssertEqual(failure.problems.first?.key, "headers.X \(long)", "the key itself is kept whole")
        let shown = String("headers.X \(long)".prefix(80)) + "…"
        XCTAssertEqual(failure.description, "\(path):1: \(shown): not a valid HTTP header name")
    }

    func testAnUnknownDefaultProfileIsCutAndAtMostTenProfilesAreNamed() {
        let profiles = (1...30).map { "[profiles.p\($0)]" }.joined(separator: "\n")
        XCTAssertEqual(
            error("default_profile = \"\(long)\"\n" + profiles).description,
            "\(path):1: default_profile: no profile '\(cut)'; the profiles are: p1, p2, p3, p4, p5, p6, p7, p8, p9, p10 and 20 more"
        )
        XCTAssertEqual(
            error("default_profile = \"p31\"\n" + profiles).problems.first?.message.contains("(did you mean 'p1'?)"),
            true,
            "short names still get a suggestion")
    }

    func testAnExcerptKeepsShortTextAndCutsLongTextAtACharacter() {
        XCTAssertEqual(ConfigLimits.excerpt("short"), "short")
        XCTAssertEqual(ConfigLimits.excerpt(String(repeating: "é", count: 80)), String(repeating: "é", count: 80))
        XCTAssertEqual(
            ConfigLimits.excerpt(String(repeating: "👍🏽", count: 100)), String(repeating: "👍🏽", count: 80) + "…")
        let oneHugeCharacter = "e" + String(repeating: "\u{301}", count: 10_000)
        XCTAssertEqual(ConfigLimits.excerpt(oneHugeCharacter).unicodeScalars.count, 81, "its first scalars, then …")
    }
}
