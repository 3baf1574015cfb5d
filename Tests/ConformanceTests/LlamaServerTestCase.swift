import Foundation
import TestSupport
import XCTest

/// Base class for tests against llama-cpp-python's real server: one server per test class,
/// started before its first test and stopped after its last.
///
/// Where the server is not set up, the tests skip and say how to set it up, unless
/// CHATTERM_CONFORMANCE=required (as CI sets it) makes that a failure. A server that is set up
/// but does not start is always a failure.
class LlamaServerTestCase: XCTestCase {
    nonisolated(unsafe) private static var started: Result<LlamaServer, LlamaServer.Unavailable>?

    /// Whether a server that is not set up fails the tests instead of skipping them.
    static var serverRequired: Bool { ProcessInfo.processInfo.environment["CHATTERM_CONFORMANCE"] == "required" }

    /// The running server; set before each test.
    private(set) var server: LlamaServer!

    override class func setUp() {
        super.setUp()
        started = Result { () throws(LlamaServer.Unavailable) in try LlamaServer.start() }
    }

    override class func tearDown() {
        if case .success(let server) = started { server.stop() }
        started = nil
        super.tearDown()
    }

    /// A missing server that counts as a failure fails the test without running it: thrown from
    /// setUp, an error would count the test as skipped as well as failed.
    override func invokeTest() {
        switch Self.started {
        case .failure(.notSetUp(let reason)) where Self.serverRequired:
            XCTFail("\(reason) (CHATTERM_CONFORMANCE=required)")
        case .failure(.failedToStart(let reason)):
            XCTFail(reason)
        default:
            super.invokeTest()
        }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        switch Self.started {
        case .success(let running): server = running
        case .failure(let unavailable): throw XCTSkip(unavailable.description)
        case nil: XCTFail("the class's setUp did not run")
        }
    }

    /// Runs `chatterm ARGUMENTS` against the server and returns its result with the number of
    /// chat-completion requests the server answered meanwhile.
    func chatterm(_ arguments: [String]) throws -> (result: Binary.Result, chatRequests: Int) {
        let before = server.chatRequestCount
        let result = try Binary.run(arguments, timeout: .seconds(120))
        return (result, server.chatRequestCount - before)
    }
}
