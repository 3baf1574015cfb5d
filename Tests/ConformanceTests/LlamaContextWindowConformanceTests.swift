import Foundation
import TestSupport
import XCTest

@testable import chatterm

/// The context window against llama-cpp-python's real server, whose context is
/// `LlamaServer.contextLength` tokens and which says so only in its overflow error: a
/// conversation that outgrows it is refused by the server, and `ask --fit-context` then learns
/// the limit from that error and asks again without the oldest exchange, while the saved
/// conversation keeps it. (The tiny model's vocabulary has one token per character, so the
/// prompts below are counted in characters.)
final class LlamaContextWindowConformanceTests: LlamaServerTestCase {
    /// 110 tokens: one such prompt fits with its reply; two exchanges of them do not.
    private let prompt = String(repeating: "Tell me more. ", count: 8)

    private func ask(_ directory: String, _ extra: [String]) throws -> (result: Binary.Result, chatRequests: Int) {
        try chatterm(
            [
                "ask", "--data-dir", directory, "--base-url", server.baseURL, "--model", LlamaServer.modelName,
                "--max-tokens", "16", "--warmup", "never", "--retries", "0",
            ] + extra)
    }

    func testAConversationThatOutgrowsTheContextIsSentWithoutItsOldestExchangeWithFitContext() throws {
        let directory = Binary.temporaryDataDirectory(for: self)
        let first = try ask(directory, ["--save", prompt])
        XCTAssertEqual(first.result.status, 0, first.result.stderr)
        let refused = try ask(directory, ["--resume", "last", prompt])
        XCTAssertEqual(refused.result.status, AskExitCode.serverError.rawValue, refused.result.stderr)
        XCTAssertTrue(
            refused.result.stderr.contains("maximum context length is \(LlamaServer.contextLength) tokens"),
            refused.result.stderr)
        let fitted = try ask(directory, ["--resume", "last", "--fit-context", prompt])
        XCTAssertEqual(fitted.result.status, 0, fitted.result.stderr)
        XCTAssertTrue(
            fitted.result.stderr.contains(
                "the server's context (\(LlamaServer.contextLength) tokens) is full: asking again without the"),
            fitted.result.stderr)
    }

    func testWithContextWindowAPromptThatWouldNotFitIsRefusedBeforeAnythingIsSent() throws {
        let directory = Binary.temporaryDataDirectory(for: self)
        let tooLong = String(repeating: "Tell me more. ", count: 80)
        let (result, requests) = try ask(
            directory, ["--context-window", String(LlamaServer.contextLength), tooLong])
        XCTAssertEqual(result.status, AskExitCode.doesNotFit.rawValue, result.stderr)
        XCTAssertTrue(result.stderr.contains("of 256 tokens: it does not fit even alone"), result.stderr)
        XCTAssertEqual(requests, 0)
    }
}
