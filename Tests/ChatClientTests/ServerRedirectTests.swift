import ChatCore
import XCTest

@testable import ChatClient

/// What a redirect is reported as: where it points, and the base URL to use when that can be told.
final class ServerRedirectTests: XCTestCase {
    private let chatURL = "http://gpu-box:8000/v1/chat/completions"

    private func message(_ location: String?, requestURL: String? = nil, suffix: String = "/chat/completions")
        -> String
    {
        ServerRedirect.message(
            location: location, requestURL: requestURL ?? chatURL, pathSuffix: suffix, redactor: Redactor())
    }

    func testATargetEndingInTheSamePathGivesTheBaseURLToUse() {
        XCTAssertEqual(
            message("https://gpu-box/api/v1/chat/completions"),
            "the server redirected to https://gpu-box/api/v1/chat/completions: use https://gpu-box/api/v1 as --base-url"
        )
    }

    func testARelativeTargetIsResolvedAgainstTheRequest() {
        XCTAssertEqual(
            message("/openai/v1/chat/completions"),
            "the server redirected to http://gpu-box:8000/openai/v1/chat/completions: "
                + "use http://gpu-box:8000/openai/v1 as --base-url")
    }

    func testTheModelListIsJudgedByItsOwnPath() {
        XCTAssertEqual(
            message("http://other:1/v2/models", requestURL: "http://gpu-box:8000/v1/models", suffix: "/models"),
            "the server redirected to http://other:1/v2/models: use http://other:1/v2 as --base-url")
    }

    func testAnyOtherTargetIsNamedWithoutAGuess() {
        XCTAssertEqual(
            message("https://login.example.com/sso?next=%2Fv1"),
            "the server redirected to https://login.example.com/sso (chatterm follows no redirects): check --base-url")
    }

    func testTheRequestsOwnURLIsALoop() {
        XCTAssertEqual(
            message(chatURL),
            "the server redirected to \(chatURL), the very URL it was asked: a redirect loop "
                + "(chatterm follows no redirects)")
    }

    func testAUserAndPasswordInTheTargetAreNeverShown() {
        let text = message("https://user:hunter2@gpu-box/v1/chat/completions")
        XCTAssertFalse(text.contains("hunter2"), text)
        XCTAssertFalse(text.contains("user"), text)
        XCTAssertTrue(text.hasSuffix("use https://gpu-box/v1 as --base-url"), text)
    }

    func testARedirectWithoutATargetSaysSo() {
        XCTAssertEqual(
            message(nil), "the server answered with a redirect that names no target (chatterm follows no redirects)")
        XCTAssertEqual(message("  "), message(nil))
    }

    func testAVeryLongTargetIsCut() {
        let text = message("http://x/" + String(repeating: "a", count: 10_000))
        XCTAssertLessThan(text.count, 400)
    }
}
