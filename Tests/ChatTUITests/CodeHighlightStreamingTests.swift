import Foundation
import XCTest

@testable import ChatTUI

/// Highlighted code blocks as a reply streams: the rows of the finished reply are those of the
/// reply rendered whole, and a finished row never changes.
final class CodeHighlightStreamingTests: XCTestCase {
    /// Every language's sample in a fence, with prose around, plus one block without a language.
    private static let replies: [String] =
        CodeSamples.lines.map { language, lines in
            "Here is \(language.name):\n\n```\(language.name)\n" + lines.joined(separator: "\n") + "\n```\nDone.\n"
        } + [
            "Guess:\n\n```\n\n#!/usr/bin/env python3\nprint('hi')  # x\n```\n", "~~~py\n  x = '''a\nb''' # open",
            "```diff\n-old\n+", "```html\n<p>a <", "```c\nint x = a /", "```\ndef f", "```rust\nlet c = '",
        ]

    /// `text` cut into tokens as a model sends them: words with the spaces before them,
    /// punctuation and line breaks on their own.
    private func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            let isWord = character.isLetter || character.isNumber || character == "_"
            if !current.isEmpty && (!isWord || !(current.last!.isLetter || current.last!.isNumber)) && current != " " {
                tokens.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    func testEveryLanguagesSampleStreamedTokenByTokenEndsAsItRendersWhole() {
        for width in [80, 17] {
            for reply in Self.replies {
                var text = MarkdownText(width: width)
                var raw = ""
                var finished: [StyledLine] = []
                for token in tokens(reply) {
                    raw += token
                    text.update(raw, width: width)
                    let rows = (0..<text.count).map { text[$0] }
                    XCTAssertEqual(Array(rows.prefix(finished.count)), finished, "a finished row changed: \(raw)")
                    finished = Array(rows.prefix(text.finishedCount))
                }
                XCTAssertEqual((0..<text.count).map { text[$0] }, MarkdownRenderer.render(raw, width: width), reply)
            }
        }
    }

    func testARenderedBlockIsColouredByItsFenceLanguage() {
        let rows = MarkdownRenderer.render("```python\ndef f():\n    return 'x'  # y\n```", width: 40)
        let roles = rows.flatMap(\.spans).filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        let byText = Dictionary(roles.map { ($0.text.trimmingCharacters(in: .whitespaces), $0.role) }) { a, _ in a }
        XCTAssertEqual(byText["def"], .codeKeyword)
        XCTAssertEqual(byText["return"], .codeKeyword)
        XCTAssertEqual(byText["'x'"], .codeString)
        XCTAssertEqual(byText["# y"], .codeComment)
        for row in rows.dropFirst() { XCTAssertEqual(TextWidth.of(row.text), 40, "code rows still fill the width") }
    }

    func testACodeLineThatGrowsIsNotLexedFromItsStart() {
        // A settled prefix is kept: feeding a long line a byte at a time leaves all but the
        // word being written settled.
        var line = CodeLineHighlighter(.lexing(.python, .code))
        for byte in ("x = " + String(repeating: "a + ", count: 500) + "tail").utf8 {
            line.append([byte], complete: false)
        }
        XCTAssertEqual(line.settled, 4 + 2000, "only the last word is still open")
    }
}
