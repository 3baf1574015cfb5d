import ChatTUI
import XCTest

final class InputLineTests: ChatTUITestCase {
    func testEditsByGraphemeWithCJKAndEmoji() {
        var input = InputLine()
        input.insert("你好")
        input.insert("👨‍👩‍👧")
        input.insert("🇫🇷")
        XCTAssertEqual(input.cursor, 4)
        input.moveLeft()
        input.moveLeft()
        XCTAssertEqual(input.cursor, 2)
        input.deleteBackward()
        XCTAssertEqual(input.text, "你👨‍👩‍👧🇫🇷")
        input.deleteForward()
        XCTAssertEqual(input.text, "你🇫🇷")
        XCTAssertEqual(input.cursor, 1)
        input.moveToEnd()
        input.deleteBackward()
        XCTAssertEqual(input.text, "你")
    }

    func testCombiningMarksJoinTheCharacterBeforeThem() {
        var input = InputLine()
        input.insert("e")
        input.insert("\u{301}")
        XCTAssertEqual(input.cursor, 1)
        XCTAssertEqual(input.text, "e\u{301}")
        input.deleteBackward()
        XCTAssertTrue(input.isEmpty)
    }

    func testPastedLineBreaksBecomeSpacesAndControlsAreSanitised() {
        var input = InputLine()
        input.insert("one\r\ntwo\nthree\rfour\t\u{1B}[2J")
        XCTAssertEqual(input.text, "one two three four    ␛[2J")
    }

    func testMovingAndDeletingToTheEnds() {
        var input = InputLine(text: "hello world")
        input.moveToStart()
        XCTAssertEqual(input.cursor, 0)
        input.moveLeft()
        XCTAssertEqual(input.cursor, 0)
        input.moveRight()
        input.moveRight()
        input.deleteToStart()
        XCTAssertEqual(input.text, "llo world")
        input.moveRight()
        input.deleteToEnd()
        XCTAssertEqual(input.text, "l")
        XCTAssertTrue(input.isCursorAtEnd)
        input.moveRight()
        XCTAssertEqual(input.cursor, 1)
    }

    func testDeleteWordBackwardRemovesTheWordAndTheSpacesAfterIt() {
        var input = InputLine(text: "say hello  ")
        input.deleteWordBackward()
        XCTAssertEqual(input.text, "say ")
        input.deleteWordBackward()
        XCTAssertEqual(input.text, "")
        input.deleteWordBackward()
        XCTAssertEqual(input.text, "")
    }

    func testTakeReturnsTheTextAndClears() {
        var input = InputLine(text: "question?")
        XCTAssertEqual(input.take(), "question?")
        XCTAssertTrue(input.isEmpty)
        XCTAssertEqual(input.cursor, 0)
    }

    func testRenderShowsThePromptAndTheCursorColumnInCells() {
        var input = InputLine(text: "你好ab")
        var rendered = input.render(width: 40)
        XCTAssertEqual(rendered.line.text, "› 你好ab")
        XCTAssertEqual(rendered.line.spans.map(\.role), [.inputPrompt, .inputText])
        XCTAssertEqual(rendered.cursorColumn, 2 + 6)
        input.moveLeft()
        input.moveLeft()
        input.moveLeft()
        rendered = input.render(width: 40)
        XCTAssertEqual(rendered.cursorColumn, 2 + 2)
    }

    func testRenderShowsAPlaceholderWhenEmpty() {
        let placeholder = "type to search titles, models and text"
        let rendered = InputLine().render(width: 80, placeholder: placeholder)
        XCTAssertEqual(rendered.line.text, "› " + placeholder)
        XCTAssertEqual(rendered.line.spans.last?.role, .dim)
        XCTAssertEqual(rendered.cursorColumn, 2)
        XCTAssertLessThanOrEqual(TextWidth.of(InputLine().render(width: 20, placeholder: placeholder).line.text), 20)
    }

    /// Long text scrolls horizontally: wherever the cursor is, it is on screen, at the start of
    /// a grapheme, and the shown text fits.
    func testLongTextScrollsSoTheCursorIsAlwaysVisibleAndNeverInsideAWideCharacter() {
        var input = InputLine(text: String(repeating: "ab你好😀 ", count: 12))
        let width = 20
        input.moveToEnd()
        while true {
            let rendered = input.render(width: width)
            let shown = rendered.line.spans[1].text
            XCTAssertLessThanOrEqual(TextWidth.of(rendered.line.text), width)
            XCTAssertGreaterThanOrEqual(rendered.cursorColumn, 2)
            XCTAssertLessThan(rendered.cursorColumn, width)
            // The cursor sits on a grapheme boundary of the shown text.
            var column = 2
            var boundaries: Set<Int> = [2]
            for character in shown {
                column += TextWidth.of(character)
                boundaries.insert(column)
            }
            XCTAssertTrue(boundaries.contains(rendered.cursorColumn), "cursor \(input.cursor)")
            if input.cursor == 0 { break }
            input.moveLeft()
        }
    }
}
