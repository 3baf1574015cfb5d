import ChatCore
import ChatStore
import Foundation
import XCTest

/// Format version 2: a conversation that branched is saved with ids, parents and every other
/// branch, and reads back the same; one that never branched stays version 1, byte for byte; a
/// newer version is refused and left alone; a tree that is not one is refused by name.
final class BranchedFileTests: StoreTestCase {
    /// A version-1 file as an older chatterm wrote it, with fields this version does not know:
    /// one at the top, one on the reply that will be retried, one on the prompt.
    private let versionOneFile = """
        {"format": "chatterm.conversation", "version": 1, "id": "v1", "title": "Old",
         "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:03.000Z", "pinned": true,
         "messages": [
           {"role": "user", "content": "What is SSE?", "createdAt": "2026-11-27T14:00:01.000Z",
            "status": "complete", "tag": "prompt"},
           {"role": "assistant", "content": "First answer.", "createdAt": "2026-11-27T14:00:02.000Z",
            "status": "complete", "rating": 5}
         ]}
        """

    private func messages(_ file: [String: Any], _ key: String = "messages") throws -> [[String: Any]] {
        try XCTUnwrap(file[key] as? [[String: Any]], "no \(key) in \(file.keys.sorted())")
    }

    func testAVersionOneFileThatBranchesIsSavedAsVersionTwoAndReadsBackTheSame() throws {
        try writeFile(id: "v1", versionOneFile)
        let store = makeStore()
        let stored = try store.load(id: "v1")
        var conversation = stored.conversation
        conversation.branch(
            at: 1,
            with: Message(
                role: .assistant, content: "Second answer.", createdAt: Fixture.date("2026-11-27T14:00:04.000Z")))
        try store.save(conversation, preserving: stored.unknownFields)

        let file = try jsonObject(at: store.path(for: "v1"))
        XCTAssertEqual(file["version"] as? Int, 2)
        XCTAssertEqual(file["pinned"] as? Bool, true, "an unknown top-level field is kept")
        let inView = try messages(file)
        XCTAssertEqual(inView.map { $0["content"] as? String }, ["What is SSE?", "Second answer."])
        XCTAssertEqual(inView.map { $0["id"] as? Int }, [1, 3])
        XCTAssertNil(inView[0]["parent"], "the first message has no parent")
        XCTAssertEqual(inView[1]["parent"] as? Int, 1)
        XCTAssertEqual(inView[0]["tag"] as? String, "prompt", "a message's unknown field stays with it")
        XCTAssertNil(inView[1]["rating"], "the new reply does not inherit the old one's fields")
        let others = try messages(file, "otherBranches")
        XCTAssertEqual(others.count, 1)
        XCTAssertEqual(others[0]["content"] as? String, "First answer.")
        XCTAssertEqual(others[0]["id"] as? Int, 2)
        XCTAssertEqual(others[0]["parent"] as? Int, 1)
        XCTAssertEqual(others[0]["rating"] as? Int, 5, "an unknown field follows its message into another branch")

        let reloaded = try store.load(id: "v1")
        XCTAssertEqual(reloaded.conversation, conversation.numbered())
        XCTAssertEqual(reloaded.conversation.alternatives(at: 1), Conversation.Alternatives(position: 2, count: 2))
        var switched = reloaded.conversation
        XCTAssertTrue(switched.showAlternative(at: 1, step: -1))
        XCTAssertEqual(switched.messages.last?.content, "First answer.")

        // Saved again with what it was read with: the same bytes.
        let bytesBefore = try bytes(at: store.path(for: "v1"))
        try store.save(reloaded.conversation, preserving: reloaded.unknownFields)
        XCTAssertEqual(try bytes(at: store.path(for: "v1")), bytesBefore)
    }

    func testABranchedConversationReadsBackWithTheSameBranchInViewAndTheSameAlternatives() throws {
        let store = makeStore()
        let conversation = Fixture.branched()
        try store.save(conversation)
        let loaded = try store.load(id: "branched").conversation
        XCTAssertEqual(loaded, conversation.numbered())
        XCTAssertEqual(loaded.messages.map(\.content), ["What is HTTP/2?", "Streams over one connection."])
        XCTAssertEqual(loaded.otherBranches.count, 5)
        for index in loaded.messages.indices {
            XCTAssertEqual(loaded.alternatives(at: index), conversation.alternatives(at: index), "message \(index)")
        }
        var back = loaded
        XCTAssertTrue(back.showAlternative(at: 0, number: 1))
        XCTAssertEqual(
            back.messages.map(\.content), ["What is SSE?", "Second answer.", "And WebSockets?", "Both ways at once."],
            "below the first prompt, the newest reply shows")
    }

    func testAConversationThatNeverBranchedStaysVersionOneByteForByte() throws {
        let store = makeStore()
        var conversation = Fixture.everyField(id: "plain")
        try store.save(conversation)
        let before = try bytes(at: store.path(for: "plain"))
        let loaded = try store.load(id: "plain")
        try store.save(loaded.conversation, preserving: loaded.unknownFields)
        XCTAssertEqual(try bytes(at: store.path(for: "plain")), before, "a load and a save change nothing")

        conversation = loaded.conversation
        conversation.messages.append(
            Message(role: .user, content: "More?", createdAt: Fixture.date("2026-11-27T15:00:00.000Z")))
        try store.save(conversation, preserving: loaded.unknownFields)
        let file = try jsonObject(at: store.path(for: "plain"))
        XCTAssertEqual(file["version"] as? Int, 1)
        XCTAssertNil(file["otherBranches"])
        XCTAssertTrue(try messages(file).allSatisfy { $0["id"] == nil && $0["parent"] == nil })
    }

    func testAVersionOneFileKeepsAnIDItHadAsAFieldItDoesNotKnow() throws {
        try writeFile(
            id: "ids",
            """
            {"format": "chatterm.conversation", "version": 1, "id": "ids", "title": "",
             "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:00.000Z",
             "messages": [{"role": "user", "content": "hi", "createdAt": "2026-11-27T14:00:01.000Z",
                           "status": "complete", "id": 42, "parent": "someone"}]}
            """)
        let store = makeStore()
        let stored = try store.load(id: "ids")
        XCTAssertNil(stored.conversation.messages[0].id, "version 1 has no ids")
        try store.save(stored.conversation, preserving: stored.unknownFields)
        let message = try messages(jsonObject(at: store.path(for: "ids")))[0]
        XCTAssertEqual(message["id"] as? Int, 42)
        XCTAssertEqual(message["parent"] as? String, "someone")
    }

    func testUnknownFieldsOfEveryBranchSurviveALoadAndASave() throws {
        let store = makeStore()
        try store.save(Fixture.branched())
        var file = try jsonObject(at: store.path(for: "branched"))
        file["pinned"] = true
        var inView = try messages(file)
        inView[1]["rating"] = 4
        file["messages"] = inView
        var others = try messages(file, "otherBranches")
        others[2]["rating"] = 1
        let ratedID = try XCTUnwrap(others[2]["id"] as? Int)
        file["otherBranches"] = others
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: store.path(for: "branched")))

        let stored = try store.load(id: "branched")
        var conversation = stored.conversation
        conversation.showAlternative(at: 0, number: 1)
        try store.save(conversation, preserving: stored.unknownFields)

        let saved = try jsonObject(at: store.path(for: "branched"))
        XCTAssertEqual(saved["pinned"] as? Bool, true)
        let everyMessage = try messages(saved) + messages(saved, "otherBranches")
        XCTAssertEqual(everyMessage.count, 7)
        XCTAssertEqual(everyMessage.first { $0["id"] as? Int == ratedID }?["rating"] as? Int, 1)
        XCTAssertEqual(
            everyMessage.first { $0["content"] as? String == "Streams over one connection." }?["rating"] as? Int, 4,
            "a message's fields follow it out of view")
        XCTAssertEqual(everyMessage.filter { $0["rating"] != nil }.count, 2)
    }

    func testAFileOfANewerVersionIsRefusedAndNeverOverwritten() throws {
        let store = makeStore()
        try store.save(Fixture.branched())
        let path = store.path(for: "branched")
        let newer = try text(at: path).replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 3")
        try writeFile(id: "branched", newer)
        let expected = StoreError.newerVersion(path: path, version: 3)
        assertThrows(expected) { () throws(StoreError) in try store.load(id: "branched") }
        assertThrows(expected) { () throws(StoreError) in try store.save(Fixture.branched()) }
        XCTAssertEqual(try text(at: path), newer)
        XCTAssertEqual(store.list().problems, [expected])
        XCTAssertEqual(store.stats().problems, [expected])
    }

    /// Rewrites the saved file of `Fixture.branched()` with `change`, and gives the reason the
    /// store refuses it.
    private func refusal(_ change: (inout [[String: Any]], inout [[String: Any]]) -> Void) throws -> String? {
        let store = makeStore()
        try store.save(Fixture.branched())
        let path = store.path(for: "branched")
        var file = try jsonObject(at: path)
        var inView = try messages(file)
        var others = try messages(file, "otherBranches")
        change(&inView, &others)
        file["messages"] = inView
        file["otherBranches"] = others
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let written = try bytes(at: path)
        let error = thrownError { () throws(StoreError) in try store.load(id: "branched") }
        XCTAssertEqual(try bytes(at: path), written, "the file is left as it is")
        XCTAssertEqual(store.list().problems, [], "listing reads no message's place")
        guard case .corrupt(path, let reason) = error else {
            XCTFail("\(String(describing: error))")
            return nil
        }
        XCTAssertTrue(error?.description.hasPrefix(path) == true)
        return reason
    }

    func testATreeThatIsNotOneIsRefusedSayingWhatIsWrong() throws {
        let prefix = "its branches do not make a tree: "
        XCTAssertEqual(
            try refusal { _, others in others[1]["id"] = others[0]["id"] },
            prefix + "otherBranches[0] and otherBranches[1] have the same id 2")
        XCTAssertEqual(
            try refusal { _, others in others[0]["parent"] = 99 },
            prefix + "otherBranches[0] names parent 99, which no message has")
        XCTAssertEqual(
            try refusal { _, others in
                // The first prompt (id 1) made to follow the last reply of its own branch.
                others[1]["parent"] = others[4]["id"]
            },
            prefix + "the parents of otherBranches[0] go round in a cycle (through id 1)")
        XCTAssertEqual(
            try refusal { inView, _ in inView[1].removeValue(forKey: "id") }, prefix + "messages[1] has no id")
        XCTAssertEqual(
            try refusal { inView, _ in inView[1]["parent"] = 2 },
            prefix + "messages[1] names parent 2, but its parent is the message before it, 6")
        XCTAssertEqual(
            try refusal { _, others in others[3]["id"] = "four" },
            prefix + "field otherBranches[3].id is not a whole number")
    }
}
