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

    func testAFIFOOrAHugeFileGivesAnEmptyHistoryAndSaysWhy() throws {
        let path = directory + "/prompt-history.json"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        // Opening the FIFO to read it would wait for a writer that never comes.
        let (fromFIFO, fifoProblem) = PromptHistory.read(from: path)
        XCTAssertEqual(fromFIFO.entries, [])
        XCTAssertEqual(fifoProblem, "prompt history not read: \(path): it is a FIFO (named pipe), not a regular file")
        XCTAssertEqual(unlink(path), 0)

        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        XCTAssertEqual(truncate(path, 100 << 20), 0)
        let (fromHuge, hugeProblem) = PromptHistory.read(from: path)
        XCTAssertEqual(fromHuge.entries, [])
        XCTAssertEqual(
            hugeProblem,
            "prompt history not read: \(path): it is 100 MiB, more than the 8 MiB chatterm reads from such a file")

        var history = PromptHistory()
        history.record("after")
        try history.save(to: path)
        XCTAssertEqual(PromptHistory.read(from: path).history.entries, ["after"], "replaced by the next save")
        XCTAssertNil(PromptHistory.read(from: path).problem)
        XCTAssertNil(PromptHistory.read(from: directory + "/missing.json").problem, "no file is no problem")
    }

    func testWhatIsSavedReadsBackWhateverItsEscapes() throws {
        // Control characters take six bytes each in JSON (\u0001): counted as such, the file
        // stays within what is read back.
        let escaped = String(repeating: "\u{01}", count: PromptHistory.fileByteLimit / 8)
        var history = PromptHistory()
        for number in 0..<8 { history.record(escaped + "\(number)") }
        let path = directory + "/prompt-history.json"
        try history.save(to: path)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertLessThanOrEqual(size, PromptHistory.fileByteLimit)
        XCTAssertEqual(PromptHistory.load(from: path).entries.last, escaped + "7")
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
