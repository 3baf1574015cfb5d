import ChatTUI
import XCTest

final class InputEditorTests: ChatTUITestCase {
    private let ctrlA = Key.ctrl("a")
    private let ctrlB = Key.ctrl("b")
    private let ctrlD = Key.ctrl("d")
    private let ctrlE = Key.ctrl("e")
    private let ctrlF = Key.ctrl("f")
    private let ctrlJ = Key.ctrl("j")
    private let ctrlK = Key.ctrl("k")
    private let ctrlU = Key.ctrl("u")
    private let ctrlW = Key.ctrl("w")
    private let ctrlX = Key.ctrl("x")
    private let ctrlY = Key.ctrl("y")
    private let undo = Key.ctrl("_")

    /// An editor holding `text` with the cursor where "|" is.
    private func editor(_ marked: String) -> InputEditor {
        let parts = marked.components(separatedBy: "|")
        var editor = InputEditor(text: parts.joined())
        for _ in 0..<parts.dropFirst().joined().count { _ = editor.handle(.left) }
        return editor
    }

    /// The text with "|" at the cursor.
    private func marked(_ editor: InputEditor) -> String {
        var characters = Array(editor.text)
        characters.insert("|", at: editor.cursor)
        return String(characters)
    }

    private func press(_ keys: Key..., on editor: inout InputEditor) {
        for key in keys { _ = editor.handle(key) }
    }

    // MARK: Typing and deleting

    func testTypingInsertsAtTheCursorByGrapheme() {
        var input = editor("ab|cd")
        press(.text("X"), on: &input)
        XCTAssertEqual(marked(input), "abX|cd")
        input = editor("你|好")
        press(.text("👨‍👩‍👧"), .text("e"), .text("\u{301}"), on: &input)
        XCTAssertEqual(marked(input), "你👨‍👩‍👧e\u{301}|好")
    }

    func testBackspaceAndDeleteRemoveWholeGraphemes() {
        var input = editor("a👨‍👩‍👧|🇫🇷b")
        press(.backspace, on: &input)
        XCTAssertEqual(marked(input), "a|🇫🇷b")
        press(.delete, on: &input)
        XCTAssertEqual(marked(input), "a|b")
        input = editor("e\u{301}|你")
        press(.ctrl("d"), on: &input)
        XCTAssertEqual(marked(input), "e\u{301}|")
        press(.backspace, on: &input)
        XCTAssertEqual(marked(input), "|")
        XCTAssertEqual(input.handle(.backspace), .ignored)
    }

    func testCtrlDDeletesForwardButOnAnEmptyDraftAsksToQuit() {
        var input = editor("a|b")
        XCTAssertEqual(input.handle(ctrlD), .edited)
        XCTAssertEqual(marked(input), "a|")
        XCTAssertEqual(input.handle(ctrlD), .ignored)
        var blank = InputEditor()
        XCTAssertEqual(blank.handle(.delete), .ignored)
        XCTAssertEqual(blank.handle(ctrlD), .quitPrompt)
    }

    func testPastedTextKeepsItsNewlinesAndShowsControls() {
        var input = InputEditor()
        input.insert("one\r\ntwo\rthree\nfour\t\u{1B}[2J")
        XCTAssertEqual(input.text, "one\ntwo\nthree\nfour    ␛[2J")
        XCTAssertEqual(input.lines, ["one", "two", "three", "four    ␛[2J"])
    }

    func testABracketedPasteInsertsAtTheCursorWithItsLineBreaksAndNeverSends() {
        var input = editor("before |after")
        XCTAssertEqual(input.handle(.paste("one\rtwo\r\nthree\nfour\r")), .edited)
        XCTAssertEqual(marked(input), "before one\ntwo\nthree\nfour\n|after")
    }

    func testABracketedPasteShowsControlCharactersAsPlaceholdersAndTabsAsSpaces() {
        var input = InputEditor()
        XCTAssertEqual(
            input.handle(.paste("\u{04}a\u{1B}[31mred\u{07}\tb\u{7F}\u{9B}c")), .edited, "Ctrl-D pasted is text")
        XCTAssertEqual(marked(input), "␄a␛[31mred␇    b␡\u{FFFD}c|")
        XCTAssertFalse(input.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    func testUndoTakesBackAWholePasteInOneStepAndTypingAfterItSeparately() {
        var input = editor("x|")
        press(.paste("a long\rpasted text"), .text("y"), .text("z"), on: &input)
        XCTAssertEqual(marked(input), "xa long\npasted textyz|")
        press(undo, on: &input)
        XCTAssertEqual(marked(input), "xa long\npasted text|")
        press(undo, on: &input)
        XCTAssertEqual(marked(input), "x|")
    }

    func testAPasteJoinsTheGraphemeItLandsNextTo() {
        var input = editor("e|")
        press(.paste("\u{301}🇫"), .paste("🇷"), on: &input)
        XCTAssertEqual(marked(input), "e\u{301}🇫🇷|")
        XCTAssertEqual(input.cursor, 2)
    }

    // MARK: Moving

    func testLeftRightAndCtrlBFStepOverWholeGraphemes() {
        var input = editor("|你👍🏽e\u{301}")
        press(.right, on: &input)
        XCTAssertEqual(input.cursor, 1)
        press(ctrlF, ctrlF, on: &input)
        XCTAssertEqual(input.cursor, 3)
        XCTAssertEqual(input.handle(.right), .ignored)
        press(ctrlB, .left, on: &input)
        XCTAssertEqual(marked(input), "你|👍🏽e\u{301}")
    }

    func testHomeEndAndCtrlAEGoToTheEndsOfTheCurrentLine() {
        var input = editor("first\n你好|世界\nlast")
        press(ctrlA, on: &input)
        XCTAssertEqual(marked(input), "first\n|你好世界\nlast")
        press(ctrlE, on: &input)
        XCTAssertEqual(marked(input), "first\n你好世界|\nlast")
        press(.home, on: &input)
        XCTAssertEqual(input.cursor, 6)
        press(.end, on: &input)
        XCTAssertEqual(input.cursor, 10)
    }

    func testAltBAndAltFMoveByWords() {
        var input = editor("say hello, 世界 👍 now|")
        press(.alt("b"), on: &input)
        XCTAssertEqual(marked(input), "say hello, 世界 👍 |now")
        press(.alt("b"), on: &input)
        XCTAssertEqual(marked(input), "say hello, |世界 👍 now")
        press(.alt("b"), .alt("b"), on: &input)
        XCTAssertEqual(marked(input), "|say hello, 世界 👍 now")
        press(.alt("f"), .alt("f"), on: &input)
        XCTAssertEqual(marked(input), "say hello|, 世界 👍 now")
        press(.alt("f"), on: &input)
        XCTAssertEqual(marked(input), "say hello, 世界| 👍 now")
    }

    // MARK: Up and Down

    func testUpAndDownKeepTheDisplayColumnAcrossWideCharacters() {
        var input = editor("abcdef\n你好世界\nxy\nabcdefgh|")
        press(.left, .left, .left, on: &input)  // column 5 in "abcdefgh"
        press(.up, on: &input)
        XCTAssertEqual(marked(input), "abcdef\n你好世界\nxy|\nabcdefgh", "short line: its end")
        press(.up, on: &input)
        XCTAssertEqual(marked(input), "abcdef\n你好|世界\nxy\nabcdefgh", "column 5 falls inside 世: before it")
        press(.up, on: &input)
        XCTAssertEqual(marked(input), "abcde|f\n你好世界\nxy\nabcdefgh", "the goal column is kept")
        press(.down, .down, .down, on: &input)
        XCTAssertEqual(marked(input), "abcdef\n你好世界\nxy\nabcde|fgh")
    }

    func testUpOnTheFirstLineAndDownOnTheLastAskForHistory() {
        var input = editor("one\ntw|o")
        XCTAssertEqual(input.handle(.down), .recallNext)
        XCTAssertEqual(input.handle(.up), .edited)
        XCTAssertEqual(input.handle(.up), .recallPrevious)
        XCTAssertEqual(marked(input), "on|e\ntwo")
        var empty = InputEditor()
        XCTAssertEqual(empty.handle(.up), .recallPrevious)
        XCTAssertEqual(empty.handle(.down), .recallNext)
    }

    // MARK: Newlines and sending

    func testAltEnterAndCtrlJInsertANewlineAndSendGivesTheWholeDraft() {
        var input = editor("first|")
        press(.altEnter, .text("第二"), ctrlJ, .text("3"), on: &input)
        XCTAssertEqual(input.lines, ["first", "第二", "3"])
        XCTAssertEqual(input.handle(.enter), .ignored, "Enter is the app's: it decides whether the draft may go")
        XCTAssertEqual(input.send(), .send("first\n第二\n3"))
        XCTAssertTrue(input.isEmpty)
        XCTAssertEqual(input.handle(undo), .ignored, "sending leaves nothing to undo")
    }

    func testEnterOnABlankDraftSendsNothing() {
        var input = InputEditor(text: " \n  ")
        XCTAssertEqual(input.send(), .ignored)
        XCTAssertEqual(input.text, " \n  ")
    }

    // MARK: Killing and yanking

    func testCtrlKKillsToTheEndOfTheLineAndAtItsEndTheNewline() {
        var input = editor("ab|c👍🏽\n你好")
        press(ctrlK, on: &input)
        XCTAssertEqual(marked(input), "ab|\n你好")
        press(ctrlK, on: &input)
        XCTAssertEqual(marked(input), "ab|你好")
        XCTAssertEqual(input.killRing, ["c👍🏽\n"], "consecutive kills make one entry")
        press(ctrlE, ctrlY, on: &input)
        XCTAssertEqual(marked(input), "ab你好c👍🏽\n|")
    }

    func testCtrlUKillsToTheStartOfTheLine() {
        var input = editor("keep\nt你e\u{301}|xt")
        press(ctrlU, on: &input)
        XCTAssertEqual(marked(input), "keep\n|xt")
        press(ctrlU, on: &input)
        XCTAssertEqual(marked(input), "keep|xt", "at the start of a line it joins the lines")
        XCTAssertEqual(input.killRing, ["\nt你e\u{301}"], "backward kills are prepended")
    }

    func testCtrlWAndAltBackspaceKillWordsBackwardIntoOneEntry() {
        var input = editor("say 你好 hello-world  |")
        press(ctrlW, on: &input)
        XCTAssertEqual(marked(input), "say 你好 |")
        press(.altBackspace, on: &input)
        XCTAssertEqual(marked(input), "say |")
        XCTAssertEqual(input.killRing, ["你好 hello-world  "])
        input = editor("hello-world|")
        press(.altBackspace, on: &input)
        XCTAssertEqual(marked(input), "hello-|", "Alt-Backspace stops at punctuation")
    }

    func testAltDKillsWordsForwardAndAppends() {
        var input = editor("|go 世界 now")
        press(.alt("d"), .alt("d"), on: &input)
        XCTAssertEqual(marked(input), "| now")
        XCTAssertEqual(input.killRing, ["go 世界"])
    }

    func testAMoveBetweenKillsStartsANewEntryAndAltYRotates() {
        var input = editor("one two three|")
        press(ctrlW, .left, ctrlW, on: &input)
        XCTAssertEqual(input.killRing, ["three", "two"])
        press(ctrlE, ctrlY, on: &input)
        XCTAssertEqual(marked(input), "one  two|")
        press(.alt("y"), on: &input)
        XCTAssertEqual(marked(input), "one  three|")
        press(.alt("y"), on: &input)
        XCTAssertEqual(marked(input), "one  two|")
        XCTAssertEqual(input.handle(.alt("y")), .edited)
        press(.text("!"), on: &input)
        XCTAssertEqual(input.handle(.alt("y")), .ignored, "only right after a yank")
    }

    func testYankWithAnEmptyRingDoesNothing() {
        var input = InputEditor(text: "x")
        XCTAssertEqual(input.handle(ctrlY), .ignored)
    }

    // MARK: Undo

    func testUndoTakesBackARunOfTypingInOneStepAndEachOtherEdit() {
        var input = InputEditor()
        press(.text("hello"), .text(" "), .text("世界"), on: &input)
        press(.left, .backspace, on: &input)
        XCTAssertEqual(input.text, "hello 界")
        press(undo, on: &input)
        XCTAssertEqual(marked(input), "hello 世|界")
        press(undo, on: &input)
        XCTAssertEqual(input.text, "", "the typed run is one step")
        XCTAssertEqual(input.handle(undo), .ignored)
    }

    func testUndoBringsBackKilledTextAndAReplacedDraft() {
        var input = editor("draft 👨‍👩‍👧|")
        press(ctrlW, on: &input)
        input.setText("recalled")
        press(undo, on: &input)
        XCTAssertEqual(input.text, "draft ")
        press(undo, on: &input)
        XCTAssertEqual(marked(input), "draft 👨‍👩‍👧|")
        press(ctrlX, .ctrl("u"), on: &input)
        XCTAssertEqual(input.text, "draft 👨‍👩‍👧", "nothing left: Ctrl-X Ctrl-U is undo too")
    }

    // MARK: Prefix

    func testCtrlXCtrlEAsksForTheExternalEditor() {
        var input = InputEditor(text: "draft")
        XCTAssertEqual(input.handle(ctrlX), .edited)
        XCTAssertTrue(input.isAwaitingPrefix)
        XCTAssertEqual(input.handle(ctrlE), .openEditor)
        XCTAssertFalse(input.isAwaitingPrefix)
        XCTAssertEqual(input.handle(ctrlE), .ignored, "Ctrl-E alone goes to the end of the line")
        press(ctrlX, .text("!"), on: &input)
        XCTAssertEqual(input.text, "draft!", "another key after Ctrl-X does what it does alone")
    }

    // MARK: Rendering

    func testAnEmptyDraftShowsThePlaceholder() {
        let rendered = InputEditor().render(width: 40, maxRows: 5)
        XCTAssertEqual(rendered.rows.count, 1)
        XCTAssertTrue(rendered.rows[0].text.hasPrefix("› Type a message"))
        XCTAssertEqual(rendered.cursorRow, 0)
        XCTAssertEqual(rendered.cursorColumn, 2)
    }

    func testLinesWrapAtTheWidthUnderThePrompt() {
        var input = InputEditor(text: "abcdefgh\n你好世界")
        var rendered = input.render(width: 6, maxRows: 10)
        XCTAssertEqual(rendered.rows.map(\.text), ["› abcd", "  efgh", "  你好", "  世界", "  "])
        XCTAssertEqual(rendered.rows[1].spans.map(\.role), [.inputPrompt, .inputText])
        XCTAssertEqual(rendered.cursorRow, 4, "a full last row puts the cursor on a new one")
        XCTAssertEqual(rendered.cursorColumn, 2)
        _ = input.handle(.left)
        rendered = input.render(width: 6, maxRows: 10)
        XCTAssertEqual(rendered.rows.count, 4)
        XCTAssertEqual(rendered.cursorRow, 3)
        XCTAssertEqual(rendered.cursorColumn, 4)
    }

    func testAWideCharacterThatDoesNotFitStartsTheNextRow() {
        var input = InputEditor(text: "a你好😀e\u{301}")
        _ = input.handle(.left)
        var rendered = input.render(width: 7, maxRows: 10)
        XCTAssertEqual(rendered.rows.map(\.text), ["› a你好", "  😀e\u{301}"])
        XCTAssertEqual(rendered.cursorRow, 1)
        XCTAssertEqual(rendered.cursorColumn, 4)
        rendered = input.render(width: 8, maxRows: 10)
        XCTAssertEqual(rendered.rows.map(\.text), ["› a你好", "  😀e\u{301}"], "6 cells: 😀 still does not fit")
        rendered = input.render(width: 20, maxRows: 10)
        XCTAssertEqual(rendered.rows.map(\.text), ["› a你好😀e\u{301}"])
        XCTAssertEqual(rendered.cursorColumn, 2 + 7)
    }

    /// The input area as wrapping the whole draft gives it: every row, then the window of
    /// `maxRows` rows that ends at the cursor's row (or starts at the top while it is there).
    private func wrappedWhole(_ text: String, cursor: Int, width: Int, maxRows: Int) -> (
        rows: [String], cursorRow: Int, cursorColumn: Int
    ) {
        let graphemes = Array(text)
        let available = width - 2
        var texts = [""]
        var used = 0
        var cursorRow = 0
        var cursorX = 0
        for index in 0...graphemes.count {
            if index == cursor {
                if used >= available {
                    texts.append("")
                    used = 0
                }
                cursorRow = texts.count - 1
                cursorX = used
            }
            guard index < graphemes.count else { break }
            if graphemes[index] == "\n" {
                texts.append("")
                used = 0
                continue
            }
            let w = TextWidth.of(graphemes[index])
            if used + w > available && used > 0 {
                texts.append("")
                used = 0
            }
            texts[texts.count - 1].append(graphemes[index])
            used += w
        }
        let top = max(0, cursorRow - (maxRows - 1))
        let rows = texts[top..<min(texts.count, top + maxRows)].enumerated().map {
            (top + $0.offset == 0 ? "› " : "  ") + $0.element
        }
        return (rows, cursorRow - top, 2 + cursorX)
    }

    func testWrappingOnlyTheLinesShownGivesWhatWrappingTheWholeDraftGives() {
        var generator = SeededGenerator(seed: 11)
        for round in 0..<1_500 {
            let text = TextSamples.random(using: &generator, pieces: Int.random(in: 1...40, using: &generator))
            var input = InputEditor(text: text)
            for _ in 0..<Int.random(in: 0...input.text.count, using: &generator) { _ = input.handle(.left) }
            let width = Int.random(in: 3...14, using: &generator)
            let maxRows = Int.random(in: 1...6, using: &generator)
            let rendered = input.render(width: width, maxRows: maxRows)
            let expected = wrappedWhole(input.text, cursor: input.cursor, width: width, maxRows: maxRows)
            let context = "round \(round): \(input.text.debugDescription) cursor \(input.cursor) at \(width)×\(maxRows)"
            XCTAssertEqual(rendered.rows.map(\.text), expected.rows, context)
            XCTAssertEqual(rendered.cursorRow, expected.cursorRow, context)
            XCTAssertEqual(rendered.cursorColumn, expected.cursorColumn, context)
        }
    }

    func testTheDraftGrowsToMaxRowsThenScrollsToKeepTheCursorVisible() {
        var input = InputEditor(text: (1...6).map { "line \($0)" }.joined(separator: "\n"))
        var rendered = input.render(width: 40, maxRows: 3)
        XCTAssertEqual(rendered.rows.map(\.text), ["  line 4", "  line 5", "  line 6"])
        XCTAssertEqual(rendered.cursorRow, 2)
        for _ in 0..<5 { _ = input.handle(.up) }
        rendered = input.render(width: 40, maxRows: 3)
        XCTAssertEqual(rendered.rows.map(\.text), ["› line 1", "  line 2", "  line 3"])
        XCTAssertEqual(rendered.cursorRow, 0)
        XCTAssertEqual(rendered.cursorColumn, 8)
        input = InputEditor(text: "one\ntwo")
        XCTAssertEqual(input.render(width: 40, maxRows: 3).rows.count, 2, "no taller than the draft")
    }
}
