import ChatCore
import Foundation
import XCTest

/// The redactor hides each secret in every form a server may echo it in, hides credentials it
/// was never told about, and leaves everything else alone.
final class RedactorTests: XCTestCase {
    func testTheKeyAndSensitiveHeaderValuesAreHidden() {
        let redact = Redactor(
            apiKey: "sk-test-SECRET",
            headers: [
                (name: "api-key", value: "azure-0123"), (name: "X-Api-Key", value: "xkey-4567"),
                (name: "Cookie", value: "session=cookie-89ab; theme=dark"),
                (name: "Proxy-Authorization", value: "Basic cHJveHk6cHc="), (name: "X-Tenant", value: "research"),
            ])
        let echoed = """
            {"authorization": "Bearer sk-test-SECRET", "api-key": "azure-0123", "x-api-key": "xkey-4567", \
            "cookie": "session=cookie-89ab; theme=dark", "proxy-authorization": "Basic cHJveHk6cHc=", \
            "x-tenant": "research"}
            """
        XCTAssertEqual(
            redact(echoed),
            """
            {"authorization": "Bearer •••", "api-key": "•••", "x-api-key": "•••", \
            "cookie": "•••", "proxy-authorization": "•••", \
            "x-tenant": "research"}
            """)
        XCTAssertEqual(redact("only session=cookie-89ab was sent"), "only session=••• was sent")
    }

    func testHeadersAProfileMarksSecretAreHiddenWhateverTheirName() {
        let headers = [(name: "X-Session", value: "sess-7777"), (name: "X-Route", value: "vllm-a100")]
        XCTAssertEqual(Redactor(apiKey: nil, headers: headers)("sess-7777 vllm-a100"), "sess-7777 vllm-a100")
        XCTAssertEqual(
            Redactor(apiKey: nil, headers: headers, secretHeaders: ["x-session"])("sess-7777 vllm-a100"),
            "••• vllm-a100")
        XCTAssertTrue(Redactor.isSecretHeader("AUTHORIZATION"))
        XCTAssertTrue(Redactor.isSecretHeader("X-SESSION", marked: ["x-session"]))
        XCTAssertFalse(Redactor.isSecretHeader("X-Tenant"))
    }

    func testPercentEncodedAndJSONEscapedFormsAreHiddenToo() {
        let secret = "k/e+y=é&1"
        let redact = Redactor(secrets: [secret])
        let forms = [
            secret, "k%2Fe%2By%3D%C3%A9%261", "k%2fe%2by%3d%c3%a9%261", #"k\/e+y=é&1"#, #"k/e+y=\u00e9&1"#,
            #"k\/e+y=\u00e9&1"#,
        ]
        for form in forms {
            XCTAssertEqual(redact("[\(form)]"), "[•••]", form)
        }
    }

    /// Property: whatever surrounds a secret, it never survives, and the text around it does.
    func testASecretNeverSurvivesWhateverSurroundsIt() {
        var generator = SplitMix64(seed: 15)
        let alphabet = Array("abcXYZ019 -_/:\"'{}\n\\é漢🙂")
        for round in 0..<300 {
            let length = 4 + Int(generator.next() % 24)
            let secret = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let before = String((0..<Int(generator.next() % 12)).map { _ in alphabet[Int(generator.next() % 8)] })
            let after = String((0..<Int(generator.next() % 12)).map { _ in alphabet[Int(generator.next() % 8)] })
            let redacted = Redactor(secrets: [secret])(before + secret + after + secret)
            XCTAssertFalse(redacted.contains(secret), "round \(round): \(secret.debugDescription) in \(redacted)")
            XCTAssertTrue(redacted.contains(Redactor.mask), "round \(round)")
        }
    }

    func testALongerSecretIsHiddenWholeWhenItContainsAShorterOne() {
        let redact = Redactor(secrets: ["abcd", "abcd-efgh-ijkl"])
        XCTAssertEqual(redact("abcd-efgh-ijkl"), "•••")
    }

    func testShortValuesAreNotTreatedAsSecrets() {
        let redact = Redactor(apiKey: "x", headers: [(name: "api-key", value: "EMP")])
        XCTAssertEqual(redact("max tokens exceeded: EMP x"), "max tokens exceeded: EMP x")
    }

    func testBearerAndBasicTokensAreHiddenEvenWhenUnknown() {
        let redact = Redactor()
        XCTAssertEqual(redact("Authorization: Bearer sk-proj-AbC123xyz"), "Authorization: Bearer •••")
        XCTAssertEqual(redact(#"{"authorization":"bearer abcdefgh_12"}"#), #"{"authorization":"bearer •••"}"#)
        XCTAssertEqual(redact("Proxy-Authorization: Basic dXNlcjpwYXNz"), "Proxy-Authorization: Basic •••")
        XCTAssertEqual(redact("Basic dXNlcjpwYXNzd29yZA=="), "Basic •••")
        for prose in [
            "a bearer token is required", "Bearer authentication failed", "basic authentication is off",
            "Basic auth", "Bearer abc",
        ] {
            XCTAssertEqual(redact(prose), prose)
        }
    }

    func testAURLsUserAndPasswordAreHiddenInAnyText() {
        let redact = Redactor()
        XCTAssertEqual(
            redact("cannot reach http://ana:PASS@10.0.0.5:8000/v1 (refused)"),
            "cannot reach http://•••@10.0.0.5:8000/v1 (refused)")
        XCTAssertEqual(redact("https://u:p@ss@host/v1?q=a@b"), "https://•••@host/v1?q=a@b")
        XCTAssertEqual(redact(#"{"url":"http://token@h"}"#), #"{"url":"http://•••@h"}"#)
        XCTAssertEqual(redact("http://host/v1 and mail ana@example.com"), "http://host/v1 and mail ana@example.com")
    }

    func testTheURLsPasswordAndTheBasicCredentialsMadeOfItAreSecrets() {
        let credentials = BaseURL.credentials(in: "http://ana:p%40ss-word@host/v1")
        XCTAssertEqual(
            credentials, BaseURL.Credentials(user: "ana", password: "p@ss-word", encodedPassword: "p%40ss-word"))
        let redact = Redactor(apiKey: nil, credentials: credentials)
        let basic = Data("ana:p@ss-word".utf8).base64EncodedString()
        XCTAssertEqual(redact("p@ss-word p%40ss-word \(basic) ana:p@ss-word"), "••• ••• ••• •••")
    }

    func testTheBaseURLLosesItsUserInformation() {
        XCTAssertEqual(BaseURL.withoutCredentials("http://u:PASS@host:8000/v1"), "http://host:8000/v1")
        XCTAssertEqual(BaseURL.withoutCredentials("https://u:p@ss@host/v1"), "https://host/v1")
        XCTAssertEqual(BaseURL.withoutCredentials("http://host/v1/a@b"), "http://host/v1/a@b")
        XCTAssertNil(BaseURL.credentials(in: "http://host/v1"))
        XCTAssertNil(BaseURL.credentials(in: "http://@host/v1"))
    }

    func testTextWithoutSecretsIsUnchanged() {
        let redact = Redactor(apiKey: "sk-test-SECRET")
        for text in ["", "HTTP 401: invalid key", "漢字 🙂 e\u{301}", "http://127.0.0.1:8000/v1"] {
            XCTAssertEqual(redact(text), text)
        }
    }

    func testErrorsCarryNoSecretOnceRedacted() {
        let redact = Redactor(apiKey: "sk-test-SECRET")
        let errors: [ChatError] = [
            .http(status: 401, message: "sk-test-SECRET", retryAfter: .seconds(1)),
            .inStream(message: "sk-test-SECRET"),
            .connection("sk-test-SECRET"), .malformed("sk-test-SECRET"), .invalidURL("http://u:sk-test-SECRET@h"),
            .stopped("sk-test-SECRET"),
        ]
        for error in errors {
            XCTAssertFalse(error.redacted(by: redact).description.contains("SECRET"), "\(error)")
        }
        XCTAssertEqual(
            ChatError.http(status: 401, message: "sk-test-SECRET", retryAfter: .seconds(1)).redacted(by: redact),
            .http(status: 401, message: "•••", retryAfter: .seconds(1)))
    }
}
