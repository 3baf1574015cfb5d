import XCTest

@testable import ChatTUI

/// Text that streams in is wrapped piece by piece, never again from its start; the rows after
/// every piece must be exactly those of wrapping the text so far from scratch, wherever the
/// pieces end (inside a word, a grapheme, a Markdown marker) and whatever the width.
final class IncrementalWrapTests: ChatTUITestCase {
    /// A paragraph mixing what stresses the wrapper: words, a word longer than any width, CJK
    /// without spaces, emoji sequences, combining marks, runs of spaces.
    private func paragraph(using generator: inout SeededGenerator, pieces: Int) -> String {
        var text = ""
        for _ in 0..<pieces {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: text += String(repeating: "x", count: Int.random(in: 20...90, using: &generator))
            case 1: text += "e\u{301}\u{302}"
            default:
                text += TextSamples.pieces.randomElement(using: &generator)!.replacingOccurrences(of: "\n", with: " ")
            }
        }
        return text
    }

    func testAParagraphWrappedAsItGrowsGivesTheLinesOfWrappingItWhole() {
        var generator = SeededGenerator(seed: 15)
        for round in 0..<60 {
            let text = paragraph(using: &generator, pieces: Int.random(in: 1...80, using: &generator))
            let chunks = TextSamples.chunks(of: text, using: &generator)
            for width in [1, 2, 5, 13, 40] {
                var wrapper = ParagraphWrapper(width: width)
                var decided: [ParagraphWrapper.Line] = []
                // Only the text the wrapper may still read is kept, as a window from `base` on.
                var window = ""
                var base = 0
                var sofar = ""
                for chunk in chunks {
                    sofar += chunk
                    window += chunk
                    wrapper.advance(window[...], base: base, into: &decided)
                    let needed = wrapper.earliestNeeded
                    window = String(Substring(window.utf8.dropFirst(needed - base)))
                    base = needed
                    var rest = wrapper
                    var lines = decided
                    rest.finish(window[...], base: base, into: &lines)
                    XCTAssertEqual(
                        lines, ParagraphWrapper.wrap(sofar[...], width: width),
                        "round \(round) width \(width) \(sofar.debugDescription)")
                }
            }
        }
    }

    func testWrappedTextGivesTheRowsOfAFreshWrapAfterEveryPiece() {
        var generator = SeededGenerator(seed: 16)
        for round in 0..<24 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                text += paragraph(using: &generator, pieces: Int.random(in: 0...50, using: &generator))
                text += ["\n", "\n\n", "\r\n", " \n"].randomElement(using: &generator)!
            }
            // One paragraph long enough that the text read is let go of.
            if round % 8 == 0 { text += String(repeating: "the ", count: 1_500) + "\u{1B}[2J end" }
            let prefix = round % 3 == 0 ? "thinking: " : ""
            let width = [1, 3, 8, 24, 80][round % 5]
            var wrapped = WrappedText(prefix: prefix, width: width)
            var sofar = ""
            for chunk in TextSamples.chunks(of: text, using: &generator) {
                sofar += chunk
                wrapped.update(sofar, width: width)
                XCTAssertEqual(
                    (0..<wrapped.count).map { wrapped[$0] }, Self.rows(prefix + sofar, width: width),
                    "round \(round) width \(width)")
            }
        }
    }

    /// What `WrappedText` shows: the sanitised text wrapped, blank rows at both ends left out.
    private static func rows(_ text: String, width: Int) -> [String] {
        let rows = LineWrapper.wrap(Sanitizer.displayText(text), width: width)
        let first = rows.firstIndex { !$0.isEmpty } ?? rows.count
        let last = rows.lastIndex { !$0.isEmpty } ?? -1
        return first <= last ? Array(rows[first...last]) : []
    }

    /// Markdown lines of every kind, some far longer than `MarkdownInline.longestSpan`, with
    /// markers that close late or never.
    private func markdown(using generator: inout SeededGenerator) -> String {
        let starts = ["", "", "", "# ", "### ", "- ", "  * ", "12. ", "> ", "> > - ", "    ", "|", "---", "```", "~~~"]
        let inline = [
            "**", "*", "_", "`", "``", "[a](b)", "[link](https://example.com/x)", "\\*", "a_b_c", " _x_ ", "\t",
            "\u{1B}", "\u{9B}", " #", " ##",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            var line = starts.randomElement(using: &generator)!
            if Int.random(in: 0..<6, using: &generator) == 0 {
                // A fence's closing line, which streams in mark by mark.
                text += line == "~~~" ? "~~~\n" : "```\n"
                continue
            }
            let long = Int.random(in: 0..<8, using: &generator) == 0
            for _ in 0..<(long ? 300 : Int.random(in: 0...30, using: &generator)) {
                line +=
                    Int.random(in: 0..<4, using: &generator) == 0
                    ? inline.randomElement(using: &generator)!
                    : TextSamples.pieces.randomElement(using: &generator)!.replacingOccurrences(of: "\n", with: " ")
            }
            text += line + "\n"
        }
        return Bool.random(using: &generator) ? String(text.dropLast()) : text
    }

    func testMarkdownGivesTheRowsOfAOneShotRenderAfterEveryPiece() {
        var generator = SeededGenerator(seed: 17)
        for round in 0..<25 {
            let text = markdown(using: &generator)
            let width = [1, 2, 7, 24, 60][round % 5]
            var rendered = MarkdownText(width: width)
            var sofar = ""
            for chunk in TextSamples.chunks(of: text, using: &generator) {
                sofar += chunk
                rendered.update(sofar, width: width)
                XCTAssertEqual(
                    (0..<rendered.count).map { rendered[$0] }, MarkdownRenderer.render(sofar, width: width),
                    "round \(round) width \(width) \(sofar.suffix(80).debugDescription)")
            }
        }
    }

    /// A code line, a heading (whose closing `#`s come and go as it grows), a quote and a list
    /// item, each one line of thousands of pieces.
    func testLongLinesOfEveryKindGrowLikeTheirOneShotRender() {
        let pieces = ["let ", "x", " = ", "[1, ", "2]", " ##", "; ", "你好", "e\u{301}", "\t", "  ", "#"]
        for opening in ["```swift\n", "# ", "> ", "1. ", "    ", "|"] {
            var text = MarkdownText(width: 30)
            var sofar = opening
            for index in 0..<3_000 {
                sofar += pieces[index % pieces.count]
                text.update(sofar, width: 30)
                guard index % 97 == 0 || index % pieces.count == 5 else { continue }
                XCTAssertEqual(
                    (0..<text.count).map { text[$0] }, MarkdownRenderer.render(sofar, width: 30),
                    "\(opening.debugDescription) \(index)")
            }
        }
    }
}
