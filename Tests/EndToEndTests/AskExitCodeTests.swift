import ChatCore
import TestSupport
import XCTest

@testable import chatterm

/// Every way a reply can end maps to its own exit status, as `ask --help` documents.
final class AskExitCodeTests: XCTestCase {
    func testEachOutcomeHasItsOwnStatus() {
        let cases: [(TurnOutcome, Int32)] = [
            (.complete, 0),
            (.failed(.http(status: 401, message: "no key")), 3),
            (.failed(.inStream(message: "context length exceeded")), 3),
            (.failed(.timeout(.firstToken, limit: .seconds(120))), 4),
            (.failed(.emptyReply), 5),
            (.failed(.emptyStream), 5),
            (.failed(.connection("connection refused")), 6),
            (.interrupted(.connection("reset")), 7),
            (.interrupted(.timeout(.idle, limit: .seconds(60))), 7),
            (.failed(.malformed("not JSON")), 1),
            (.cancelled, 130),
        ]
        for (outcome, status) in cases {
            XCTAssertEqual(AskExitCode(outcome).rawValue, status, "\(outcome)")
        }
    }

    func testTheHelpTextNamesEveryStatus() {
        for code in AskExitCode.allCases {
            XCTAssertTrue(AskExitCode.help.contains("\(code.rawValue)"), "help lacks \(code.rawValue)")
        }
    }

    func testTheReadmeTableHasARowForEveryStatus() throws {
        let readme = try String(contentsOf: Checkout.root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = Set(
            readme.split(separator: "\n").filter { $0.hasPrefix("| ") }.compactMap {
                $0.split(separator: "|").first.map(String.init)
            })
        for code in AskExitCode.allCases {
            XCTAssertTrue(rows.contains(" \(code.rawValue) "), "README.md's exit status table lacks \(code.rawValue)")
        }
    }
}
