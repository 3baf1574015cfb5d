import ChatCore
import ChatStore
import Foundation
import XCTest

/// A file this version cannot read is reported with its path and the reason, listed as a
/// problem without stopping the list, never changed, and never overwritten.
final class CorruptFileTests: StoreTestCase {
    private func path(_ id: String) -> String { conversationsPath + "/\(id).json" }

    /// The reason `load` gives for the file of `id`, after checking that the error names the path.
    private func reason(_ id: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let error = thrownError(file: file, line: line) { () throws(StoreError) in try makeStore().load(id: id) }
        guard case .corrupt(let errorPath, let reason) = error else {
            XCTFail("expected corrupt, got \(String(describing: error))", file: file, line: line)
            return ""
        }
        XCTAssertEqual(errorPath, path(id), file: file, line: line)
        return reason
    }

    func testATruncatedFileSaysItEndsInTheMiddle() throws {
        let store = makeStore()
        try store.save(Fixture.everyField(id: "cut"))
        let whole = try bytes(at: path("cut"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path("cut")))
        XCTAssertTrue(reason("cut").contains("ends in the middle"), reason("cut"))
    }

    func testTextThatIsNotJSONSaysWhere() throws {
        try writeFile(
            id: "notjson", "{\n  \"format\": \"chatterm.conversation\",\n  \"version\": 1,\n  \"id\": oops\n}\n")
        XCTAssertEqual(reason("notjson"), "it is not valid JSON at line 4, column 9")
        try writeFile(id: "prose", "Dear diary,")
        XCTAssertEqual(reason("prose"), "it is not valid JSON at line 1, column 1")
        try writeFile(id: "empty", "")
        XCTAssertEqual(reason("empty"), "the file is empty")
    }

    func testAnotherFormatIsNamed() throws {
        try writeFile(id: "other", #"{"format": "someone.else", "version": 1}"#)
        XCTAssertEqual(reason("other"), #"its format is "someone.else", not "chatterm.conversation""#)
        try writeFile(id: "noformat", #"{"id": "noformat"}"#)
        XCTAssertEqual(reason("noformat"), #"it has no "format" field, so it is not a chatterm conversation"#)
        try writeFile(id: "array", "[1, 2]")
        XCTAssertEqual(reason("array"), "it is JSON, but not a JSON object")
    }

    func testAMissingOrMistypedFieldIsNamedWithItsPlace() throws {
        let valid = Fixture.everyField(id: "fields")
        try makeStore().save(valid)
        var json = try jsonObject(at: path("fields"))
        var messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        messages[2]["role"] = nil
        json["messages"] = messages
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path("fields")))
        XCTAssertEqual(reason("fields"), "field messages[2].role is missing")

        messages[2]["role"] = "assistant"
        messages[1]["createdAt"] = "yesterday"
        json["messages"] = messages
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path("fields")))
        XCTAssertTrue(reason("fields").hasPrefix("field messages[1].createdAt is invalid"), reason("fields"))

        json["id"] = 42
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path("fields")))
        XCTAssertEqual(reason("fields"), "field id has the wrong type")
    }

    func testANewerVersionIsRefusedByNameAndNeverOverwritten() throws {
        let newer = #"{"format": "chatterm.conversation", "version": 3, "id": "newer", "shape": "unknown"}"#
        try writeFile(id: "newer", newer)
        let store = makeStore()
        let expected = StoreError.newerVersion(path: path("newer"), version: 3)
        assertThrows(expected) { () throws(StoreError) in try store.load(id: "newer") }
        XCTAssertEqual(
            expected.description,
            "\(path("newer")) was written by a newer chatterm (format version 3; this one reads up to version 2); "
                + "not opened, and never rewritten.")
        assertThrows(expected) { () throws(StoreError) in try store.save(Fixture.simple(id: "newer")) }
        XCTAssertEqual(try text(at: path("newer")), newer)
        XCTAssertEqual(store.list().problems, [expected])
    }

    func testACorruptFileIsNeverOverwritten() throws {
        try writeFile(id: "broken", "{\"format\": \"chatterm.conversation\", \"version\": 1, \"id\": \"bro")
        let before = try bytes(at: path("broken"))
        let error = thrownError { () throws(StoreError) in try makeStore().save(Fixture.simple(id: "broken")) }
        guard case .corrupt(path("broken"), _) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(try bytes(at: path("broken")), before)
    }

    func testAFileDamagedAfterThisStoreWroteItIsCheckedAgain() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "damaged"))
        try writeFile(id: "damaged", "garbage")
        let error = thrownError { () throws(StoreError) in try store.save(Fixture.simple(id: "damaged")) }
        guard case .corrupt = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(try text(at: path("damaged")), "garbage")
    }

    func testListingReportsEachBadFileAndListsTheRestWithoutChangingAnything() throws {
        let store = makeStore()
        try store.save(Fixture.simple(id: "good1", updated: "2026-11-27T10:00:00.000Z"))
        try store.save(Fixture.simple(id: "good2", updated: "2026-11-27T11:00:00.000Z"))
        try writeFile(id: "bad", "<html>502 Bad Gateway</html>")
        try writeFile(id: "newer", #"{"format": "chatterm.conversation", "version": 7}"#)
        let before = try [bytes(at: path("bad")), bytes(at: path("newer"))]

        let (summaries, problems) = store.list()

        XCTAssertEqual(summaries.map(\.id), ["good2", "good1"])
        XCTAssertEqual(
            problems,
            [
                .corrupt(path: path("bad"), reason: "it is not valid JSON at line 1, column 1"),
                .newerVersion(path: path("newer"), version: 7),
            ])
        XCTAssertEqual(try [bytes(at: path("bad")), bytes(at: path("newer"))], before)
        XCTAssertTrue(problems[0].description.contains(path("bad")))
        XCTAssertEqual(store.search("hello").problems.count, 2, "a search reports them too")
    }
}
