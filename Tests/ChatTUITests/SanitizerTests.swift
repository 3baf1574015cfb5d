import ChatTUI
import XCTest

final class SanitizerTests: ChatTUITestCase {
    func testEscapeSequencesBecomeVisiblePlaceholders() {
        XCTAssertEqual(Sanitizer.displayText("\u{1B}[2J"), "␛[2J")
        XCTAssertEqual(Sanitizer.displayText("\u{9B}31m"), "\u{FFFD}31m")
    }

    func testC0ControlsBecomeControlPicturesExceptNewlineAndCarriageReturn() {
        XCTAssertEqual(Sanitizer.displayText("a\r\nb"), "a\nb")
        XCTAssertEqual(Sanitizer.displayText("a\rb"), "ab")
        XCTAssertEqual(Sanitizer.displayText("\u{0}\u{7}\u{8}"), "␀␇␈")
        XCTAssertEqual(Sanitizer.displayText("del\u{7F}"), "del␡")
    }

    func testTabsBecomeFourSpaces() {
        XCTAssertEqual(Sanitizer.displayText("a\tb"), "a    b")
    }

    func testBidiOverridesAndIsolatesAreNeutralised() {
        XCTAssertEqual(Sanitizer.displayText("a\u{202E}b\u{2066}c\u{2069}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        XCTAssertEqual(
            Sanitizer.displayText("\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}"),
            String(repeating: "\u{FFFD}", count: 6))
    }

    func testCleanTextIsReturnedUnchanged() {
        let text = "Hello, 世界 👨‍👩‍👧 e\u{301}\nnext line ‘quoted’ — “dash” \u{2028}"
        XCTAssertEqual(Sanitizer.displayText(text), text)
        // Neighbours of the replaced ranges are left alone.
        let neighbours = "\u{A0}\u{2029}\u{202F}\u{2065}\u{206A}"
        XCTAssertEqual(Sanitizer.displayText(neighbours), neighbours)
    }

    func testNoControlCharacterSurvives() {
        var all = ""
        for value in 0..<0x100 { all.unicodeScalars.append(Unicode.Scalar(value)!) }
        let clean = Sanitizer.displayText(all)
        for scalar in clean.unicodeScalars where scalar != "\n" {
            XCTAssertFalse(scalar.properties.generalCategory == .control, "U+\(String(scalar.value, radix: 16))")
        }
    }

    func testSanitisingChunksGivesTheSameAsSanitisingTheWhole() {
        let chunks = ["ab\u{1B}", "[2J\r", "\ncd\u{9B}\t", "\u{202E}x"]
        XCTAssertEqual(chunks.map(Sanitizer.displayText).joined(), Sanitizer.displayText(chunks.joined()))
    }

    func testSingleLineTextAlsoFlattensNewlines() {
        XCTAssertEqual(Sanitizer.singleLineText("bad\ngateway\r\n"), "bad gateway ")
    }
}
