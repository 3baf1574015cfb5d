import XCTest

@testable import ChatTUI

final class GraphemeEditTests: XCTestCase {
    /// Pieces whose graphemes depend on their neighbours: halves of flags, combining marks, ZWJ,
    /// a prepended mark, Hangul jamo, an Indic conjunct, CR and LF.
    private static let joiners = [
        "\u{1F1EB}", "\u{1F1F7}", "\u{1F1E9}", "\u{301}", "\u{200D}", "👩", "\u{600}", "\u{1100}", "\u{1161}",
        "\u{11A8}", "क", "\u{94D}", "ष", "\r", "\n", "a", "你", "👍", "\u{1F3FD}", "\u{FE0F}",
    ]

    private func randomText(_ generator: inout SeededGenerator, pieces: Int) -> String {
        var text = ""
        for _ in 0..<pieces {
            text +=
                Bool.random(using: &generator)
                ? Self.joiners.randomElement(using: &generator)!
                : TextSamples.pieces.randomElement(using: &generator)!
        }
        return text
    }

    func testEditingAroundTheEditGivesWhatSegmentingTheWholeTextGives() {
        var generator = SeededGenerator(seed: 6)
        for round in 0..<5_000 {
            let original = Array(randomText(&generator, pieces: Int.random(in: 0...12, using: &generator)))
            let lower = Int.random(in: 0...original.count, using: &generator)
            let upper = Int.random(in: lower...min(original.count, lower + 3), using: &generator)
            let replacement = randomText(&generator, pieces: Int.random(in: 0...3, using: &generator))

            var edited = original
            let cursor = GraphemeEdit.replace(&edited, lower..<upper, with: replacement)

            let before = String(original[..<lower]) + replacement
            let expected = Array(before + String(original[upper...]))
            var expectedCursor = 0
            var covered = 0
            while expectedCursor < expected.count && covered < before.utf8.count {
                covered += expected[expectedCursor].utf8.count
                expectedCursor += 1
            }
            let context =
                "round \(round): \(String(original).debugDescription) [\(lower)..<\(upper)] ← \(replacement.debugDescription)"
            XCTAssertEqual(edited.map { Array($0.unicodeScalars) }, expected.map { Array($0.unicodeScalars) }, context)
            XCTAssertEqual(cursor, expectedCursor, context)
        }
    }
}
