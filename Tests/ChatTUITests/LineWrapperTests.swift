import ChatTUI
import XCTest

final class LineWrapperTests: ChatTUITestCase {
    func testWrapsAtSpacesAndDropsTheSpacesAtTheBreak() {
        XCTAssertEqual(LineWrapper.wrap("the quick brown fox", width: 10), ["the quick", "brown fox"])
        XCTAssertEqual(LineWrapper.wrap("aaa     bbb", width: 5), ["aaa", "bbb"])
        XCTAssertEqual(LineWrapper.wrap("two  spaces kept", width: 20), ["two  spaces kept"])
    }

    func testNewlinesBreakLinesAndEmptyParagraphsGiveEmptyLines() {
        XCTAssertEqual(LineWrapper.wrap("a\n\nb", width: 10), ["a", "", "b"])
        XCTAssertEqual(LineWrapper.wrap("", width: 10), [""])
        XCTAssertEqual(LineWrapper.wrap("a\n", width: 10), ["a", ""])
        XCTAssertEqual(LineWrapper.wrap("a\r\nb", width: 10), ["a", "b"])
    }

    func testLeadingIndentationIsKeptWhileItFits() {
        XCTAssertEqual(LineWrapper.wrap("    code()", width: 20), ["    code()"])
        XCTAssertEqual(LineWrapper.wrap("        abcdef", width: 8), ["abcdef"])
    }

    func testAWordLongerThanTheWidthIsBrokenByGrapheme() {
        XCTAssertEqual(LineWrapper.wrap("see abcdefghij", width: 4), ["see", "abcd", "efgh", "ij"])
        XCTAssertEqual(LineWrapper.wrap("e\u{301}e\u{301}e\u{301}", width: 2), ["e\u{301}e\u{301}", "e\u{301}"])
    }

    func testCJKWithoutSpacesWrapsBetweenCharacters() {
        XCTAssertEqual(LineWrapper.wrap("你好世界你好", width: 8), ["你好世界", "你好"])
        XCTAssertEqual(LineWrapper.wrap("你好世界你好", width: 7), ["你好世", "界你好"])
        XCTAssertEqual(LineWrapper.wrap("hi 你好世界", width: 7), ["hi 你好", "世界"])
    }

    func testClosingPunctuationStaysWithTheCharacterBeforeIt() {
        XCTAssertEqual(LineWrapper.wrap("你好世界。", width: 8), ["你好世", "界。"])
    }

    func testAWideCharacterNeverStraddlesTheEdge() {
        let lines = LineWrapper.wrap("ab你好", width: 3)
        XCTAssertEqual(lines, ["ab", "你", "好"])
    }

    func testWrappingNeverSplitsZWJEmojiFlagsOrCombiningMarks() {
        let family = "👨‍👩‍👧"
        let text = "\(family)\(family) 🇫🇷🇫🇷🇫🇷 e\u{301}e\u{301}e\u{301} 👍🏽👍🏽"
        for width in 6...20 {
            let lines = LineWrapper.wrap(text, width: width)
            let graphemes = lines.flatMap { Array($0) }.filter { $0 != " " }
            XCTAssertEqual(graphemes, Array(text).filter { $0 != " " }, "width \(width)")
            for line in lines { XCTAssertLessThanOrEqual(TextWidth.of(line), width) }
        }
    }

    func testTinyWidthsStillTerminate() {
        XCTAssertEqual(LineWrapper.wrap("ab c", width: 1), ["a", "b", "c"])
        XCTAssertEqual(LineWrapper.wrap("ab", width: 0), ["a", "b"])
        XCTAssertEqual(LineWrapper.wrap("你a", width: 1), ["\u{FFFD}", "a"])
    }

    /// Property: over many random texts and every width from 1 to 40, no line is wider than the
    /// width, every grapheme shown is one of the text's (or "�" for one that cannot fit at all),
    /// and nothing but spaces and line breaks is lost.
    func testNoLineEverExceedsTheWidthAndNothingIsLost() {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        for round in 0..<150 {
            let text = TextSamples.random(using: &generator, pieces: Int.random(in: 0...40, using: &generator))
            let graphemes = Set(text)
            for width in 1...40 {
                let lines = LineWrapper.wrap(text, width: width)
                var shown: [Character] = []
                for line in lines {
                    XCTAssertLessThanOrEqual(TextWidth.of(line), width, "round \(round) width \(width): \(line)")
                    for character in line {
                        XCTAssertTrue(
                            graphemes.contains(character) || character == "\u{FFFD}",
                            "round \(round) width \(width): split grapheme in \(line.debugDescription)")
                        if character != " " { shown.append(character) }
                    }
                }
                let expected = text.filter { $0 != " " && $0 != "\n" }.map { character in
                    TextWidth.of(character) > width ? "\u{FFFD}" : character
                }
                XCTAssertEqual(shown, expected, "round \(round) width \(width)")
                XCTAssertGreaterThanOrEqual(lines.count, text.filter { $0 == "\n" }.count + 1)
            }
        }
    }
}
