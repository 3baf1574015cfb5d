import ChatCore
import Foundation
import XCTest

@testable import ChatTUI

final class MarkdownRendererTests: ChatTUITestCase {
    private func render(_ markdown: String, width: Int = 40) -> [StyledLine] {
        MarkdownRenderer.render(markdown, width: width)
    }

    /// The rows drawn on a grid as a terminal would show them.
    @MainActor
    private func grid(_ rows: [StyledLine], width: Int) -> GridSurface {
        let grid = GridSurface(size: TerminalSize(rows: rows.count, columns: width))
        for (index, row) in rows.enumerated() { grid.drawRow(index, row, fill: .plain) }
        return grid
    }

    /// The role of the first span holding `text`.
    private func role(of text: String, in rows: [StyledLine]) -> StyleRole? {
        rows.lazy.flatMap(\.spans).first { $0.text.contains(text) }?.role
    }

    func testAHeadingShowsItsTextInTheHeadingRole() {
        let rows = render("## Getting started ##\nText")
        XCTAssertEqual(rows.map(\.text), ["Getting started", "Text"])
        XCTAssertEqual(rows[0].spans.map(\.role), [.heading])
        XCTAssertEqual(rows[1].spans.map(\.role), [.assistantText])
        XCTAssertEqual(render("#hashtag").map(\.text), ["#hashtag"])
    }

    func testBoldTextLosesItsMarkers() {
        let rows = render("a **bold** and __also__ b")
        XCTAssertEqual(rows.map(\.text), ["a bold and also b"])
        XCTAssertEqual(role(of: "bold", in: rows), .strong)
        XCTAssertEqual(role(of: "also", in: rows), .strong)
        XCTAssertEqual(role(of: " and ", in: rows), .assistantText)
    }

    func testItalicTextLosesItsMarkersButUnderscoresInWordsStay() {
        let rows = render("an *italic* and _this_ but snake_case_name and 2 * 3 * 4")
        XCTAssertEqual(rows.map(\.text), ["an italic and this but snake_case_name", "and 2 * 3 * 4"])
        XCTAssertEqual(role(of: "italic", in: rows), .emphasis)
        XCTAssertEqual(role(of: "this", in: rows), .emphasis)
    }

    func testUnclosedMarkersShowLiterally() {
        XCTAssertEqual(render("**bo").map(\.text), ["**bo"])
        XCTAssertEqual(render("a `b").map(\.text), ["a `b"])
        XCTAssertEqual(render("[text](url").map(\.text), ["[text](url"])
    }

    func testInlineCodeKeepsItsContentAsWritten() {
        let rows = render("run `swift **build**` now")
        XCTAssertEqual(rows.map(\.text), ["run swift **build** now"])
        XCTAssertEqual(role(of: "swift **build**", in: rows), .inlineCode)
    }

    func testALinkShowsItsTextAndTheAddress() {
        let rows = render("see [the docs](https://example.com/a_b) or https://x.org/*y*", width: 80)
        XCTAssertEqual(rows.map(\.text), ["see the docs (https://example.com/a_b) or https://x.org/y"])
        XCTAssertEqual(role(of: "the docs", in: rows), .link)
        XCTAssertEqual(
            render("bare https://example.com/a_b_c here", width: 80).map(\.text),
            ["bare https://example.com/a_b_c here"])
    }

    func testBulletListsHangTheirTextAndNest() {
        let rows = render("- one two three four\n  - nested item text\n* star\n+ plus", width: 14)
        XCTAssertEqual(
            rows.map(\.text),
            ["• one two", "  three four", "  ◦ nested", "    item text", "• star", "• plus"])
    }

    func testNumberedListsKeepTheirNumbersAndHang() {
        let rows = render("1. first item here\n10) tenth item\n  1. inner", width: 13)
        XCTAssertEqual(rows.map(\.text), ["1. first item", "   here", "10) tenth", "    item", "  1. inner"])
    }

    func testAQuoteHasABarOnEveryRow() {
        let rows = render("> quoted words that wrap\n>> deeper", width: 14)
        XCTAssertEqual(rows.map(\.text), ["│ quoted words", "│ that wrap", "│ │ deeper"])
        XCTAssertEqual(Set(rows.flatMap(\.spans).map(\.role)), [.quote])
    }

    func testARuleSpansTheWidth() {
        for rule in ["---", "***", "___", "- - -"] {
            XCTAssertEqual(render("a\n\(rule)\nb", width: 10).map(\.text), ["a", "──────────", "b"], rule)
        }
    }

    @MainActor
    func testATableThatFitsIsAligned() {
        let rows = render("| Name | Size |\n|:-----|-----:|\n| a | 1 |\n| longer | 100 |", width: 40)
        XCTAssertEqual(
            grid(rows, width: 40).lines,
            ["Name   │ Size", "───────┼─────", "a      │    1", "longer │  100"])
        XCTAssertEqual(role(of: "Name", in: rows), .strong)
    }

    func testATableTooWideShowsItsRowsAsWrappedText() {
        let rows = render("| Column one | Column two |\n|---|---|\n| alpha beta | gamma |", width: 16)
        XCTAssertEqual(rows.map(\.text), ["Column one │", "Column two", "alpha beta │", "gamma"])
        XCTAssertEqual(role(of: "│", in: rows), .border)
    }

    func testRulesAndTableSeparatorsAreBorders() {
        XCTAssertEqual(render("a\n---\nb", width: 10)[1].spans.map(\.role), [.border])
        let rows = render("| Name | Size |\n|---|---|\n| a | 1 |", width: 40)
        XCTAssertEqual(role(of: " │ ", in: rows), .border)
        XCTAssertEqual(rows[1].spans.map(\.role), [.border], "the rule under the header")
        XCTAssertEqual(role(of: "a", in: Array(rows[2...])), .assistantText)
    }

    func testPipeLinesWithoutASeparatorAreText() {
        XCTAssertEqual(render("| a | b |\n| c |").map(\.text), ["| a | b |", "| c |"])
    }

    @MainActor
    func testAFencedCodeBlockHasAHeaderAndItsOwnBackground() {
        let rows = render("```swift\nlet x = 1\n\n    indented\n```\nafter", width: 20)
        XCTAssertEqual(
            grid(rows, width: 20).lines,
            ["╭─ swift ───────────", "let x = 1", "", "    indented", "after"])
        XCTAssertEqual(rows[0].spans.map(\.role), [.codeHeader])
        XCTAssertEqual(
            rows[1].spans.map(\.role), [.codeKeyword, .codeBlock, .codePunctuation, .codeNumber, .codeBlock],
            "highlighted, the padding in the block's own role")
        for row in rows[2...3] { XCTAssertEqual(row.spans.map(\.role), [.codeBlock]) }
        for row in rows[1...3] { XCTAssertEqual(TextWidth.of(row.text), 20, "code rows fill the width") }
        XCTAssertEqual(render("~~~\ncode **not bold**\n~~~").map(\.text)[1].trimmingSpaces, "code **not bold**")
    }

    func testALongCodeLineContinuesAfterAMarkInsteadOfWrappingAtSpaces() {
        let rows = render("```\nlet value = compute(alpha, beta)\n```", width: 12)
        XCTAssertEqual(rows.map(\.text), ["╭───────────", "let value = ", "↪ compute(al", "↪ pha, beta)"])
        XCTAssertEqual(rows[2].spans.first?.role, .codeHeader)
        XCTAssertEqual(rows[2].spans.last?.role, .codeBlock)
    }

    func testAnUnclosedFenceRendersAsCode() {
        let rows = render("text\n```py\nprint(1)\n# not a heading", width: 12)
        XCTAssertEqual(rows.map(\.text), ["text", "╭─ py ──────", "print(1)    ", "# not a head", "↪ ing       "])
        XCTAssertEqual(rows[3].spans.last?.role, .codeComment, "# in Python is a comment, not a heading")
    }

    @MainActor
    func testCJKAndEmojiWrapInsideMarkdown() {
        let rows = render("# 你好世界\n- **中文**文本没有空格也要能换行 😀👍🏽\n`日本語`", width: 12)
        let lines = grid(rows, width: 12).lines
        XCTAssertEqual(lines, ["你好世界", "• 中文文本没", "  有空格也要", "  能换行", "  😀👍🏽", "日本語"])
        XCTAssertEqual(role(of: "中文", in: rows), .strong)
        XCTAssertEqual(role(of: "日本語", in: rows), .inlineCode)
        for row in rows { XCTAssertLessThanOrEqual(TextWidth.of(row.text), 12) }
    }

    func testHostileTextNeverReachesTheRowsAsControlCharacters() {
        let hostile =
            "```\u{1B}]0;title\u{7}\nclear\u{1B}[2J\u{9B}31m\tx\u{202E}\n```\n[\u{1B}[31mred](https://e\u{1B}.x/\u{7})"
            + "\n`\u{1B}c` **\u{0}**"
        let rows = render(hostile, width: 30)
        for row in rows {
            for scalar in row.text.unicodeScalars {
                XCTAssertFalse(
                    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value), "\(row.text.debugDescription)")
                XCTAssertFalse((0x202A...0x202E).contains(scalar.value))
            }
        }
        XCTAssertTrue(rows.contains { $0.text.hasPrefix("clear␛[2J\u{FFFD}31m    x") })
    }

    func testNothingIsLostFromOddInput() {
        let odd = "**\n__\n*\n_\n[]()\n[x]\n|\n|-|\n```\n"
        let text = render(odd).map(\.text).joined(separator: "\n")
        for character in "*_[]x" { XCTAssertTrue(text.contains(character), "\(character)") }
    }

    // MARK: - Streaming

    static let reply = """
        # Plan

        Here is **what** we do, with `code` and a [link](https://example.com):

        1. First step, which is long enough to wrap over a row or two
           - a nested point
        2. Second step

        | Tool | Use |
        |------|-----|
        | swift | build |
        | git | commit |

        > A quote to *remember*.

        ```swift
        let greeting = "hello"; let long = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
        \tprint(greeting)
        ```

        ---
        Done: 你好 😀.
        """

    /// `text` cut into word and space tokens, and long tokens into characters, so that prefixes
    /// stop at every kind of place (inside markers, fences and table rows).
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == " " || character == "\n" || current.count >= 4 {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    func testStreamingAtEveryTokenBoundaryEndsWithTheOneShotRows() {
        for width in [12, 30, 80] {
            var text = MarkdownText(width: width)
            var prefix = ""
            for token in Self.tokens(Self.reply) {
                prefix += token
                text.update(prefix, width: width)
                XCTAssertEqual(
                    (0..<text.count).map { text[$0] }, render(prefix, width: width),
                    "\(width) \(prefix.debugDescription)")
            }
            XCTAssertEqual((0..<text.count).map { text[$0] }, render(Self.reply, width: width))
        }
    }

    func testStreamingCharacterByCharacterEndsWithTheOneShotRows() {
        var text = MarkdownText(width: 24)
        var prefix = ""
        for character in Self.reply {
            prefix.append(character)
            text.update(prefix, width: 24)
        }
        XCTAssertEqual((0..<text.count).map { text[$0] }, render(Self.reply, width: 24))
    }

    func testRandomMarkdownStreamedInRandomChunksMatchesTheOneShotRows() {
        let markdown = [
            "**", "*", "_", "`", "```", "~~~", "# ", "- ", "1. ", "> ", "|", "|---|", "[a](b)", "\t", "\u{1B}",
        ]
        var generator = SeededGenerator(seed: 7)
        for round in 0..<40 {
            var sample = ""
            for _ in 0..<60 {
                sample +=
                    Bool.random(using: &generator)
                    ? markdown.randomElement(using: &generator)! : TextSamples.pieces.randomElement(using: &generator)!
            }
            let width = Int.random(in: 1...30, using: &generator)
            var text = MarkdownText(width: width)
            var prefix = ""
            for chunk in TextSamples.chunks(of: sample, using: &generator) {
                prefix += chunk
                text.update(prefix, width: width)
            }
            let rows = (0..<text.count).map { text[$0] }
            XCTAssertEqual(rows, render(sample, width: width), "round \(round)")
            for row in rows {
                XCTAssertLessThanOrEqual(TextWidth.of(row.text), width, "round \(round) \(row.text.debugDescription)")
            }
        }
    }

    func testCodeRowsDoNotJumpWhenTheFenceCloses() {
        let open = "Intro\n\n```swift\nlet a = 1\nlet b = [1, 2, 3, 4, 5, 6]\n"
        var text = MarkdownText(width: 16)
        text.update(open, width: 16)
        let before = (0..<text.count).map { text[$0] }
        var rows: [StyledLine] = []
        for step in ["`", "``", "```", "```\n", "```\nAfter"] {
            text.update(open + step, width: 16)
            rows = (0..<text.count).map { text[$0] }
            // Every finished row before the fence's last line stays exactly where it was.
            XCTAssertEqual(Array(rows.prefix(before.count - 1)), Array(before.dropLast()), step)
        }
        XCTAssertEqual(Array(rows.prefix(before.count)), before.dropLast() + [StyledLine("After", .assistantText)])
        XCTAssertEqual(rows, render(open + "```\nAfter", width: 16))
    }

    func testFinishedRowsNeverChangeWhileAReplyStreams() {
        let final = render(Self.reply, width: 30)
        var text = MarkdownText(width: 30)
        var prefix = ""
        var finished = 0
        for token in Self.tokens(Self.reply) {
            prefix += token
            text.update(prefix, width: 30)
            let rows = (0..<text.count).map { text[$0] }
            XCTAssertGreaterThanOrEqual(text.finishedCount, finished, "finished rows are never taken back")
            finished = text.finishedCount
            XCTAssertEqual(Array(rows.prefix(finished)), Array(final.prefix(finished)), prefix.debugDescription)
        }
        XCTAssertGreaterThan(finished, final.count - 3)
    }

    func testAWidthChangeOrAnEditRebuilds() {
        var text = MarkdownText(width: 20)
        text.update(Self.reply, width: 20)
        text.update(Self.reply, width: 33)
        XCTAssertEqual((0..<text.count).map { text[$0] }, render(Self.reply, width: 33))
        text.update("# Other", width: 33)
        XCTAssertEqual((0..<text.count).map { text[$0] }.map(\.text), ["Other"])
    }

    func testMeasureStreamingCost() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CHATTERM_MEASURE"] == "1", "set CHATTERM_MEASURE=1")
        var reply = ""
        while Self.tokens(reply).count < 2_000 { reply += Self.reply + "\n\n" }
        let tokens = Array(Self.tokens(reply).prefix(2_000))
        var text = MarkdownText(width: 78)
        var prefix = ""
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for token in tokens {
                prefix += token
                text.update(prefix, width: 78)
            }
        }
        let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
        print(
            "Markdown streaming: \(tokens.count) tokens, \(text.count) rows, \(String(format: "%.1f", micros / Double(tokens.count))) µs per token"
        )
    }
}
