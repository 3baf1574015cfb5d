import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI

/// The context window on the chat screen: learnt from the server as the chat opens, shown as
/// `ctx used/limit` in the status bar (in the warning colour past four fifths), and a prompt that
/// would not fit offered to be sent without the oldest messages, never silently.
@MainActor
final class ChatControllerContextTests: HeadlessChatTestCase {
    private func server(_ window: DemoContextWindow) -> DemoServerConfiguration {
        var configuration = DemoServerConfiguration.fast
        configuration.contextWindow = window
        return configuration
    }

    /// The span of the status bar that shows the context.
    private var contextSpan: StyledLine.Span? {
        let status = StatusLine.render(chat.controller.statusModel(), width: 100)
        return status.spans.first { $0.text.hasPrefix("ctx ") }
    }

    func testTheLimitFromLlamaCppsPropsIsShownOnceTheChatOpens() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(8192)))
        XCTAssertFalse(chat.statusLine.contains("ctx "), "nothing while the limit is unknown")
        chat.controller.opened()
        try await chat.waitUntil("the context is shown") { $0.statusLine.contains("ctx 0/8k") }
        XCTAssertEqual(chat.session.contextWindow?.source, .llamaCppProps)
        XCTAssertEqual(contextSpan?.role, .statusInfo)
    }

    func testTheLimitFromVLLMsModelListIsShown() async throws {
        chat = try await HeadlessChat.start(server(.vllmModelList(4096)))
        chat.controller.opened()
        try await chat.waitUntil("the context is shown") { $0.statusLine.contains("/4k") }
        XCTAssertEqual(chat.session.contextWindow?.source, .modelList)
    }

    func testAServerThatDoesNotSayShowsNothing() async throws {
        chat = try await HeadlessChat.start()
        chat.controller.opened()
        try await chat.send("Hi")
        XCTAssertNil(chat.session.contextWindow)
        XCTAssertFalse(chat.statusLine.contains("ctx "), chat.statusLine)
    }

    func testAfterAReplyTheServersUsageCountsAndPastFourFifthsTheBarWarns() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(1024)))
        chat.controller.opened()
        try await chat.waitUntil("the context is shown") { $0.statusLine.contains("/1k") }
        try await chat.send("Hi")
        let stats = try XCTUnwrap(chat.session.conversation.messages.last?.stats)
        let counted = try XCTUnwrap(stats.promptTokens) + (stats.completionTokens ?? 0)
        XCTAssertTrue(chat.statusLine.contains("ctx \(counted)/1k"), chat.statusLine)
        XCTAssertEqual(contextSpan?.role, counted * 5 > 1024 * 4 ? .statusWarning : .statusInfo)
        chat.session.configureContextWindow(counted + 10)
        XCTAssertEqual(contextSpan?.role, .statusWarning, chat.statusLine)
    }

    func testAPromptThatWouldNotFitIsOfferedTheTrimAndEscKeepsEditing() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(2048)))
        chat.controller.opened()
        try await chat.waitUntil("the limit is known") { $0.session.contextWindow != nil }
        try await chat.send(String(repeating: "An old question. ", count: 150))
        let long = String(repeating: "A long prompt. ", count: 300)
        chat.type(long)
        chat.press(.enter)
        XCTAssertTrue(chat.notice.hasPrefix("this prompt needs ~"), chat.notice)
        XCTAssertTrue(chat.notice.contains("of 2k tokens: Enter sends it without the 2 oldest messages"), chat.notice)
        XCTAssertEqual(chat.session.conversation.messages.count, 2, "nothing was sent")
        XCTAssertEqual(chat.draft, long)
        chat.press(.escape)
        XCTAssertEqual(chat.draft, long, "Esc keeps the draft")
        XCTAssertEqual(chat.notice, "")
        XCTAssertEqual(chat.session.conversation.messages.count, 2)
    }

    func testEnterSendsThePromptWithoutTheOldestMessagesAndTheConversationKeepsThem() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(2048)))
        chat.session.configureContextWindow(nil)
        try chat.session.setSystemPrompt("Be brief.")
        chat.controller.opened()
        try await chat.waitUntil("the limit is known") { $0.session.contextWindow != nil }
        try await chat.send(String(repeating: "An old question. ", count: 150))
        chat.type(String(repeating: "A long prompt. ", count: 300))
        chat.press(.enter)
        XCTAssertTrue(chat.notice.contains("Enter sends it without"), chat.notice)
        chat.press(.enter)
        try await chat.waitUntil("the reply finished") { !$0.session.isBusy }
        XCTAssertEqual(chat.session.conversation.messages.count, 5, "the conversation keeps every message")
        let request = try XCTUnwrap(chat.server?.requests.last(where: { $0.path == "/v1/chat/completions" }))
        XCTAssertTrue(request.body.contains("Be brief."), "the system prompt stays")
        XCTAssertFalse(request.body.contains("An old question."), "the oldest exchange was left out")
        XCTAssertTrue(request.body.contains("A long prompt."))
        XCTAssertEqual(chat.session.leftOutOfRequests, 2)
    }

    func testAnEditedPromptThatWouldNotFitIsOfferedTheTrimAndEnterSendsItAsABranch() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(2048)))
        try chat.session.setSystemPrompt("Be brief.")
        chat.controller.opened()
        try await chat.waitUntil("the limit is known") { $0.session.contextWindow != nil }
        try await chat.send(String(repeating: "An old question. ", count: 150))
        try await chat.send("A short question.")
        chat.enter("/edit")
        chat.press(.ctrl("u"))
        chat.enter(String(repeating: "A long prompt. ", count: 300))
        XCTAssertTrue(chat.notice.contains("Enter sends it without the 2 oldest messages"), chat.notice)
        XCTAssertEqual(chat.session.conversation.messages.count, 5, "nothing was sent")
        chat.press(.enter)
        try await chat.waitUntil("the reply finished") { !$0.session.isBusy }
        XCTAssertEqual(chat.session.conversation.messages.count, 5)
        XCTAssertTrue(chat.session.conversation.messages[3].content.hasPrefix("A long prompt."))
        XCTAssertEqual(chat.session.conversation.alternatives(at: 3)?.label, "‹ 2/2 ›", "the edit is a branch")
        let request = try XCTUnwrap(chat.server?.requests.last(where: { $0.path == "/v1/chat/completions" }))
        XCTAssertTrue(request.body.contains("Be brief."), "the system prompt stays")
        XCTAssertFalse(request.body.contains("An old question."), "the oldest exchange was left out")
        XCTAssertFalse(request.body.contains("A short question."), "the prompt edited is not sent")
        XCTAssertEqual(chat.session.leftOutOfRequests, 2)
    }

    func testAPromptThatFitsIsSentAtOnce() async throws {
        chat = try await HeadlessChat.start(server(.llamaCppProps(8192)))
        chat.controller.opened()
        try await chat.waitUntil("the limit is known") { $0.session.contextWindow != nil }
        try await chat.send("Hi")
        XCTAssertEqual(chat.session.conversation.messages.count, 2)
        XCTAssertEqual(chat.session.leftOutOfRequests, 0)
    }

    // MARK: After an overflow

    /// A chat against a server that refuses, its way (`llama-overflow:64`, `vllm-overflow:64`),
    /// anything past 64 tokens, with replies of at most 8; an exchange of 40 tokens is under way.
    private func chatThatOverflows(_ fault: String) async throws {
        var configuration = DemoServerConfiguration.fast
        configuration.fault = .parsed(fault)
        chat = try await HeadlessChat.start(configuration)
        chat.session.maxTokens = 8
        try await chat.send(String(repeating: "An old question. ", count: 10))
        XCTAssertNil(chat.session.contextWindow, "the server has not said its context")
    }

    /// The new question overflows the context after the old exchange: the status bar offers to
    /// ask again without the old exchange, and Enter does.
    private func offersAgainWithoutTheOldestExchange(_ fault: String) async throws {
        try await chatThatOverflows(fault)
        try await chat.send(String(repeating: "A new one. ", count: 8))
        XCTAssertEqual(
            chat.notice,
            "the server's context (64 tokens) is full: Enter asks again without the 2 oldest messages, Esc leaves it")
        XCTAssertEqual(chat.session.contextWindow?.tokens, 64, "learnt from the error")
        chat.press(.enter)
        XCTAssertEqual(chat.notice, "")
        try await chat.waitUntil("the reply asked again finished") { !$0.session.isBusy }
        XCTAssertEqual(chat.session.conversation.messages.last?.status, .complete)
        XCTAssertEqual(chat.session.conversation.messages.count, 4, "the conversation keeps every message")
        XCTAssertEqual(chat.session.leftOutOfRequests, 2)
        let request = try XCTUnwrap(chat.server?.chatRequests.last)
        XCTAssertFalse(request.body.contains("An old question."))
        XCTAssertTrue(chat.statusLine.contains("/64"), chat.statusLine)
    }

    func testLlamaCppsOverflowIsOfferedAgainWithoutTheOldestExchange() async throws {
        try await offersAgainWithoutTheOldestExchange("llama-overflow:64")
    }

    func testVLLMsOverflowIsOfferedAgainWithoutTheOldestExchange() async throws {
        try await offersAgainWithoutTheOldestExchange("vllm-overflow:64")
    }

    func testEscLeavesTheFailedReplyAsItIs() async throws {
        try await chatThatOverflows("vllm-overflow:64")
        try await chat.send(String(repeating: "A new one. ", count: 8))
        XCTAssertTrue(chat.notice.contains("Enter asks again"), chat.notice)
        let requests = chat.server?.chatRequests.count
        chat.press(.escape)
        XCTAssertEqual(chat.notice, "")
        XCTAssertEqual(chat.session.conversation.messages.last?.status, .failed)
        XCTAssertEqual(chat.server?.chatRequests.count, requests, "nothing was sent")
        XCTAssertEqual(chat.session.leftOutOfRequests, 0)
    }

    func testAPromptTooLongAloneIsToldThatNothingOlderIsLeftToLeaveOut() async throws {
        var configuration = DemoServerConfiguration.fast
        configuration.fault = .parsed("vllm-overflow:16")
        chat = try await HeadlessChat.start(configuration)
        try await chat.send(String(repeating: "A long prompt. ", count: 8))
        XCTAssertEqual(
            chat.notice, "the server's context (16 tokens) is full, and no older message is left to leave out")
        chat.press(.enter)
        XCTAssertEqual(chat.session.conversation.messages.last?.status, .failed, "Enter asks nothing again")
    }
}
