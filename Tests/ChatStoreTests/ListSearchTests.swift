import ChatCore
import ChatStore
import Foundation
import XCTest

/// `list` gives one summary per conversation, newest first; `search` finds text the way people
/// type it.
final class ListSearchTests: StoreTestCase {
    func testAnEmptyOrMissingStoreListsNothing() {
        let (summaries, problems) = makeStore().list()
        XCTAssertEqual(summaries, [])
        XCTAssertEqual(problems, [])
    }

    func testSummariesAreNewestFirstWithTheirFigures() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "old", title: "Old", updated: "2026-11-01T08:00:00.000Z"))
        try store.save(Fixture.everyField(id: "new"))
        try store.save(Fixture.simple(id: "mid", title: "Mid", updated: "2026-11-20T08:00:00.000Z", model: "llama3"))

        let summaries = store.list().summaries

        XCTAssertEqual(summaries.map(\.id), ["new", "mid", "old"])
        let newest = summaries[0]
        XCTAssertEqual(newest.title, "Explain SSE · 你好")
        XCTAssertEqual(newest.model, "chatglm3-6b")
        XCTAssertEqual(newest.baseURL, "http://127.0.0.1:8000/v1")
        XCTAssertEqual(newest.messageCount, 4)
        XCTAssertEqual(newest.createdAt, Fixture.date("2026-11-27T14:05:03.123Z"))
        XCTAssertEqual(newest.updatedAt, Fixture.date("2026-11-27T14:09:00.500Z"))
        XCTAssertEqual(newest.path, store.path(for: "new"))
        XCTAssertEqual(newest.bytes, try bytes(at: store.path(for: "new")).count)
        XCTAssertNil(newest.matchingMessages)
        XCTAssertEqual(summaries[1].model, "llama3")
    }

    func testTemporaryAndLockFilesAreNotConversations() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "real"))
        let lock = try store.lock(id: "real")
        try Data("{".utf8).write(to: URL(fileURLWithPath: conversationsPath + "/.real.json.tmp-1-1"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: conversationsPath + "/notes.txt"))
        XCTAssertEqual(store.list().summaries.map(\.id), ["real"])
        XCTAssertEqual(store.list().problems, [])
        lock?.release()
    }

    func testSummariesEncodeAsAJSONArray() throws {
        let store = makeStore()
        try store.save(Fixture.everyField(id: "one"))
        let json = ConversationSummary.jsonArray(store.list().summaries)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.first?["id"] as? String, "one")
        XCTAssertEqual(array.first?["updatedAt"] as? String, "2026-11-27T14:09:00.500Z")
        XCTAssertEqual(array.first?["messageCount"] as? Int, 4)
        XCTAssertTrue(json.hasSuffix("]\n"))
        XCTAssertEqual(ConversationSummary.jsonArray([]).filter { !$0.isWhitespace }, "[]")
    }

    func testSearchIgnoresCaseAndCountsMatchingMessages() throws {
        let store = makeStore()
        var conversation = Fixture.simple(id: "sse", title: "Streams")
        conversation.messages = [
            Message(role: .user, content: "What is SSE?"),
            Message(role: .assistant, content: "Server-sent events.", reasoning: "explain sse briefly"),
            Message(role: .user, content: "Thanks"),
        ]
        try store.save(conversation)
        try store.save(Fixture.simple(id: "other", title: "Cooking", content: "pasta"))

        let hits = store.search("sse").summaries

        XCTAssertEqual(hits.map(\.id), ["sse"])
        XCTAssertEqual(hits.first?.matchingMessages, 2, "the question, and the reply through its reasoning")
        XCTAssertEqual(store.search("SERVER-SENT").summaries.first?.matchingMessages, 1)
    }

    func testSearchIgnoresAccentsAndFullWidthForms() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "dessert", content: "Crème Brûlée for two"))
        try store.save(Fixture.simple(id: "wide", content: "ＡＢＣ news"))
        XCTAssertEqual(store.search("creme brulee").summaries.map(\.id), ["dessert"])
        XCTAssertEqual(store.search("CRÈME").summaries.map(\.id), ["dessert"])
        XCTAssertEqual(store.search("abc").summaries.map(\.id), ["wide"])
    }

    func testSearchFindsCJKText() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "chinese", content: "他说：你好，世界！这是一个流式回复。"))
        try store.save(Fixture.simple(id: "japanese", content: "こんにちは世界"))
        XCTAssertEqual(store.search("你好").summaries.map(\.id), ["chinese"])
        XCTAssertEqual(store.search("流式").summaries.first?.matchingMessages, 2, "the reply quotes it too")
        XCTAssertEqual(store.search("世界").summaries.count, 2)
    }

    func testATitleMatchAloneIsAHitWithNoMatchingMessages() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "titled", title: "Holiday plans", content: "x"))
        let hit = try XCTUnwrap(store.search("holiday").summaries.first)
        XCTAssertEqual(hit.id, "titled")
        XCTAssertEqual(hit.matchingMessages, 0)
    }

    func testABranchedConversationCountsTheMessagesOfEveryBranch() throws {
        let store = makeStore()
        try store.save(Fixture.branched())
        try store.save(Fixture.simple(id: "plain"))
        let summaries = store.list().summaries
        let branched = try XCTUnwrap(summaries.first { $0.id == "branched" })
        XCTAssertEqual(branched.messageCount, 7)
        XCTAssertEqual(branched.otherBranchMessages, 5)
        XCTAssertEqual(branched.messagesInView, 2)
        XCTAssertEqual(ConversationSummary.countText(branched.messageCount, otherBranches: 5), "2+5")
        let plain = try XCTUnwrap(summaries.first { $0.id == "plain" })
        XCTAssertEqual(plain.messageCount, 2)
        XCTAssertNil(plain.otherBranchMessages)
        let json = ConversationSummary.jsonArray(summaries)
        XCTAssertEqual(json.components(separatedBy: "otherBranchMessages").count, 2, "only the branched one has it")
    }

    func testSearchFindsAMatchInAnotherBranchAndSaysSo() throws {
        let store = makeStore()
        try store.save(Fixture.branched())
        let websockets = try XCTUnwrap(store.search("websockets").summaries.first)
        XCTAssertEqual(websockets.id, "branched")
        XCTAssertEqual(websockets.matchingMessages, 1)
        XCTAssertEqual(websockets.matchingInOtherBranches, 1, "the turn after the first prompt is out of view")
        let what = try XCTUnwrap(store.search("what is").summaries.first)
        XCTAssertEqual(what.matchingMessages, 2, "both first prompts")
        XCTAssertEqual(what.matchingInOtherBranches, 1)
        XCTAssertNil(store.search("one connection").summaries.first?.matchingInOtherBranches, "in view only")
    }

    func testAnEmptySearchFindsNothing() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "a"))
        XCTAssertEqual(store.search("").summaries, [])
    }
}
