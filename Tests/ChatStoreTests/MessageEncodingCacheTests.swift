import ChatCore
import Foundation
import XCTest

@testable import ChatStore

/// A save through `MessageEncodingCache` writes exactly the bytes a save without it writes,
/// encodes only what changed, and never writes a message as it was before it changed.
final class MessageEncodingCacheTests: StoreTestCase {
    private let fileWithExtras = """
        {
          "format": "chatterm.conversation", "version": 1, "id": "cached", "title": "With extras",
          "createdAt": "2026-11-27T14:05:03.123Z", "updatedAt": "2026-11-27T14:06:00.000Z",
          "aardvark": "sorts before every known key", "zebra": {"empty": {}, "none": []},
          "messages": [
            {"role": "system", "content": "Be brief.", "createdAt": "2026-11-27T14:05:03.500Z",
             "status": "complete", "origin": "profile"},
            {"role": "user", "content": "hi", "createdAt": "2026-11-27T14:05:04.000Z", "status": "complete",
             "rating": 5, "reactions": [{"name": "a.png", "bytes": 1024}], "nothing": {}}
          ]
        }
        """

    /// The conversation and unknown fields of `fileWithExtras`, with a message of every kind
    /// after it: reasoning, an error with a secret, figures (an infinite rate, none at all),
    /// attachments, awkward text, and a reply still streaming.
    private func everyKindOfMessage() throws -> StoredConversation {
        try writeFile(id: "cached", fileWithExtras)
        var stored = try makeStore().load(id: "cached")
        stored.conversation.endpoint = EndpointInfo(baseURL: "https://user:pw@example.com/v1", model: "m/1")
        stored.conversation.profile = "gpu"
        let image = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        stored.conversation.messages += [
            Message(
                role: .assistant, content: "Server-sent events: `data:` lines / \"quoted\" \\ \u{1}\t🚀 你好",
                reasoning: "The user wants one line.\nOr two.", createdAt: Fixture.date("2026-11-27T14:05:05.001Z"),
                stats: TurnStats(
                    attempts: 2, retries: 1, emptyStreams: 1, warmup: true, fallback: true, ttftMs: 240,
                    durationMs: 2000, completionTokens: 532, tokensPerSecond: .infinity, finishReason: "stop")),
            Message(
                role: .user, content: "What is in these?", createdAt: Fixture.date("2026-11-27T14:05:06.000Z"),
                attachments: [
                    Attachment(name: "nginx.conf", content: .text("server {\n  listen 80;\n}\n")),
                    Attachment(name: "cat.png", content: .image(mediaType: "image/png", data: image)),
                ]),
            Message(
                role: .assistant, content: "It failed", createdAt: Fixture.date("2026-11-27T14:05:07.000Z"),
                status: .failed, error: "HTTP 401 for Authorization: Bearer sk-secret123456789", stats: TurnStats()),
            Message(
                role: .assistant, content: "Streaming so f", createdAt: Fixture.date("2026-11-27T14:05:08.000Z"),
                status: .streaming),
        ]
        return stored
    }

    private func assertCachedBytesEqualPlainOnes(
        _ cache: MessageEncodingCache, _ stored: StoredConversation, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let cached = try cache.encode(stored.conversation, preserving: stored.unknownFields)
        let plain = try ConversationFile.encode(stored.conversation, preserving: stored.unknownFields)
        XCTAssertEqual(
            String(decoding: cached, as: UTF8.self), String(decoding: plain, as: UTF8.self), file: file, line: line)
    }

    func testTheFileWrittenThroughTheCacheIsTheFileWrittenWithoutIt() throws {
        let stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 5, encoded: 1), "only the streaming reply is encoded again")
    }

    func testWhileAReplyStreamsOnlyItIsEncodedAgainImageAndAll() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 0, encoded: 6))
        for token in ["ar", " as", " it", " goes."] {
            stored.conversation.messages[5].content += token
            stored.conversation.updatedAt += 1
            try assertCachedBytesEqualPlainOnes(cache, stored)
            XCTAssertEqual(cache.lastSave, .init(reused: 5, encoded: 1))
        }
        stored.conversation.messages[5].status = .complete
        try assertCachedBytesEqualPlainOnes(cache, stored)
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 6, encoded: 0), "a finished reply is kept too")
    }

    func testAFinishedMessageThatChangesIsSavedFresh() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        let changes: [(String, (inout Message) -> Void)] = [
            ("content", { $0.content += "!" }),
            ("one character, same length", { $0.content = "It failes" }),
            ("reasoning", { $0.reasoning = "Second thoughts." }),
            ("status", { $0.status = .interrupted }),
            ("error", { $0.error = "the connection dropped" }),
            ("stats", { $0.stats = TurnStats(completionTokens: 7) }),
            ("attachment", { $0.attachments.append(Attachment(name: "late.txt", content: .text("late"))) }),
            ("role", { $0.role = .user }),
            ("time", { $0.createdAt += 0.001 }),
        ]
        for (what, change) in changes {
            change(&stored.conversation.messages[4])
            try assertCachedBytesEqualPlainOnes(cache, stored)
            XCTAssertEqual(cache.lastSave.encoded, 2, "\(what): the changed message and the streaming one")
        }
    }

    func testARetriedReplyAtTheSameMomentIsSavedFresh() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        stored.conversation.messages[5].status = .complete
        try assertCachedBytesEqualPlainOnes(cache, stored)
        // `/retry`: the reply goes and another one takes its place, with the same role and time,
        // between two saves.
        let old = stored.conversation.messages.removeLast()
        stored.conversation.messages.append(
            Message(role: .assistant, content: "Another answer", createdAt: old.createdAt, status: .complete))
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertFalse(
            String(decoding: try cache.encode(stored.conversation, preserving: stored.unknownFields), as: UTF8.self)
                .contains("Streaming so f"))
    }

    func testTheTitleTheEndpointAndTheDatesAreSavedFresh() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        stored.conversation.title = "Renamed"
        try assertCachedBytesEqualPlainOnes(cache, stored)
        stored.conversation.endpoint = EndpointInfo(baseURL: "http://127.0.0.1:9/v1", model: "other")
        stored.conversation.profile = nil
        stored.conversation.updatedAt += 60
        try assertCachedBytesEqualPlainOnes(cache, stored)
    }

    func testUnknownFieldsStayWithTheirMessageWhenAnEarlierOneGoes() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        stored.conversation.messages.remove(at: 0)
        try assertCachedBytesEqualPlainOnes(cache, stored)
        let saved = String(
            decoding: try cache.encode(stored.conversation, preserving: stored.unknownFields), as: UTF8.self)
        XCTAssertTrue(saved.contains(#""rating" : 5"#))
        XCTAssertFalse(saved.contains(#""origin""#), "the removed message's field went with it")
    }

    func testOtherUnknownFieldsStartTheCacheAfresh() throws {
        let stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        let without = StoredConversation(conversation: stored.conversation)
        try assertCachedBytesEqualPlainOnes(cache, without)
        XCTAssertEqual(cache.lastSave, .init(reused: 0, encoded: 6))
    }

    func testABranchedConversationIsWrittenAsWithoutTheCacheAndItsOtherBranchesAreReused() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        stored.conversation.messages[5].status = .complete
        stored.conversation.branch(
            at: 5,
            with: Message(
                role: .assistant, content: "Again", createdAt: Fixture.date("2026-11-27T14:05:09.000Z"),
                status: .streaming))
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 0, encoded: 7))
        for token in [",", " and", " again."] {
            stored.conversation.messages[5].content += token
            try assertCachedBytesEqualPlainOnes(cache, stored)
            XCTAssertEqual(cache.lastSave, .init(reused: 6, encoded: 1), "the other branch is not encoded again")
        }
        stored.conversation.messages[5].status = .complete
        stored.conversation.messages.append(
            Message(role: .user, content: "And?", createdAt: Fixture.date("2026-11-27T14:05:10.000Z")))
        try assertCachedBytesEqualPlainOnes(cache, stored)
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 8, encoded: 0), "a message numbered on save is kept too")
        XCTAssertTrue(stored.conversation.showAlternative(at: 5, number: 1))
        try assertCachedBytesEqualPlainOnes(cache, stored)
        XCTAssertEqual(cache.lastSave, .init(reused: 5, encoded: 3), "the switched messages are encoded again")
    }

    func testAnEmptyConversationIsWrittenAsBefore() throws {
        let cache = MessageEncodingCache()
        let empty = StoredConversation(
            conversation: Conversation(id: "e", createdAt: Fixture.date("2026-11-27T14:00:00.000Z")))
        try assertCachedBytesEqualPlainOnes(cache, empty)
        var stored = try everyKindOfMessage()
        try assertCachedBytesEqualPlainOnes(cache, stored)
        stored.conversation.messages = []
        try assertCachedBytesEqualPlainOnes(cache, stored)
    }

    /// Random edits of every kind the chat makes, each save checked against the plain encoder.
    func testAnySequenceOfEditsIsSavedAsWithoutTheCache() throws {
        var stored = try everyKindOfMessage()
        let cache = MessageEncodingCache()
        var random = SeededRandom(seed: 19)
        let words = ["a", " b", "\n", "ü", "🚀", "\"", "/", "\\", " data:", "你好"]
        for step in 0..<400 {
            var messages = stored.conversation.messages
            switch random.next(below: 10) {
            case 0 where !messages.isEmpty:
                messages.removeLast()
            case 1:
                messages.append(
                    Message(
                        role: random.next(below: 2) == 0 ? .user : .assistant, content: "",
                        createdAt: Fixture.date("2026-11-27T15:00:00.000Z") + Double(step), status: .streaming))
            case 2 where !messages.isEmpty:
                let index = random.next(below: messages.count)
                messages[index].status = [.complete, .interrupted, .failed, .cancelled][random.next(below: 4)]
            case 3 where !messages.isEmpty:
                messages[random.next(below: messages.count)].error = random.next(below: 2) == 0 ? nil : "oops \(step)"
            case 4:
                stored.conversation.title = "title \(random.next(below: 5))"
            case 5 where !messages.isEmpty:
                messages.remove(at: random.next(below: messages.count))
            case 6 where !messages.isEmpty && random.next(below: 3) == 0:
                stored.conversation.messages = messages
                stored.conversation.branch(
                    at: random.next(below: messages.count),
                    with: Message(
                        role: .user, content: "branch \(step)",
                        createdAt: Fixture.date("2026-11-27T16:00:00.000Z") + Double(step)))
                messages = stored.conversation.messages
            case 7 where !stored.conversation.alternativesInView().isEmpty:
                stored.conversation.messages = messages
                stored.conversation.showAlternative(
                    at: stored.conversation.alternativesInView().keys.max()!, step: random.next(below: 2) == 0 ? -1 : 1)
                messages = stored.conversation.messages
            default:
                if !messages.isEmpty {
                    let index = random.next(below: messages.count)
                    messages[index].content += words[random.next(below: words.count)]
                }
            }
            stored.conversation.messages = messages
            try assertCachedBytesEqualPlainOnes(cache, stored)
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
private struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(bound))
    }
}
