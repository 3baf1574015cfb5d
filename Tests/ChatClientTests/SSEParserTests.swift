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
}
