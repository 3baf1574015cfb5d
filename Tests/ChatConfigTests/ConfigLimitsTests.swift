import XCTest

@testable import ChatConfig

/// A pathological configuration file (nested too deep, too many keys, a key or value too long,
/// too large) gets one located error before TOMLKit sees it; legal files up to each limit read.
final class ConfigLimitsTests: XCTestCase {
    private let path = "/etc/chatterm.toml"
    private let tooDeep =
        "tables, arrays and inline tables nested more than 32 deep (each part of a dotted key is a level)"
    private let tooManyKeys = "more than 10000 keys; a configuration file holds a few dozen"
    private let tooLong = "a key or value longer than 64 KiB"

    /// The one message parsing `text` fails with, nil if it parses.
    private func message(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try ConfigFile.parse(text, path: path)
            return nil
        } catch {
            XCTAssertEqual(error.problems.count, 1, "\(error)", file: file, line: line)
            return error.description
        }
    }

    private func dotted(_ parts: Int, _ part: String = "a") -> String {
        Array(repeating: part, count: parts).joined(separator: ".")
    }

    func testATableHeaderWithMorePartsThanTheDepthLimitIsOneLocatedError() {
        // Part 33 of the header starts at column 66.
        XCTAssertEqual(message("retries = 2\n[\(dotted(100))]\n"), "\(path):2:66: \(tooDeep)")
        XCTAssertEqual(message("[[\(dotted(40))]]\n"), "\(path):1:67: \(tooDeep)")
    }

    func testADottedKeyCountsTheDepthOfItsTable() {
        XCTAssertEqual(message("[profiles.p]\n\(dotted(40)) = 1\n"), "\(path):2:61: \(tooDeep)")
        XCTAssertEqual(message("\(dotted(40)) = 1\n"), "\(path):1:65: \(tooDeep)")
    }

    func testInlineTablesNestedTooDeepAreOneLocatedError() {
        let prefix = "extra_body = "
        let nested = prefix + String(repeating: "{ a = ", count: 100) + "1" + String(repeating: " }", count: 100)
        // extra_body is level 1; the key in the 32nd brace is level 33.
        XCTAssertEqual(message("\n" + nested + "\n"), "\(path):2:\(prefix.count + 31 * 6 + 3): \(tooDeep)")
    }

    func testArraysNestedTooDeepAreOneLocatedError() {
        let prefix = "extra_body = { a = "
        let nested = prefix + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + " }"
        // a is level 2, the first array's elements level 3: the 31st array's are level 33.
        XCTAssertEqual(message(nested), "\(path):1:\(prefix.count + 31): \(tooDeep)")
        let mixed = prefix + String(repeating: "[{ b = ", count: 20) + "1" + String(repeating: " }]", count: 20) + " }"
        XCTAssertEqual(message(mixed).map { $0.hasSuffix(tooDeep) }, true, message(mixed) ?? "accepted")
    }

    func testNestingUpToTheLimitReads() throws {
        let header = "[extra_body.\(dotted(30, "x"))]\nk = 1\n"
        XCTAssertNil(message(header), message(header) ?? "")
        let inline = "extra_body = " + String(repeating: "{ a = ", count: 31) + "1" + String(repeating: " }", count: 31)
        XCTAssertNil(message(inline), message(inline) ?? "")
        let arrays =
            "extra_body = { a = " + String(repeating: "[", count: 30) + String(repeating: "]", count: 30) + " }"
        XCTAssertNil(message(arrays), message(arrays) ?? "")
        let file = try ConfigFile.parse(inline, path: path)
        var depth = 0
        var value = file.defaults.extraBody?["a"]
        while case .object(let fields)? = value {
            depth += 1
            value = fields["a"]
        }
        XCTAssertEqual(depth, 30, "every level read")
    }

    func testMoreKeysThanTheLimitIsOneLocatedError() {
        // Each header writes two keys: the 10,001st is the first part of header 5,001.
        let headers = (1...5_001).map { "[profiles.p\($0)]" }.joined(separator: "\n")
        XCTAssertEqual(message(headers), "\(path):5001:2: \(tooManyKeys)")
        XCTAssertNil(message(headers.components(separatedBy: "\n").dropLast().joined(separator: "\n")))
    }

    func testAKeyOrValueLongerThanTheLimitIsLocatedAtItsStart() {
        let long = String(repeating: "x", count: 64 * 1024 + 1)
        XCTAssertEqual(message("retries = 1\nsystem = \"\(long)\"\n"), "\(path):2:10: \(tooLong)")
        XCTAssertEqual(message("system = '''\n\(long)'''\n"), "\(path):1:10: \(tooLong)")
        XCTAssertEqual(message("[profiles.p]\n\(long) = 1\n"), "\(path):2:1: \(tooLong)")
        XCTAssertEqual(message("retries = \(long)"), "\(path):1:11: \(tooLong)")
        XCTAssertNil(message("system = \"\(long.dropLast())\"\n"), "64 KiB exactly")
    }

    func testAFileLargerThanOneMiBIsRefusedBeforeParsing() {
        let line = "# " + String(repeating: "x", count: 1_021) + "\n"
        let text = String(repeating: line, count: 1_024) + "#"
        XCTAssertEqual(
            message(text),
            "\(path): larger than 1 MiB (1048577 bytes): a configuration file holds a few settings")
        XCTAssertNil(message(String(text.dropLast())))
    }
}
