import ChatCore
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
}
