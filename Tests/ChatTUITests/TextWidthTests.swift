import ChatTUI
import XCTest

final class TextWidthTests: ChatTUITestCase {
    func testASCIIIsOneCellAndControlsAreZero() {
        XCTAssertEqual(TextWidth.of("hello"), 5)
        XCTAssertEqual(TextWidth.of(Character("a")), 1)
        XCTAssertEqual(TextWidth.of(Character("\u{1B}")), 0)
        XCTAssertEqual(TextWidth.of(""), 0)
    }

    func testCJKAndEmojiTakeTwoCells() {
        XCTAssertEqual(TextWidth.of(Character("你")), 2)
        XCTAssertEqual(TextWidth.of("你好世界"), 8)
        XCTAssertEqual(TextWidth.of(Character("😀")), 2)
        XCTAssertEqual(TextWidth.of("a你b"), 4)
    }

    func testCombiningMarksAddNoWidth() {
        XCTAssertEqual(TextWidth.of(Character("e\u{301}")), 1)
        XCTAssertEqual(TextWidth.of("cafe\u{301}"), 4)
    }

    func testAStringMeasuresAsTheSumOfItsGraphemes() {
        let text = "👨‍👩‍👧 🇫🇷 e\u{301} 你 👍🏽"
        XCTAssertEqual(TextWidth.of(text), text.reduce(0) { $0 + TextWidth.of($1) })
        XCTAssertEqual(TextWidth.of(text[...]), TextWidth.of(text))
    }

    func testTruncateCutsWithAnEllipsisAndNeverSplitsAWideCharacter() {
        XCTAssertEqual(TextWidth.truncate("hello world", to: 20), "hello world")
        XCTAssertEqual(TextWidth.truncate("hello world", to: 6), "hello…")
        XCTAssertEqual(TextWidth.truncate("你好世界", to: 6), "你好…")
        XCTAssertEqual(TextWidth.truncate("你好世界", to: 4), "你…")
        XCTAssertEqual(TextWidth.truncate("你好世界", to: 1), "…")
        XCTAssertEqual(TextWidth.truncate("abc", to: 0), "")
        XCTAssertLessThanOrEqual(TextWidth.of(TextWidth.truncate("你好世界", to: 5)), 5)
    }
}
