import ChatCore
import ChatStore
import XCTest

/// `resolve` turns what a user types (an id, a prefix, `last`) into one id, or says why not.
final class ResolveTests: StoreTestCase {
    private func seed() throws -> ConversationStore {
        let store = makeStore()
        // The oldest id was updated last: `last` follows updatedAt, not the id.
        try store.save(Fixture.simple(id: "20261127-140503-aaaa", updated: "2026-11-29T09:00:00.000Z"))
        try store.save(Fixture.simple(id: "20261127-140503-aaab", updated: "2026-11-27T14:06:00.000Z"))
        try store.save(Fixture.simple(id: "20261128-090000-0001", updated: "2026-11-28T09:00:00.000Z"))
        return store
    }

    func testAnExactIDResolvesToItself() throws {
        let store = try seed()
        XCTAssertEqual(try store.resolve("20261127-140503-aaab"), "20261127-140503-aaab")
    }

    func testAUniquePrefixResolvesToItsConversation() throws {
        let store = try seed()
        XCTAssertEqual(try store.resolve("20261128"), "20261128-090000-0001")
        XCTAssertEqual(try store.resolve("20261127-140503-aaaa"), "20261127-140503-aaaa")
    }

    func testLastIsTheMostRecentlyUpdated() throws {
        let store = try seed()
        XCTAssertEqual(try store.resolve("last"), "20261127-140503-aaaa")
    }

    func testAnAmbiguousPrefixNamesTheCandidates() throws {
        let store = try seed()
        let expected = StoreError.ambiguous("20261127", ["20261127-140503-aaaa", "20261127-140503-aaab"])
        assertThrows(expected) { () throws(StoreError) in try store.resolve("20261127") }
        XCTAssertEqual(
            expected.description,
            "'20261127' matches 2 conversations (20261127-140503-aaaa, 20261127-140503-aaab); give more of the id")
    }

    func testNothingMatchingIsNotFound() throws {
        let store = try seed()
        assertThrows(.notFound("2027")) { () throws(StoreError) in try store.resolve("2027") }
        assertThrows(.notFound("../20261127")) { () throws(StoreError) in try store.resolve("../20261127") }
        assertThrows(.notFound("")) { () throws(StoreError) in try store.resolve("") }
    }

    func testLastWithNoConversationsIsNotFound() {
        assertThrows(.notFound("last")) { () throws(StoreError) in try makeStore().resolve("last") }
        XCTAssertEqual(StoreError.notFound("last").description, "there are no saved conversations yet")
    }
}
