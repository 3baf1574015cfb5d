import XCTest

@testable import ChatCore

/// Replies saved before their figures kept the kind of failure have it read back from their
/// error's words: every failure the transport reports reads back as its own category.
final class ChatErrorSavedTextTests: XCTestCase {
    private let failures: [ChatError] = [
        .http(status: 503, message: "model is loading"), .http(status: 401, message: ""),
        .inStream(message: "context length exceeded"), .connection("connection refused"),
        .malformed("not JSON"), .emptyStream, .emptyReply, .endedEarly(sawDone: true), .endedEarly(sawDone: false),
        .invalidURL("ftp://x"),
    ]

    func testEveryFailureReadsBackAsItsCategory() {
        var timeouts: [ChatError] = []
        for kind in [ChatError.TimeoutKind.connect, .firstToken, .wholeReply, .idle, .turn, .warmUp] {
            timeouts += [.timeout(kind, limit: .seconds(30)), .timeout(kind, limit: .milliseconds(250))]
        }
        for error in failures + timeouts {
            XCTAssertEqual(ChatError.Category(savedError: error.description), error.category, error.description)
        }
        XCTAssertEqual(Set((failures + timeouts).map(\.category)), Set(ChatError.Category.allCases))
    }

    func testRedactedWordsStillReadBack() {
        let error = ChatError.http(status: 401, message: "bad key sk-secret").redacted(
            by: Redactor(secrets: ["sk-secret"]))
        XCTAssertEqual(ChatError.Category(savedError: error.description), .server)
    }

    func testWordsNoFailureWritesHaveNoCategory() {
        for text in [
            "", "chatterm stopped before the reply ended", "the terminal hung up", "something else", "http 500",
        ] {
            XCTAssertNil(ChatError.Category(savedError: text), text)
        }
    }
}
