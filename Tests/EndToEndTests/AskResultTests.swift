import ChatCore
import Foundation
import TestSupport
import XCTest

@testable import chatterm

/// The JSON `ask --json` prints, apart from any run.
final class AskResultTests: XCTestCase {
    func testControlAndBidiCharactersAreWrittenAsEscapesThatDecodeBackToTheSameText() throws {
        let hostile = "a\u{1B}[2Jb\u{9B}31mc\u{7F}d\u{202E}e\u{2066}f\n"
        let result = AskResult(
            message: Message(role: .assistant, content: hostile, stats: TurnStats()), model: "m", exitStatus: 0,
            conversationId: nil, error: nil)
        let json = result.json()
        XCTAssertFalse(
            json.unicodeScalars.contains {
                (0x00..<0x20).contains($0.value) && $0 != "\n" || (0x7F...0x9F).contains($0.value)
            },
            json)
        for escape in ["\\u001b", "\\u009b", "\\u007f", "\\u202e", "\\u2066"] {
            XCTAssertTrue(json.lowercased().contains(escape), "\(escape) missing:\n\(json)")
        }
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(decoded?["reply"] as? String, hostile)
    }

    func testTheReadmeNamesEveryErrorCategory() throws {
        let readme = try String(contentsOf: Checkout.root.appendingPathComponent("README.md"), encoding: .utf8)
        for category in AskFailure.Category.allCases {
            XCTAssertTrue(readme.contains("`\(category.rawValue)`"), "README.md lacks `\(category.rawValue)`")
        }
    }
}
