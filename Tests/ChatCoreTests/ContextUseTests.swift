import ChatCore
import Foundation
import XCTest

/// The estimate of tokens not counted yet, how full the context is, and which oldest messages a
/// request leaves out.
final class ContextUseTests: XCTestCase {
    func testTheEstimateIsAQuarterTokenPerASCIIByteAndATokenPerOtherCharacter() {
        XCTAssertEqual(TokenEstimate.tokens(in: ""), 0)
        XCTAssertEqual(TokenEstimate.tokens(in: "abcd"), 1)
        XCTAssertEqual(TokenEstimate.tokens(in: "abcde"), 2)
        XCTAssertEqual(TokenEstimate.tokens(in: String(repeating: "word ", count: 100)), 125)
        XCTAssertEqual(TokenEstimate.tokens(in: "你好世界"), 4, "CJK: a token a character")
        XCTAssertEqual(
            TokenEstimate.tokens(in: [ChatRequest.Message(role: .user, content: "abcd")]),
            1 + TokenEstimate.perMessage)
    }

    func testCountsAreShortInUnitsOf1024() {
        XCTAssertEqual(ContextUse.short(950), "950")
        XCTAssertEqual(ContextUse.short(8192), "8k")
        XCTAssertEqual(ContextUse.short(3174), "3.1k")
        XCTAssertEqual(ContextUse.short(131_072), "128k")
        XCTAssertEqual(ContextUse(used: 3174, limit: 8192).label, "ctx 3.1k/8k")
    }

    func testPastFourFifthsIsNearlyFull() {
        XCTAssertFalse(ContextUse(used: 800, limit: 1000).isNearlyFull)
        XCTAssertTrue(ContextUse(used: 801, limit: 1000).isNearlyFull)
    }

    func testTheServersCountOfTheLastReplyCoversEverythingBeforeItAndTheRestIsEstimated() {
        var reply = Message(role: .assistant, content: String(repeating: "x", count: 4000))
        reply.stats = TurnStats(completionTokens: 50, promptTokens: 700)
        let conversation = Conversation(messages: [
            Message(role: .system, content: String(repeating: "s", count: 4000)),
            Message(role: .user, content: "abcd"), reply,
            Message(role: .user, content: String(repeating: "y", count: 400)),
        ])
        XCTAssertEqual(ContextUse.tokens(in: conversation), 700 + 50 + 100 + TokenEstimate.perMessage)
        var uncounted = conversation
        uncounted.messages[2].stats = TurnStats(completionTokens: 50)
        XCTAssertEqual(
            ContextUse.tokens(in: uncounted),
            1000 + 1 + 1000 + 100 + 4 * TokenEstimate.perMessage, "without usage everything is estimated")
    }

    func testTheTrimLeavesOutWholeExchangesOldestFirstAndKeepsTheSystemPromptAndTheNewPrompt() {
        let words = String(repeating: "w", count: 400)  // 100 tokens, 104 with the template's
        let messages = [
            ChatRequest.Message(role: .system, content: "be brief"),
            ChatRequest.Message(role: .user, content: words), ChatRequest.Message(role: .assistant, content: words),
            ChatRequest.Message(role: .user, content: words), ChatRequest.Message(role: .assistant, content: words),
            ChatRequest.Message(role: .user, content: "the new prompt"),
        ]
        XCTAssertEqual(ContextTrim.leftOut(messages, freeing: 0), 0)
        XCTAssertEqual(ContextTrim.leftOut(messages, freeing: 50), 2, "a question goes with its answer")
        XCTAssertEqual(ContextTrim.leftOut(messages, freeing: 300), 4)
        XCTAssertNil(ContextTrim.leftOut(messages, freeing: 500), "the new prompt alone is too long")
        let trimmed = ContextTrim.leavingOut(2, of: messages)
        XCTAssertEqual(trimmed.map(\.role), [.system, .user, .assistant, .user])
        XCTAssertEqual(trimmed.last?.content, "the new prompt")
    }

    func testTheReplysRoomIsMaxTokensOrAnEighthAndAtMostHalf() {
        XCTAssertEqual(ContextTrim.reserve(limit: 8192, maxTokens: nil), 1024)
        XCTAssertEqual(ContextTrim.reserve(limit: 8192, maxTokens: 300), 300)
        XCTAssertEqual(ContextTrim.reserve(limit: 8192, maxTokens: 100_000), 4096)
    }
}
