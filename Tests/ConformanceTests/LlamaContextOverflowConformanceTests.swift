import Foundation
import XCTest

@testable import chatterm

/// A prompt longer than llama-cpp-python's context: its streamed answer is an empty 200 after
/// which the server closes the connection; without streaming it is a 400 whose message names
/// the context length. Whatever `--retries` says, the user sees that message, from one stream
/// and one request without streaming.
final class LlamaContextOverflowConformanceTests: LlamaServerTestCase {
    /// About 4,500 tokens: the tiny model's vocabulary has one token per character.
    private let longPrompt = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 100)

    private func askWithTheLongPrompt(_ options: [String]) throws {
        let (result, requests) = try chatterm(
            ["ask", "--base-url", server.baseURL, "--model", LlamaServer.modelName, "--warmup", "never"] + options
                + [longPrompt])
        XCTAssertEqual(result.status, AskExitCode.serverError.rawValue, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("This model's maximum context length is \(LlamaServer.contextLength) tokens"),
            result.stderr)
        XCTAssertFalse(result.stderr.contains("connection failed"), result.stderr)
        XCTAssertEqual(requests, 2, "one stream, then one request without streaming\n\(result.stderr)")
    }

    func testWithNoRetriesTheServersContextMessageIsShown() throws {
        try askWithTheLongPrompt(["--retries", "0"])
    }

    func testWithOneRetryTheServersContextMessageIsShown() throws {
        try askWithTheLongPrompt(["--retries", "1"])
    }

    func testWithTheDefaultRetriesTheServersContextMessageIsShown() throws {
        try askWithTheLongPrompt([])
    }
}
