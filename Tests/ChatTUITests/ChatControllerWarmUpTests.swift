import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatTUI

/// The warm-up that does not make anyone wait: the chat warms the endpoint up as it opens, while
/// the first prompt is typed, and again when the user types after an idle spell; a prompt sent
/// meanwhile waits only for what is left of it.
@MainActor
final class ChatControllerWarmUpTests: HeadlessChatTestCase {
    func testOpeningTheChatWarmsTheEndpointUpBeforeAnyPromptAndSaysHowLongItTook() async throws {
        chat = try await HeadlessChat.start()
        chat.controller.opened()
        try await chat.waitUntil("the warm-up's latency is shown") { $0.statusLine.contains("● ready · warm-up ") }
        XCTAssertEqual(chat.warmUpsReceived, 1)
        XCTAssertTrue(chat.session.conversation.messages.isEmpty)
        try await chat.send("Hi")
        XCTAssertEqual(chat.warmUpsReceived, 1, "the first prompt found the endpoint warm")
        XCTAssertEqual(chat.session.conversation.messages.last?.stats?.warmup, false)
    }

    func testAPromptSentWhileTheModelLoadsWaitsForThatWarmUpAndSendsNoOther() async throws {
        chat = try await HeadlessChat.start(.fast(.parsed("model-load:1000@1")))
        chat.controller.opened()
        XCTAssertTrue(chat.statusLine.contains("warming up…"), chat.statusLine)
        XCTAssertEqual(chat.host.statusPaces.last, ChatController.waitingStatusInterval, "its time moves")
        try await chat.send("Hi")
        XCTAssertEqual(chat.session.conversation.messages.last?.status, .complete)
        XCTAssertEqual(chat.warmUpsReceived, 1)
    }

    func testTheWarmUpWaitsForTheModelWhenItIsStillBeingFound() async throws {
        chat = try await HeadlessChat.start(model: "")
        let found = AsyncStream<String>.makeStream()
        chat.controller.resolveModel { await found.stream.first { _ in true } ?? "" }
        chat.controller.opened()
        XCTAssertFalse(chat.statusLine.contains("warming up"), "no model to warm up yet")
        found.continuation.yield("found-model")
        try await chat.waitUntil("the warm-up ends") { $0.statusLine.contains("warm-up ") }
        XCTAssertEqual(chat.warmUpsReceived, 1)
    }

    func testTypingAfterAnIdleSpellWarmsTheEndpointUpAgainBeforeEnter() async throws {
        // Idle from the moment the endpoint answered: every keystroke after a reply may warm up.
        // (While the prompt is typed, its keys may start one too: only what follows the reply counts.)
        chat = try await HeadlessChat.start(policy: TurnPolicy(warmupAfterIdle: .zero))
        try await chat.send("Hi")
        let before = chat.warmUpsReceived
        XCTAssertGreaterThanOrEqual(before, 1)
        chat.type("x")
        try await chat.waitUntil("another warm-up") { $0.warmUpsReceived == before + 1 }
    }

    func testTypingSoonAfterAReplyDoesNotWarmAgain() async throws {
        chat = try await HeadlessChat.start()
        try await chat.send("Hi")
        chat.type("more")
        XCTAssertNil(chat.session.warmingUpAheadSince)
        XCTAssertEqual(chat.warmUpsReceived, 1)
    }
}
