import ChatCore
import Glibc
import XCTest

/// Base class for ChatTUI tests: sets a UTF-8 locale, without which glibc's `wcwidth` measures
/// every non-ASCII character as unprintable.
class ChatTUITestCase: XCTestCase {
    override func setUp() {
        super.setUp()
        setlocale(LC_ALL, "C.UTF-8")
    }
}

/// A small deterministic generator so property tests fail the same way every run.
typealias SeededGenerator = SplitMix64

/// Random text mixing what real replies hold: ASCII words, CJK runs, emoji (ZWJ sequences,
/// flags, skin tones), combining marks, runs of spaces and newlines.
enum TextSamples {
    static let pieces: [String] = [
        "the", "quick", "brown", "fox", "a", "supercalifragilisticexpialidocious", "x", "hello,", "world.",
        "你好", "世界", "中文文本没有空格也要能换行", "。", "，", "日本語", "한국어",
        "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "🇺🇸🇯🇵", "e\u{301}", "a\u{308}\u{304}", "🏳️‍🌈",
        " ", "  ", "   ", "\n", "\n\n", " \n ",
    ]

    static func random(using generator: inout SeededGenerator, pieces count: Int) -> String {
        var text = ""
        for _ in 0..<count { text += pieces.randomElement(using: &generator)! }
        return text
    }

    /// `text` cut into chunks at random scalar boundaries, as a stream may deliver it (a chunk
    /// can end inside a grapheme).
    static func chunks(of text: String, using generator: inout SeededGenerator) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var chunks: [String] = []
        var index = 0
        while index < scalars.count {
            let length = Int.random(in: 1...12, using: &generator)
            let end = min(scalars.count, index + length)
            var chunk = ""
            chunk.unicodeScalars.append(contentsOf: scalars[index..<end])
            chunks.append(chunk)
            index = end
        }
        return chunks
    }
}
