import XCTest

@testable import ChatTUI

final class ASCIIFallbackTests: ChatTUITestCase {
    func testOwnGlyphsBecomeLookAlikesOfTheSameWidth() {
        XCTAssertEqual(ASCIIFallback.text("╭─ swift ──"), "+- swift --")
        XCTAssertEqual(ASCIIFallback.text("✓ done · 12 tok/s"), "v done . 12 tok/s")
        XCTAssertEqual(ASCIIFallback.text("▸ thought for 3 lines"), "> thought for 3 lines")
        XCTAssertEqual(ASCIIFallback.text("bell␇ esc␛"), "bell^ esc^")
    }

    func testOtherTextBecomesOnePlaceholderPerCell() {
        XCTAssertEqual(ASCIIFallback.text("你好"), "????")
        XCTAssertEqual(ASCIIFallback.text("wörld"), "w?rld")
        XCTAssertEqual(ASCIIFallback.text("e\u{301}"), "?")
        // ncurses measures an emoji with a skin tone as two wide scalars.
        XCTAssertEqual(ASCIIFallback.text("👍🏽 ok"), "???? ok")
    }

    func testTheResultIsASCIIAndAsWideAsTheOriginal() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let text = TextSamples.random(using: &generator, pieces: 12).replacingOccurrences(of: "\n", with: " ")
            let ascii = ASCIIFallback.text(text)
            XCTAssertTrue(ascii.utf8.allSatisfy { $0 < 0x80 }, ascii)
            XCTAssertEqual(TextWidth.of(ascii), TextWidth.of(text), text.debugDescription)
        }
    }
}
