import Foundation
import TestSupport
import XCTest

/// The context window in the full-screen chat, the real binary in tmux against llama-cpp-python's
/// real server (`LlamaServer.contextLength` tokens). That server says its context nowhere but in
/// its overflow error, so the chat learns it there: a conversation that outgrows it is refused,
/// the status bar offers to ask again without the oldest exchange, Enter gets a reply, and from
/// then on the status bar shows `ctx used/256` and offers the trim before a prompt that would not
/// fit.
///
/// The tiny model's vocabulary has one token per character, so the prompts below are counted in
/// characters. chatterm's own estimate (a token per four ASCII characters, for real vocabularies)
/// runs four times low for it; the server's `usage`, which llama-cpp-python sends only without
/// streaming, is exact.
final class LlamaChatContextConformanceTests: LlamaServerTestCase {
    /// 112 tokens: one such prompt fits with its reply, two exchanges of them do not.
    private let prompt = String(repeating: "Tell me more. ", count: 8)

    /// The chat against the server, wide enough for the server's error and the offer side by side.
    private func openChat(_ extra: [String] = []) throws -> TmuxTerminal {
        let chat = try launchChat(
            [
                "--base-url", server.baseURL, "--model", LlamaServer.modelName, "--max-tokens", "16", "--warmup",
                "never",
            ] + extra, columns: 400)
        try chat.waitForReady()
        return chat
    }

    /// The `used` of `ctx used/limit` in the status bar, when it shows that limit.
    private func contextUsed(in status: String, limit: Int) -> Int? {
        guard let range = status.range(of: #"ctx [0-9.]+k?/"# + String(limit), options: .regularExpression) else {
            return nil
        }
        return Int(status[range].dropFirst(4).prefix { $0.isNumber })
    }

    /// The chat-completion requests the server has logged since `before`, once at least `expected`
    /// of them are: the server writes each request's line just after its answer, which the chat may
    /// show first.
    private func chatRequests(since before: Int, expected: Int) -> Int {
        let deadline = ContinuousClock.now + .seconds(10)
        while server.chatRequestCount - before < expected, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return server.chatRequestCount - before
    }

    /// Two exchanges that do not fit; the second is refused, and the status bar offers to ask
    /// again without the first. Returns the status bar.
    private func overflowTheContext(_ chat: TmuxTerminal, first: String, second: String) throws -> String {
        try chat.enter(first)
        let answered = try chat.waitForStatus("done")
        XCTAssertFalse(answered.statusLine.contains("ctx "), "the limit is not known yet: \(answered.statusLine)")
        try chat.enter(second)
        return try chat.waitForStatus(
            "the server's context (\(LlamaServer.contextLength) tokens) is full: "
                + "Enter asks again without the 2 oldest messages, Esc leaves it"
        ).statusLine
    }

    func testAStreamedOverflowIsOfferedAgainWithoutTheOldestExchangeAndThenTheContextIsShown() throws {
        let chat = try openChat()
        let before = server.chatRequestCount
        let offer = try overflowTheContext(chat, first: prompt, second: prompt)
        XCTAssertTrue(
            offer.contains("maximum context length is \(LlamaServer.contextLength) tokens"),
            "the server's words: \(offer)")
        XCTAssertEqual(
            chatRequests(since: before, expected: 3), 3,
            "the first exchange, then the refused one: a stream and once without streaming")
        try chat.press("Enter")
        let status = try chat.waitForStatus("done").statusLine
        XCTAssertEqual(chatRequests(since: before, expected: 4), 4, "asked once more")
        XCTAssertNotNil(contextUsed(in: status, limit: LlamaServer.contextLength), status)
    }

    func testAPromptThatWouldOverflowTheLearntContextIsOfferedTheTrimAndEnterGetsAReply() throws {
        let chat = try openChat(["--no-stream"])
        let start = server.chatRequestCount
        _ = try overflowTheContext(
            chat, first: String(repeating: "Tell me more. ", count: 4),
            second: String(repeating: "Tell me more. ", count: 14))
        try chat.press("Enter")
        let refitted = try chat.waitForStatus("done").statusLine
        let used = try XCTUnwrap(contextUsed(in: refitted, limit: LlamaServer.contextLength), refitted)
        XCTAssertGreaterThan(used, 196, "the server's count of the 196-character prompt and its reply: \(refitted)")

        XCTAssertEqual(chatRequests(since: start, expected: 3), 3, "the first exchange, the refused one, once more")
        let before = server.chatRequestCount
        try chat.type(String(repeating: "And then? ", count: 16))
        try chat.press("Enter")
        try chat.waitForStatus("of \(LlamaServer.contextLength) tokens: Enter sends it without the 2 oldest messages")
        XCTAssertEqual(server.chatRequestCount, before, "nothing was sent")
        try chat.press("Enter")
        try chat.waitFor("the reply to the prompt sent without the oldest exchange") {
            $0.statusLine.contains("done") && !$0.statusLine.contains("Enter sends it")
        }
        XCTAssertEqual(chatRequests(since: before, expected: 1), 1)
    }
}
