import ChatCore
import ChatStore
import Foundation
import XCTest

/// Fields this version does not know (written by a newer minor release, or by hand) survive a
/// load and a save, at the top level and in each message.
final class UnknownFieldsTests: StoreTestCase {
    private let file = """
        {
          "format": "chatterm.conversation", "version": 1, "id": "extras", "title": "With extras",
          "createdAt": "2026-11-27T14:05:03.123Z", "updatedAt": "2026-11-27T14:06:00.000Z",
          "tags": ["work", "sse"],
          "future": {"ratio": 1.5, "nothing": null, "flag": true, "count": 3, "deep": [{"a": "b"}]},
          "messages": [
            {"role": "user", "content": "hi", "createdAt": "2026-11-27T14:05:04.000Z", "status": "complete",
             "rating": 5, "reactions": [{"name": "a.png", "bytes": 1024}]},
            {"role": "assistant", "content": "hello", "createdAt": "2026-11-27T14:05:05.000Z",
             "status": "complete", "model": "m-2"}
          ]
        }
        """

    func testUnknownFieldsSurviveALoadAndASave() throws {
        try writeFile(id: "extras", file)
        let store = makeStore()
        var stored = try store.load(id: "extras")
        XCTAssertFalse(stored.unknownFields.isEmpty)
        stored.conversation.messages.append(Message(role: .user, content: "more"))
        try store.save(stored.conversation, preserving: stored.unknownFields)

        let json = try jsonObject(at: store.path(for: "extras"))
        XCTAssertEqual(json["tags"] as? [String], ["work", "sse"])
        let future = try XCTUnwrap(json["future"] as? [String: Any])
        XCTAssertEqual(future["ratio"] as? Double, 1.5)
        XCTAssertTrue(future["nothing"] is NSNull)
        XCTAssertEqual(future["flag"] as? Bool, true)
        XCTAssertEqual(future["count"] as? Int, 3)
        XCTAssertEqual((future["deep"] as? [[String: String]])?.first, ["a": "b"])
        let messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 3)
        XCTAssertEqual(messages[0]["rating"] as? Int, 5)
        XCTAssertEqual((messages[0]["reactions"] as? [[String: Any]])?.first?["name"] as? String, "a.png")
        XCTAssertEqual(messages[1]["model"] as? String, "m-2")
        XCTAssertEqual(Set(messages[2].keys), ["role", "content", "createdAt", "status"])
        XCTAssertEqual(try store.load(id: "extras").unknownFields, stored.unknownFields, "a second round trip")
    }

    func testAMessagesFieldsStayWithItWhenAnEarlierMessageIsRemoved() throws {
        try writeFile(id: "extras", file)
        let store = makeStore()
        var stored = try store.load(id: "extras")
        stored.conversation.messages.removeFirst()
        try store.save(stored.conversation, preserving: stored.unknownFields)

        let messages = try XCTUnwrap(jsonObject(at: store.path(for: "extras"))["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages[0]["model"] as? String, "m-2")
        XCTAssertNil(messages[0]["rating"], "the removed message's fields went with it")
    }

    func testAReplacedMessageDoesNotInheritTheOldOnesFields() throws {
        try writeFile(id: "extras", file)
        let store = makeStore()
        var stored = try store.load(id: "extras")
        stored.conversation.messages[1] = Message(role: .assistant, content: "a new reply (/retry)")
        try store.save(stored.conversation, preserving: stored.unknownFields)

        let messages = try XCTUnwrap(jsonObject(at: store.path(for: "extras"))["messages"] as? [[String: Any]])
        XCTAssertNil(messages[1]["model"])
        XCTAssertEqual(messages[0]["rating"] as? Int, 5)
    }

    func testAKnownFieldCannotBeOverriddenByAnUnknownOne() throws {
        try writeFile(id: "extras", file)
        let store = makeStore()
        var stored = try store.load(id: "extras")
        stored.conversation.title = "Renamed"
        try store.save(stored.conversation, preserving: stored.unknownFields)
        XCTAssertEqual(try jsonObject(at: store.path(for: "extras"))["title"] as? String, "Renamed")
    }

    func testSavingWithoutPreservingDropsThem() throws {
        try writeFile(id: "extras", file)
        let store = makeStore()
        try store.save(store.load(id: "extras").conversation)
        XCTAssertNil(try jsonObject(at: store.path(for: "extras"))["tags"])
    }
}
