import ChatCore
import XCTest

@testable import ChatClient

final class SSEParserTests: XCTestCase {
    private func parse(_ chunks: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        return events + parser.finish()
    }

    private func parse(_ text: String) -> [SSEEvent] { parse([Array(text.utf8)]) }

    func testLFFramedEvents() {
        XCTAssertEqual(parse("data: one\n\ndata: two\n\n").map(\.data), ["one", "two"])
    }

    func testCRLFFramedEvents() {
        XCTAssertEqual(parse("data: one\r\n\r\ndata: two\r\n\r\n").map(\.data), ["one", "two"])
    }

    func testCRFramedEvents() {
        XCTAssertEqual(parse("data: one\r\rdata: two\r\r").map(\.data), ["one", "two"])
    }

    func testMixedLineEndings() {
        XCTAssertEqual(parse("data: a\r\n\ndata: b\r\rdata: c\n\r\n").map(\.data), ["a", "b", "c"])
    }

    func testCommentLinesAreSkippedAndCounted() {
        var parser = SSEParser()
        let events = parser.feed(Array(": ping - 2024-01-01 00:00:00\r\n\r\ndata: x\r\n\r\n:\n\n".utf8))
        XCTAssertEqual(events.map(\.data), ["x"])
        XCTAssertEqual(parser.commentCount, 2)
    }

    func testMultiLineDataIsJoinedWithNewlines() {
        XCTAssertEqual(parse("data: first\ndata: second\ndata:\n\n").map(\.data), ["first\nsecond\n"])
    }

    func testSpaceAfterColonIsOptionalAndOnlyOneIsRemoved() {
        XCTAssertEqual(parse("data:{\"a\":1}\n\ndata:  two spaces\n\n").map(\.data), ["{\"a\":1}", " two spaces"])
    }

    func testEventIdAndRetryFields() {
        let events = parse("event: update\nid: 7\nretry: 3000\ndata: x\n\ndata: y\n\n")
        XCTAssertEqual(events[0], SSEEvent(type: "update", data: "x", id: "7", retry: 3000))
        XCTAssertEqual(events[1], SSEEvent(type: "message", data: "y", id: "7", retry: nil))
    }

    func testNonNumericRetryIsIgnored() {
        XCTAssertNil(parse("retry: soon\ndata: x\n\n").first?.retry)
    }

    func testFieldWithoutColonHasEmptyValue() {
        XCTAssertEqual(parse("data\n\n").map(\.data), [""])
    }

    func testUnknownFieldsAreIgnored() {
        XCTAssertEqual(parse("foo: bar\ndata: x\n\n").map(\.data), ["x"])
    }

    func testEventWithoutDataIsNotDispatchedAndResetsType() {
        let events = parse("event: ping\n\ndata: x\n\n")
        XCTAssertEqual(events, [SSEEvent(type: "message", data: "x")])
    }

    func testLeadingBOMIsSkipped() {
        XCTAssertEqual(parse([[0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)]).map(\.data), ["x"])
        XCTAssertEqual(parse([[0xEF], [0xBB], [0xBF], Array("data: y\n\n".utf8)]).map(\.data), ["y"])
    }

    func testOnlyTheFirstBOMIsSkipped() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: b\n\n".utf8)
        let events = parse([bytes])
        XCTAssertEqual(events.map(\.data), ["a"])
    }

    func testDoneWithoutTrailingBlankLineIsDispatchedAtEnd() {
        XCTAssertEqual(parse("data: x\n\ndata: [DONE]").map(\.data), ["x", "[DONE]"])
        XCTAssertEqual(parse("data: x\n\ndata: [DONE]\n").map(\.data), ["x", "[DONE]"])
    }

    func testEmptyBodyGivesNoEvents() {
        XCTAssertEqual(parse(""), [])
    }

    func testEventsAreDispatchedAsSoonAsTheyComplete() {
        var parser = SSEParser()
        XCTAssertEqual(parser.feed(Array("data: a\n".utf8)), [])
        XCTAssertEqual(parser.feed(Array("\n".utf8)).map(\.data), ["a"])
        XCTAssertEqual(parser.feed(Array("data: b\r".utf8)), [])
        XCTAssertEqual(parser.feed(Array("\n".utf8)), [])
        XCTAssertEqual(parser.feed(Array("\r\n".utf8)).map(\.data), ["b"])
    }

    /// Splitting the body at every byte boundary (including inside the multi-byte characters and
    /// between CR and LF) gives the same events as feeding it whole.
    func testSplittingAtEveryByteBoundaryGivesTheSameEvents() {
        let body =
            "\u{FEFF}: ping\r\n\r\nevent: message\r\ndata: {\"content\":\"你好 🚀 é\"}\r\n\r\n"
            + "data: line1\ndata: line2\n\ndata:tail ✨\r\rdata: [DONE]\r\n\r\n"
        let bytes = Array(body.utf8)
        let whole = parse([bytes])
        XCTAssertEqual(whole.map(\.data), ["{\"content\":\"你好 🚀 é\"}", "line1\nline2", "tail ✨", "[DONE]"])
        for split in 0...bytes.count {
            XCTAssertEqual(parse([Array(bytes[..<split]), Array(bytes[split...])]), whole, "split at \(split)")
        }
        XCTAssertEqual(parse(bytes.map { [$0] }), whole, "one byte at a time")
    }

    func testInvalidUTF8BecomesReplacementCharacters() {
        XCTAssertEqual(parse([Array("data: a".utf8) + [0xFF] + Array("b\n\n".utf8)]).map(\.data), ["a\u{FFFD}b"])
    }

    // MARK: Bounds

    private let small = ResponseLimits(lineBytes: 16, eventBytes: 24)

    /// The events and the error of feeding `chunks` to a parser with the small limits.
    private func bounded(_ chunks: [String]) -> (events: [String], error: ChatError?) {
        var parser = SSEParser(limits: small)
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(Array(chunk.utf8)) }
        events += parser.finish()
        return (events.map(\.data), parser.error)
    }

    func testALineAtTheBoundIsReadAndOneByteMoreStopsTheParser() {
        XCTAssertEqual(bounded(["data: 0123456789\n\n"]).events, ["0123456789"])
        let over = bounded(["data: 0123456789A\n\n"])
        XCTAssertEqual(over.events, [])
        XCTAssertEqual(over.error, .malformed("the server sent a line longer than 16 bytes without ending it"))
    }

    func testALineWithoutEndIsStoppedAtTheBoundWhateverTheReads() {
        let result = bounded(["data: a\n\n", "data: 01234", "56789", "ABCDEF", "more and more"])
        XCTAssertEqual(result.events, ["a"], "the event before the endless line is kept")
        XCTAssertEqual(result.error, small.lineTooLong)
    }

    func testCommentsAndOtherFieldsAreBoundedToo() {
        XCTAssertEqual(bounded([": " + String(repeating: "p", count: 20)]).error, small.lineTooLong)
        XCTAssertEqual(bounded(["event: " + String(repeating: "e", count: 20) + "\n"]).error, small.lineTooLong)
    }

    func testDataLinesWithoutABlankLineStopAtTheEventBound() {
        let result = bounded(["data: first\n\n", "data: 0123456789\n", "data: 0123456789\n", "data: 0123456789\n"])
        XCTAssertEqual(result.events, ["first"])
        XCTAssertEqual(result.error, .malformed("the server sent an event larger than 24 bytes without ending it"))
    }

    func testAnEventAtTheBoundIsDispatchedAndOneByteMoreIsNot() {
        // 10 + 1 + 10 + 1 + 2 = 24 bytes, the line breaks between the lines included.
        let lines = "data: 0123456789\ndata: 0123456789\ndata: 12"
        XCTAssertEqual(bounded([lines + "\n\n"]).events, ["0123456789\n0123456789\n12"])
        XCTAssertEqual(bounded([lines + "3\n\n"]).error, small.eventTooLarge)
    }

    func testNothingIsParsedAfterABound() {
        var parser = SSEParser(limits: small)
        _ = parser.feed(Array(String(repeating: "x", count: 17).utf8))
        XCTAssertNotNil(parser.error)
        XCTAssertEqual(parser.feed(Array("\ndata: late\n\n".utf8)), [])
        XCTAssertEqual(parser.finish(), [])
    }

    func testTheStandardBoundsAreFourMebibytes() {
        XCTAssertEqual(ResponseLimits.standard.lineBytes, 4 * 1024 * 1024)
        XCTAssertEqual(ResponseLimits.standard.eventBytes, 4 * 1024 * 1024)
        var parser = SSEParser()
        let line = Array("data: ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 4 * 1024 * 1024 - 6)
        XCTAssertEqual(parser.feed(line + Array("\n\n".utf8)).first?.data.utf8.count, 4 * 1024 * 1024 - 6)
        XCTAssertEqual(parser.feed(line + [UInt8(ascii: "x")]), [])
        XCTAssertEqual(parser.error, .malformed("the server sent a line longer than 4 MiB without ending it"))
    }
}
