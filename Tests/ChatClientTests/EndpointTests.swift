import ChatCore
import Foundation
import NIOHTTP1
import XCTest

@testable import ChatClient

final class EndpointTests: XCTestCase {
    func testTrailingSlashAndFullPathAreNormalised() throws {
        XCTAssertEqual(
            try Endpoint(baseURL: "http://h:8000/v1/").chatCompletionsURL, "http://h:8000/v1/chat/completions")
        XCTAssertEqual(try Endpoint(baseURL: "http://h:8000/v1/chat/completions").baseURL, "http://h:8000/v1")
        XCTAssertEqual(try Endpoint(baseURL: "http://h:8000/v1").hostLabel, "h:8000")
    }

    func testBadURLsAreRefusedWithAnExample() {
        for bad in ["", "localhost:8000", "ftp://h/v1", "http://"] {
            XCTAssertThrowsError(try Endpoint(baseURL: bad), bad) {
                guard case .invalidURL(let text) = $0 as? ChatError else { return XCTFail("\($0)") }
                XCTAssertTrue(text.contains("http://127.0.0.1:8000/v1"))
            }
        }
    }

    func testDescriptionNeverShowsTheKey() throws {
        let endpoint = try Endpoint(baseURL: "http://h/v1", apiKey: "sk-secret")
        XCTAssertFalse(String(describing: endpoint).contains("sk-secret"))
        XCTAssertNil(try Endpoint(baseURL: "http://h/v1", apiKey: "").apiKey)
    }

    func testAURLsUserAndPasswordLeaveTheBaseURLAndBecomeBasicAuthentication() throws {
        let endpoint = try Endpoint(baseURL: "http://ana:p%40ss@h:8000/v1/")
        XCTAssertEqual(endpoint.baseURL, "http://h:8000/v1")
        XCTAssertEqual(endpoint.hostLabel, "h:8000")
        var headers = HTTPHeaders()
        endpoint.addCommonHeaders(to: &headers)
        XCTAssertEqual(headers["Authorization"], ["Basic " + Data("ana:p@ss".utf8).base64EncodedString()])
        XCTAssertEqual(endpoint.redactor("p@ss and p%40ss"), "••• and •••")
    }

    func testOfChattermsOwnHeadersAnEndpointMayReplaceOnlyAuthorization() throws {
        let endpoint = try Endpoint(
            baseURL: "http://h/v1", apiKey: "sk-1",
            headers: ChatRequest.Header.allCases.map { ($0.rawValue, "the endpoint's") })
        var headers = HTTPHeaders()
        endpoint.addCommonHeaders(to: &headers)
        XCTAssertEqual(headers.map(\.name), ["User-Agent", "Authorization"])
        XCTAssertEqual(headers["Authorization"], ["the endpoint's"])
    }

    func testAURLsPasswordAndAKeyOrAnAuthorizationHeaderAreRefusedWithoutShowingThePassword() {
        let attempts: [() throws -> Endpoint] = [
            { try Endpoint(baseURL: "http://ana:PASS-word@h/v1", apiKey: "sk-1") },
            { try Endpoint(baseURL: "http://ana:PASS-word@h/v1", headers: [("authorization", "Basic eA==")]) },
            { try Endpoint(baseURL: "ftp://ana:PASS-word@h/v1") },
        ]
        for attempt in attempts {
            XCTAssertThrowsError(try attempt()) { error in
                XCTAssertFalse(String(describing: error).contains("PASS"), "\(error)")
                XCTAssertTrue(String(describing: error).contains("•••@h/v1"), "\(error)")
            }
        }
    }

    func testTheRedactorKnowsTheKeyAndSecretHeaders() throws {
        let endpoint = try Endpoint(
            baseURL: "http://h/v1", apiKey: "sk-key-1",
            headers: [("api-key", "azure-2"), ("X-Marked", "marked-3"), ("X-Route", "route-4")],
            secretHeaders: ["x-marked"])
        XCTAssertEqual(endpoint.redactor("sk-key-1 azure-2 marked-3 route-4"), "••• ••• ••• route-4")
    }
}
