import ChatCore
import ChatStore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Saving writes the file of DESIGN.md §5; loading gives back exactly what was saved.
final class SaveLoadTests: StoreTestCase {
    func testEveryFieldSurvivesASaveAndALoad() throws {
        let store = makeStore()
        let conversation = Fixture.everyField()
        try store.save(conversation)
        let loaded = try store.load(id: conversation.id)
        XCTAssertEqual(loaded.conversation, conversation)
        XCTAssertTrue(loaded.unknownFields.isEmpty)
    }

    func testTheFileIsTheDocumentedJSON() throws {
        let store = makeStore()
        let conversation = Fixture.everyField()
        try store.save(conversation)
        let path = conversationsPath + "/20261127-140503-0a1b.json"
        XCTAssertEqual(store.path(for: conversation.id), path)
        let json = try jsonObject(at: path)
        XCTAssertEqual(json["format"] as? String, "chatterm.conversation")
        XCTAssertEqual(json["version"] as? Int, 1)
        XCTAssertEqual(json["id"] as? String, "20261127-140503-0a1b")
        XCTAssertEqual(json["title"] as? String, "Explain SSE · 你好")
        XCTAssertEqual(json["createdAt"] as? String, "2026-11-27T14:05:03.123Z")
        XCTAssertEqual(json["updatedAt"] as? String, "2026-11-27T14:09:00.500Z")
        XCTAssertEqual(
            json["endpoint"] as? [String: String], ["baseURL": "http://127.0.0.1:8000/v1", "model": "chatglm3-6b"])
        XCTAssertEqual(json["profile"] as? String, "gpu")
        let messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["system", "user", "assistant", "assistant"])
        XCTAssertEqual(messages[2]["reasoning"] as? String, "The user wants one line.")
        XCTAssertEqual(messages[2]["createdAt"] as? String, "2026-11-27T14:05:10.250Z")
        XCTAssertEqual(messages[3]["status"] as? String, "interrupted")
        XCTAssertEqual(messages[3]["error"] as? String, "the connection dropped after 2 tokens")
        let stats = try XCTUnwrap(messages[2]["stats"] as? [String: Any])
        XCTAssertEqual(stats["attempts"] as? Int, 2)
        XCTAssertEqual(stats["retries"] as? Int, 0)
        XCTAssertEqual(stats["emptyStreams"] as? Int, 1)
        XCTAssertEqual(stats["warmup"] as? Bool, true)
        XCTAssertEqual(stats["fallback"] as? Bool, true)
        XCTAssertEqual(stats["ttftMs"] as? Int, 240)
        XCTAssertEqual(stats["durationMs"] as? Int, 2000)
        XCTAssertEqual(stats["completionTokens"] as? Int, 532)
        XCTAssertEqual(stats["tokensPerSecond"] as? Double, 48.1)
        XCTAssertEqual(stats["finishReason"] as? String, "stop")
        XCTAssertEqual((messages[3]["stats"] as? [String: Any])?["errorCategory"] as? String, "connection")
    }

    func testAbsentValuesAreOmittedNotWrittenAsNull() throws {
        let store = makeStore()
        try store.save(Fixture.everyField())
        let text = try text(at: store.path(for: "20261127-140503-0a1b"))
        XCTAssertFalse(text.contains("null"), text)
        let messages = try XCTUnwrap(
            jsonObject(at: store.path(for: "20261127-140503-0a1b"))["messages"] as? [[String: Any]])
        XCTAssertEqual(Set(messages[0].keys), ["role", "content", "createdAt", "status"])
        XCTAssertEqual(
            Set((messages[3]["stats"] as? [String: Any])?.keys ?? [:].keys),
            ["attempts", "warmup", "fallback", "ttftMs", "errorCategory"])
    }

    func testTheFileIsPrettyPrintedWithSortedKeysAndEndsInANewline() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "a1"))
        let text = try text(at: store.path(for: "a1"))
        XCTAssertTrue(text.hasPrefix("{\n  \"createdAt\" : \"2026-11-27T14:00:00.000Z\",\n  \"endpoint\" : {"), text)
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertTrue(text.contains("\"baseURL\" : \"http://127.0.0.1:8000/v1\""), "slashes are not escaped")
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(keys, ["createdAt", "endpoint", "format", "id", "messages", "title", "updatedAt", "version"])
    }

    func testTheFileHoldsEveryFieldOfTheModel() throws {
        // If Conversation or Message gains a field, the file format must learn it too. A
        // conversation that branched has them all (ids, parents, other branches).
        var conversation = Fixture.everyField()
        conversation.branch(at: 3, with: Message(role: .assistant, content: "Streams carry events."))
        conversation.numberMessages()
        let model = try XCTUnwrap(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(conversation)) as? [String: Any])
        let store = makeStore()
        try store.save(conversation)
        let file = try jsonObject(at: store.path(for: conversation.id))
        XCTAssertEqual(Set(file.keys).subtracting(["format", "version"]), Set(model.keys))
        let modelMessage = try XCTUnwrap((model["messages"] as? [[String: Any]])?[2])
        let fileMessage = try XCTUnwrap((file["messages"] as? [[String: Any]])?[2])
        XCTAssertEqual(Set(fileMessage.keys), Set(modelMessage.keys).union(["parent"]), "in view, parents are implied")
        let modelOther = try XCTUnwrap((model["otherBranches"] as? [[String: Any]])?.first)
        let fileOther = try XCTUnwrap((file["otherBranches"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(fileOther.keys), Set(modelOther.keys))
    }

    func testDatesAreRFC3339InUTCWithMilliseconds() throws {
        let store = makeStore()
        var conversation = Fixture.simple(id: "dates")
        let now = Date()
        conversation.updatedAt = now
        try store.save(conversation)
        let updated = try XCTUnwrap(jsonObject(at: store.path(for: "dates"))["updatedAt"] as? String)
        XCTAssertNotNil(updated.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/), updated)
        let loaded = try store.load(id: "dates").conversation.updatedAt
        XCTAssertEqual(loaded.timeIntervalSince1970, now.timeIntervalSince1970, accuracy: 0.001)
    }

    func testDatesWrittenWithOtherOffsetsOrWithoutFractionsAreRead() throws {
        try writeFile(
            id: "offsets",
            """
            {"format": "chatterm.conversation", "version": 1, "id": "offsets", "title": "t",
             "createdAt": "2026-11-27T15:05:03+01:00", "updatedAt": "2026-11-27 14:05:03.5z",
             "messages": [{"role": "user", "content": "hi", "createdAt": "2026-11-27T14:05:03.123456Z",
                           "status": "complete"}]}
            """)
        let conversation = try makeStore().load(id: "offsets").conversation
        XCTAssertEqual(conversation.createdAt, Fixture.date("2026-11-27T14:05:03.000Z"))
        XCTAssertEqual(conversation.updatedAt, Fixture.date("2026-11-27T14:05:03.500Z"))
        XCTAssertEqual(
            conversation.messages[0].createdAt.timeIntervalSince1970,
            Fixture.date("2026-11-27T14:05:03.123Z").timeIntervalSince1970 + 0.000456, accuracy: 0.000001)
        XCTAssertNil(conversation.endpoint)
    }

    func testFilesAre0600AndFoldersAre0700WhateverTheUmask() throws {
        let previous = umask(0)
        defer { umask(previous) }
        let store = makeStore()
        try store.save(Fixture.simple(id: "modes"))
        XCTAssertEqual(mode(of: store.path(for: "modes")), 0o600)
        XCTAssertEqual(mode(of: directory.path), 0o700)
        XCTAssertEqual(mode(of: conversationsPath), 0o700)
    }

    func testSavingAgainReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let store = makeStore()
        var conversation = Fixture.simple(id: "again")
        try store.save(conversation)
        conversation.messages.append(Message(role: .user, content: "second"))
        try store.save(conversation)
        XCTAssertEqual(try store.load(id: "again").conversation.messages.count, 3)
        XCTAssertEqual(try hiddenFiles(), [])
    }

    func testANewStoreReplacesAFileWrittenByAnother() throws {
        try makeStore().save(Fixture.simple(id: "shared", content: "first"))
        try makeStore().save(Fixture.simple(id: "shared", content: "second"))
        XCTAssertEqual(try makeStore().load(id: "shared").conversation.messages[0].content, "second")
    }

    func testAnInfiniteRateIsLeftOutRatherThanFailingTheSave() throws {
        let store = makeStore()
        var conversation = Fixture.simple(id: "rate")
        conversation.messages[1].stats = TurnStats(completionTokens: 3, tokensPerSecond: .infinity)
        try store.save(conversation)
        XCTAssertEqual(try store.load(id: "rate").conversation.messages[1].stats, TurnStats(completionTokens: 3))
    }

    func testNoSecretEverReachesTheFile() throws {
        // The key lives in the transport (Authorization: Bearer …); the conversation only knows
        // the endpoint's URL and model, so a conversation held with a keyed endpoint has none.
        let store = makeStore()
        var conversation = Fixture.everyField(id: "keyed")
        conversation.endpoint = EndpointInfo(baseURL: "https://api.openai.com/v1", model: "gpt-4o-mini")
        try store.save(conversation)
        let text = try text(at: store.path(for: "keyed"))
        for secret in ["Authorization", "Bearer", "sk-", "apiKey", "api_key"] {
            XCTAssertFalse(text.contains(secret), "the file mentions \(secret)")
        }
    }

    func testAnIdThatCannotBeAFileNameIsRefused() {
        let store = makeStore()
        for id in ["../escape", "", ".hidden", "a/b"] {
            guard case .writeFailed = thrownError({ () throws(StoreError) in try store.save(Fixture.simple(id: id)) })
            else {
                XCTFail("\(id) was accepted")
                continue
            }
        }
        assertThrows(.notFound("../escape")) { () throws(StoreError) in try store.load(id: "../escape") }
    }

    func testLoadingAMissingConversationSaysNotFound() {
        assertThrows(.notFound("nope")) { () throws(StoreError) in try makeStore().load(id: "nope") }
    }

    func testTheFileNameIsTheID() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "original"))
        try FileManager.default.moveItem(atPath: store.path(for: "original"), toPath: store.path(for: "renamed"))
        XCTAssertEqual(try store.load(id: "renamed").conversation.id, "renamed")
    }
}

/// Whatever wrote an error or an endpoint, the file never holds a URL's password or a `Bearer`
/// token: the transport hides the endpoint's own secrets first, and the store hides these.
final class SaveRedactionTests: StoreTestCase {
    func testAURLsPasswordAndABearerTokenAreNeverWritten() throws {
        let store = makeStore()
        var conversation = Fixture.everyField()
        conversation.endpoint = EndpointInfo(baseURL: "http://ana:PASS-word@10.0.0.5:8000/v1", model: "m")
        conversation.messages[3].error =
            "HTTP 401: got Authorization: Bearer sk-proj-AbC123xyz from http://ana:PASS-word@h"
        try store.save(conversation)
        let text = try text(at: store.path(for: conversation.id))
        XCTAssertFalse(text.contains("PASS-word") || text.contains("sk-proj") || text.contains("ana:"), text)
        let loaded = try store.load(id: conversation.id).conversation
        XCTAssertEqual(loaded.endpoint?.baseURL, "http://10.0.0.5:8000/v1")
        XCTAssertEqual(loaded.messages[3].error, "HTTP 401: got Authorization: Bearer ••• from http://•••@h")
    }
}
