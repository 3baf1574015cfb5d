import ChatTUI
import Foundation
import XCTest

final class PromptHistoryTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "/prompt-history-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testUpRecallsNewestFirstAndDownComesBackToTheDraft() {
        var history = PromptHistory(entries: ["first", "second", "third"])
        XCTAssertNil(history.next(), "nothing below the draft")
        XCTAssertEqual(history.previous(current: "half-typed"), "third")
        XCTAssertEqual(history.previous(current: "third"), "second")
        XCTAssertEqual(history.previous(current: "second"), "first")
        XCTAssertNil(history.previous(current: "first"), "nothing older")
        XCTAssertEqual(history.next(), "second")
        XCTAssertEqual(history.next(), "third")
        XCTAssertEqual(history.next(), "half-typed")
        XCTAssertNil(history.next())
    }

    func testRecordingEndsRecallAndSkipsAnImmediateRepeat() {
        var history = PromptHistory(entries: ["one"])
        _ = history.previous(current: "")
        history.record("two\nlines")
        history.record("two\nlines")
        XCTAssertEqual(history.entries, ["one", "two\nlines"])
        XCTAssertEqual(history.previous(current: ""), "two\nlines")
    }

    func testAnEmptyHistoryRecallsNothing() {
        var history = PromptHistory()
        XCTAssertNil(history.previous(current: "draft"))
        XCTAssertNil(history.next())
    }

    func testSavedHistoryLoadsBackPrivately() throws {
        let path = directory + "/nested/prompt-history.json"
        var history = PromptHistory()
        history.record("你好 👨‍👩‍👧")
        history.record("line one\nline two")
        try history.save(to: path)
        XCTAssertEqual(PromptHistory.load(from: path).entries, ["你好 👨‍👩‍👧", "line one\nline two"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/nested")
        XCTAssertEqual(leftovers, ["prompt-history.json"], "no temporary file is left")
    }

    func testOnlyTheNewestThousandAreKept() throws {
        var history = PromptHistory(entries: (1...1_005).map { "prompt \($0)" })
        XCTAssertEqual(history.entries.count, PromptHistory.limit)
        XCTAssertEqual(history.entries.first, "prompt 6")
        history.record("newest")
        XCTAssertEqual(history.entries.count, PromptHistory.limit)
        XCTAssertEqual(history.entries.first, "prompt 7")
        let path = directory + "/prompt-history.json"
        try history.save(to: path)
        XCTAssertEqual(PromptHistory.load(from: path).entries.last, "newest")
    }

    func testTheFileKeepsTheNewestPromptsThatFitAndSkipsOneTooLargeAlone() throws {
        let half = String(repeating: "x", count: PromptHistory.fileByteLimit / 2)
        let tooLarge = String(repeating: "y", count: PromptHistory.fileByteLimit + 1)
        var history = PromptHistory()
        for prompt in ["oldest", half, "middle", half + "2", "newest", tooLarge] { history.record(prompt) }
        let path = directory + "/prompt-history.json"
        try history.save(to: path)
        XCTAssertEqual(PromptHistory.load(from: path).entries, ["middle", half + "2", "newest"])
        XCTAssertEqual(history.previous(current: ""), tooLarge, "recalled in this run all the same")
    }

    func testACorruptOrMissingFileGivesAnEmptyHistory() throws {
        let path = directory + "/prompt-history.json"
        XCTAssertEqual(PromptHistory.load(from: path).entries, [])
        try Data("{\"not\": \"an array\"".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(PromptHistory.load(from: path).entries, [])
        try Data([0xFF, 0x00, 0x12]).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(PromptHistory.load(from: path).entries, [])
    }
}
