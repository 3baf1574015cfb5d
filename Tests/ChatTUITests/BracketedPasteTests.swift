import XCTest

@testable import ChatTUI

final class BracketedPasteTests: XCTestCase {
    private let start: Int32 = 900
    private let end: Int32 = 901

    private func collecting() -> BracketedPaste {
        var paste = BracketedPaste(startCode: start, endCode: end)
        paste.begin()
        return paste
    }

    private func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    func testOnlyTheStartMarkersKeyCodeStartsAPaste() {
        let paste = BracketedPaste(startCode: start, endCode: end)
        XCTAssertTrue(paste.isStart(UInt32(start), isKeyCode: true))
        XCTAssertFalse(paste.isStart(UInt32(start), isKeyCode: false), "the character U+0384 is not the marker")
        XCTAssertFalse(paste.isCollecting)
        XCTAssertFalse(BracketedPaste().isAvailable)
        XCTAssertFalse(BracketedPaste(startCode: start).isStart(UInt32(start), isKeyCode: true), "no end marker")
    }

    func testAPasteSplitOverReadsInsideACharacterAndInsideTheMarkerComesOutWhole() {
        var paste = collecting()
        let text = Array("line one\r\u{1B}x\t你好 👨‍👩‍👧\r".utf8)
        XCTAssertEqual(paste.collect(text[..<12]), [])
        XCTAssertEqual(paste.collect(text[12...] + bytes("line two\u{1B}[20")), [])
        XCTAssertTrue(paste.isCollecting)
        XCTAssertEqual(paste.collect(bytes("1~")), [.paste("line one\r\u{1B}x\t你好 👨‍👩‍👧\rline two")])
        XCTAssertFalse(paste.isCollecting)
    }

    func testKeysTypedBehindAPasteGoBackAndAPasteBehindThemWaitsForThem() {
        var paste = collecting()
        XCTAssertEqual(
            paste.collect(bytes("a\u{1B}[201~x\u{1B}[Ay\u{1B}[200~b\u{1B}[201~z")),
            [.paste("a"), .keys(Array("x\u{1B}[Ay".utf8))])
        XCTAssertFalse(paste.isCollecting)
        XCTAssertEqual(paste.resumeDeferred(), [.paste("b"), .keys(Array("z".utf8))])
        XCTAssertEqual(paste.resumeDeferred(), [], "nothing more deferred")
    }

    func testBackToBackPastesInOneReadComeOutInOrder() {
        var paste = collecting()
        XCTAssertEqual(
            paste.collect(bytes("a\u{1B}[201~\u{1B}[200~b\u{1B}[201~\u{1B}[200~c")), [.paste("a"), .paste("b")])
        XCTAssertTrue(paste.isCollecting)
        XCTAssertEqual(paste.collect(bytes("\u{1B}[201~")), [.paste("c")])
    }

    func testAnEmptyPasteIsEmptyTextAndInvalidUTF8IsReplaced() {
        var paste = collecting()
        XCTAssertEqual(paste.collect(bytes("\u{1B}[201~")), [.paste("")])
        paste.begin()
        XCTAssertEqual(
            paste.collect([0x61, 0xFF, 0x62, 0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E][...]), [.paste("a\u{FFFD}b")])
    }
}
