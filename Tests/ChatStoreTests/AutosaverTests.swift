import ChatCore
import ChatStore
import Foundation
import XCTest

/// The autosaver writes urgent changes at once, coalesces streamed text, reports every result
/// on the main actor, and `flush` leaves everything on disk.
final class AutosaverTests: StoreTestCase {
    /// An autosaver on the test's store, with the results it reports.
    @MainActor
    private final class Harness {
        let store: ConversationStore
        var results: [StoreError?] = []
        var onNextResult: (() -> Void)?
        private(set) var autosaver: Autosaver!
        /// Held as a chat holds the conversation it writes: a reply it saves while streaming is
        /// then read back as streaming, not as one a stopped chatterm left behind.
        private let lock: ConversationLock?

        init(store: ConversationStore) {
            self.store = store
            lock = try? store.lock(id: "auto")
            autosaver = Autosaver(store: store) { [unowned self] result in
                results.append(result)
                onNextResult?()
                onNextResult = nil
            }
        }

        /// Runs `body`, then waits (without sleeping) until the next result is reported.
        func nextResult(_ test: XCTestCase, _ body: () -> Void) async -> StoreError?? {
            let reported = XCTestExpectation(description: "a save reports its result")
            onNextResult = { reported.fulfill() }
            body()
            await test.fulfillment(of: [reported], timeout: 30)
            return results.last
        }
    }

    private func conversation(_ texts: [String]) -> Conversation {
        var conversation = Conversation(
            id: "auto", title: "Autosaved", createdAt: Fixture.date("2026-11-27T14:00:00.000Z"))
        conversation.messages = texts.map {
            Message(
                role: .assistant, content: $0, createdAt: Fixture.date("2026-11-27T14:00:01.000Z"), status: .streaming)
        }
        return conversation
    }

    @MainActor
    func testAnUrgentChangeIsSavedAtOnce() async throws {
        let harness = Harness(store: makeStore())
        let result = await harness.nextResult(self) {
            harness.autosaver.conversationChanged(conversation(["first"]), urgent: true)
        }
        XCTAssertEqual(result, .some(nil))
        XCTAssertEqual(try harness.store.load(id: "auto").conversation, conversation(["first"]))
    }

    @MainActor
    func testStreamedTextIsCoalescedIntoOneSaveOfTheNewestSnapshot() async throws {
        let harness = Harness(store: makeStore())
        let result = await harness.nextResult(self) {
            var text = ""
            for token in 0..<200 {
                text += "token\(token) "
                harness.autosaver.conversationChanged(conversation([text]), urgent: false)
            }
        }
        XCTAssertEqual(result, .some(nil))
        XCTAssertEqual(harness.results.count, 1, "200 changes, one save")
        let saved = try harness.store.load(id: "auto").conversation.messages[0].content
        XCTAssertTrue(saved.hasSuffix("token199 "), saved)
        harness.autosaver.flush()
        XCTAssertEqual(harness.results.count, 1, "nothing was left to save")
    }

    @MainActor
    func testStreamedTextIsReadFromItsOwnerOnlyWhenItsSaveIsDue() async throws {
        let harness = Harness(store: makeStore())
        var owner = conversation(["start"])
        var reads = 0
        for token in 0..<50 {
            owner.messages[0].content += " token\(token)"
            harness.autosaver.conversationChanged(urgent: false) {
                reads += 1
                return owner
            }
        }
        XCTAssertEqual(reads, 0, "nothing is read, and no copy held, before the save is due")
        owner.messages[0].content += " end"
        harness.autosaver.flush()
        XCTAssertEqual(reads, 1)
        let saved = try harness.store.load(id: "auto").conversation.messages[0].content
        XCTAssertTrue(saved.hasSuffix("token49 end"), saved)
    }

    @MainActor
    func testAnUrgentChangeDuringASaveIsSavedRightAfterIt() async throws {
        let store = makeStore()
        let bothSaved = XCTestExpectation(description: "two saves report their results")
        bothSaved.expectedFulfillmentCount = 2
        let autosaver = Autosaver(store: store) { result in
            XCTAssertNil(result)
            bothSaved.fulfill()
        }
        autosaver.conversationChanged(conversation(["one"]), urgent: true)
        autosaver.conversationChanged(conversation(["one", "two"]), urgent: true)
        await fulfillment(of: [bothSaved], timeout: 30)
        XCTAssertEqual(try store.load(id: "auto").conversation.messages.count, 2)
    }

    @MainActor
    func testAFailedSaveIsReportedAndTheNextChangeTriesAgain() async throws {
        // A file where the data directory should be makes every save fail, even as root.
        let blocker = folder + "/data"
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: blocker))
        let harness = Harness(store: makeStore())

        let failure = await harness.nextResult(self) {
            harness.autosaver.conversationChanged(conversation(["lost?"]), urgent: true)
        }
        XCTAssertEqual(failure, .some(.writeFailed(path: blocker, reason: "Not a directory")))

        try FileManager.default.removeItem(atPath: blocker)
        let success = await harness.nextResult(self) {
            harness.autosaver.conversationChanged(conversation(["lost?", "no"]), urgent: true)
        }
        XCTAssertEqual(success, .some(nil))
        XCTAssertEqual(try harness.store.load(id: "auto").conversation.messages.count, 2)
    }

    @MainActor
    func testFlushWritesThePendingChangeBeforeReturning() throws {
        let harness = Harness(store: makeStore())
        harness.autosaver.conversationChanged(conversation(["streamed"]), urgent: false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.store.path(for: "auto")), "not yet due")

        harness.autosaver.flush()

        XCTAssertEqual(try harness.store.load(id: "auto").conversation.messages[0].content, "streamed")
        XCTAssertEqual(harness.results.count, 1)
        XCTAssertEqual(harness.results.first, .some(nil))
    }

    @MainActor
    func testFlushWaitsForARunningSaveAndThePendingOne() throws {
        let harness = Harness(store: makeStore())
        harness.autosaver.conversationChanged(conversation(["one"]), urgent: true)  // running
        harness.autosaver.conversationChanged(conversation(["one", "two"]), urgent: false)  // pending

        harness.autosaver.flush()

        XCTAssertEqual(harness.results.count, 2)
        XCTAssertEqual(try harness.store.load(id: "auto").conversation.messages.count, 2)
    }

    @MainActor
    func testUnknownFieldsAreKeptInEverySave() throws {
        try writeFile(
            id: "auto",
            """
            {"format": "chatterm.conversation", "version": 1, "id": "auto", "title": "t",
             "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:00.000Z",
             "pinned": true, "messages": []}
            """)
        let store = makeStore()
        let stored = try store.load(id: "auto")
        let autosaver = Autosaver(store: store, preserving: stored.unknownFields) { _ in }
        autosaver.conversationChanged(conversation(["new"]), urgent: true)
        autosaver.flush()
        XCTAssertEqual(try jsonObject(at: store.path(for: "auto"))["pinned"] as? Bool, true)
    }

    @MainActor
    func testEverySaveWhileAReplyStreamsWritesWhatAPlainSaveWrites() throws {
        try writeFile(
            id: "auto",
            """
            {"format": "chatterm.conversation", "version": 1, "id": "auto", "title": "t",
             "createdAt": "2026-11-27T14:00:00.000Z", "updatedAt": "2026-11-27T14:00:00.000Z", "pinned": true,
             "messages": [{"role": "user", "content": "hi", "createdAt": "2026-11-27T14:00:01.000Z",
                           "status": "complete", "rating": 5}]}
            """)
        let store = makeStore()
        let plain = ConversationStore(directory: DataDirectory(path: folder + "/plain"))
        let stored = try store.load(id: "auto")
        let autosaver = Autosaver(store: store, preserving: stored.unknownFields) { _ in }
        var live = stored.conversation
        let image = Attachment(
            name: "a.png", content: .image(mediaType: "image/png", data: Data(repeating: 7, count: 999)))
        live.messages.append(
            Message(
                role: .user, content: "look", createdAt: Fixture.date("2026-11-27T14:00:02.000Z"), attachments: [image])
        )
        live.messages.append(
            Message(
                role: .assistant, content: "", createdAt: Fixture.date("2026-11-27T14:00:03.000Z"), status: .streaming))
        func saveBoth(_ what: String) throws {
            autosaver.conversationChanged(live, urgent: true)
            autosaver.flush()
            try plain.save(live, preserving: stored.unknownFields)
            XCTAssertEqual(
                try text(at: store.path(for: "auto")), try text(at: plain.path(for: "auto")), what)
        }
        try saveBoth("the prompt")
        for token in ["It", " is", " a", " cat."] {
            live.messages[2].content += token
            try saveBoth("after \(token)")
        }
        live.messages[2].status = .complete
        try saveBoth("the finished reply")
        live.messages[1].attachments = []
        try saveBoth("a finished message changed")
        live.title = "Cats"
        try saveBoth("a new title")

        // Branched: written in version 2, the same through the autosave as without it.
        live.branch(
            at: 2,
            with: Message(
                role: .assistant, content: "", createdAt: Fixture.date("2026-11-27T14:00:04.000Z"), status: .streaming))
        try saveBoth("a retried reply")
        XCTAssertEqual(try jsonObject(at: store.path(for: "auto"))["version"] as? Int, 2)
        for token in ["A", " dog?"] {
            live.messages[2].content += token
            try saveBoth("the retried reply after \(token)")
        }
        live.messages[2].status = .complete
        live.messages.append(
            Message(role: .user, content: "Sure?", createdAt: Fixture.date("2026-11-27T14:00:05.000Z")))
        try saveBoth("a prompt after the branch, with no id yet")
        live.branch(
            at: 1,
            with: Message(role: .user, content: "look again", createdAt: Fixture.date("2026-11-27T14:00:06.000Z")))
        live.messages.append(
            Message(
                role: .assistant, content: "Still", createdAt: Fixture.date("2026-11-27T14:00:07.000Z"),
                status: .streaming))
        try saveBoth("an edited prompt and its streaming reply")
        live.messages[2].content += " a cat."
        try saveBoth("more of it")
        XCTAssertTrue(live.showAlternative(at: 1, number: 1))
        try saveBoth("the first prompt shown again")
        let reloaded = try store.load(id: "auto").conversation
        XCTAssertEqual(
            reloaded.messages.count + reloaded.otherBranches.count, live.messages.count + live.otherBranches.count,
            "every branch is in the file")
        XCTAssertEqual(reloaded.messages.map(\.content), live.messages.map(\.content))
    }
}
