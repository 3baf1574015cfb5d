import ChatCore
import ChatTUI
import Foundation
import XCTest

final class SanitizerTests: ChatTUITestCase {
    func testEscapeSequencesBecomeVisiblePlaceholders() {
        XCTAssertEqual(Sanitizer.displayText("\u{1B}[2J"), "␛[2J")
        XCTAssertEqual(Sanitizer.displayText("\u{9B}31m"), "\u{FFFD}31m")
    }

    func testC0ControlsBecomeControlPicturesExceptNewlineAndCarriageReturn() {
        XCTAssertEqual(Sanitizer.displayText("a\r\nb"), "a\nb")
        XCTAssertEqual(Sanitizer.displayText("a\rb"), "ab")
        XCTAssertEqual(Sanitizer.displayText("\u{0}\u{7}\u{8}"), "␀␇␈")
        XCTAssertEqual(Sanitizer.displayText("del\u{7F}"), "del␡")
    }

    func testTabsBecomeFourSpaces() {
        XCTAssertEqual(Sanitizer.displayText("a\tb"), "a    b")
    }

    func testBidiOverridesAndIsolatesAreNeutralised() {
        XCTAssertEqual(Sanitizer.displayText("a\u{202E}b\u{2066}c\u{2069}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        XCTAssertEqual(
            Sanitizer.displayText("\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}"),
            String(repeating: "\u{FFFD}", count: 6))
    }

    func testCleanTextIsReturnedUnchanged() {
        let text = "Hello, 世界 👨‍👩‍👧 e\u{301}\nnext line ‘quoted’ — “dash” \u{2028}"
        XCTAssertEqual(Sanitizer.displayText(text), text)
        // Neighbours of the replaced ranges are left alone.
        let neighbours = "\u{A0}\u{2029}\u{202F}\u{2065}\u{FE0F}\u{FE00}\u{2010}"
        XCTAssertEqual(Sanitizer.displayText(neighbours), neighbours)
    }

    func testNoControlCharacterSurvives() {
        var all = ""
        for value in 0..<0x100 { all.unicodeScalars.append(Unicode.Scalar(value)!) }
        let clean = Sanitizer.displayText(all)
        for scalar in clean.unicodeScalars where scalar != "\n" {
            XCTAssertFalse(scalar.properties.generalCategory == .control, "U+\(String(scalar.value, radix: 16))")
        }
    }

    func testSanitisingChunksGivesTheSameAsSanitisingTheWhole() {
        let chunks = ["ab\u{1B}", "[2J\r", "\ncd\u{9B}\t", "\u{202E}x"]
        XCTAssertEqual(chunks.map(Sanitizer.displayText).joined(), Sanitizer.displayText(chunks.joined()))
    }

    func testSingleLineTextAlsoFlattensNewlines() {
        XCTAssertEqual(Sanitizer.singleLineText("bad\ngateway\r\n"), "bad gateway ")
    }
}

extension SanitizerTests {
    func testEveryScalarTheSanitiserReplacesIsOneTheSurfaceWouldDrop() {
        for value in UInt32(0)...0x2100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let shown = Sanitizer.displayText(String(scalar))
            XCTAssertFalse(shown.unicodeScalars.contains { Sanitizer.isUnsafe($0) && $0 != "\n" }, "U+\(value)")
            if Sanitizer.isUnsafe(scalar) && scalar != "\n" {
                XCTAssertNotEqual(shown, String(scalar), "U+\(String(value, radix: 16)) passes the sanitiser")
            }
        }
        for scalar in ["\u{202E}", "\u{2067}", "\u{9B}", "\u{1B}"] as [Unicode.Scalar] {
            XCTAssertTrue(Sanitizer.isUnsafe(scalar))
        }
    }
}

extension SanitizerTests {
    /// Hostile strings a model or a server could send, each split at every scalar boundary as
    /// a stream could deliver it (so a lone ESC ends a chunk): no ESC, C1 control or bidi
    /// control survives, and chunked output equals whole output.
    func testHostileCorpusLeavesNoControlInAnySplit() {
        let corpus = [
            "\u{1B}]0;window title\u{07}", "\u{1B}]2;title\u{1B}\\", "\u{1B}]52;c;cHduZWQ=\u{07}",
            "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", "\u{1B}[2J\u{1B}[H", "\u{1B}[?1049h",
            "\u{1B}[?1049l", "\u{1B}P+q544e\u{1B}\\", "\u{1B}_apc\u{1B}\\", "\u{1B}^pm\u{1B}\\", "\u{9B}31m",
            "\u{9D}0;t\u{9C}", "\u{90}dcs\u{9C}", "abc\u{202E}fed\u{202C}", "\u{2066}\u{2067}\u{2068}\u{2069}",
            "\u{1B}",
            "\u{1B}c", "\u{1B}[6n", "\u{1B}[21t", "\u{08}\u{08}\u{7F}",
        ]
        for hostile in corpus {
            let whole = Sanitizer.displayText(hostile)
            XCTAssertFalse(whole.unicodeScalars.contains { Sanitizer.isUnsafe($0) }, hostile.debugDescription)
            let scalars = Array(hostile.unicodeScalars)
            for cut in 0...scalars.count {
                let head = String(String.UnicodeScalarView(scalars[..<cut]))
                let tail = String(String.UnicodeScalarView(scalars[cut...]))
                XCTAssertEqual(
                    Sanitizer.displayText(head) + Sanitizer.displayText(tail), whole,
                    "\(hostile.debugDescription) cut at \(cut)")
            }
        }
    }
}

/// Characters that show nothing and so can hide something (zero-width spaces, stray joiners,
/// bidi marks, tag characters that smuggle ASCII) become visible placeholders; the same
/// characters where a script or an emoji needs them stay.
extension SanitizerTests {
    func testInvisibleCharactersBecomePlaceholders() {
        XCTAssertEqual(Sanitizer.displayText("pay\u{200B}pal"), "pay\u{FFFD}pal")
        XCTAssertEqual(Sanitizer.displayText("a\u{2060}b\u{FEFF}c\u{180E}d"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
        XCTAssertEqual(
            Sanitizer.displayText("x\u{2061}\u{206A}\u{206F}\u{FFF9}"), "x" + String(repeating: "\u{FFFD}", count: 4))
        XCTAssertEqual(Sanitizer.displayText("\u{200E}a\u{200F}b\u{061C}"), "\u{FFFD}a\u{FFFD}b\u{FFFD}")
    }

    func testAJoinerInsideAnEmojiSequenceOrAScriptStays() {
        for text in [
            "👨\u{200D}👩\u{200D}👧", "👩\u{1F3FD}\u{200D}💻", "👩\u{200D}❤\u{FE0F}\u{200D}👨", "क\u{94D}\u{200D}ष",
            "می\u{200C}خواهم", "❤\u{FE0F}", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ] {
            XCTAssertEqual(Sanitizer.displayText(text), text, text.debugDescription)
            XCTAssertEqual(Sanitizer.singleLineText(text), text, text.debugDescription)
        }
    }

    func testAStrayJoinerOrTagBecomesAPlaceholder() {
        XCTAssertEqual(Sanitizer.displayText("work\u{200D}"), "work\u{FFFD}")
        XCTAssertEqual(Sanitizer.displayText("\u{200C}work"), "\u{FFFD}work")
        XCTAssertEqual(Sanitizer.displayText("👨\u{200D} x"), "👨\u{FFFD} x")
        XCTAssertEqual(Sanitizer.displayText("👨\u{200D}\u{200D}👩"), "👨\u{FFFD}\u{FFFD}👩")
        XCTAssertEqual(
            Sanitizer.displayText("ok\u{E0069}\u{E0067}\u{E006E}"), "ok" + String(repeating: "\u{FFFD}", count: 3),
            "tag characters after text smuggle invisible ASCII")
    }

    func testChunksCutAwayFromJoinersGiveTheSameAsTheWhole() {
        let text = "a\u{200B}b 👨\u{200D}👩 x\u{200D} \u{200E}y"
        let whole = Sanitizer.displayText(text)
        let scalars = Array(text.unicodeScalars)
        for cut in 0...scalars.count {
            let nearJoiner = [cut - 1, cut].contains { scalars.indices.contains($0) && scalars[$0] == "\u{200D}" }
            if nearJoiner { continue }
            let head = String(String.UnicodeScalarView(scalars[..<cut]))
            let tail = String(String.UnicodeScalarView(scalars[cut...]))
            XCTAssertEqual(Sanitizer.displayText(head) + Sanitizer.displayText(tail), whole, "cut at \(cut)")
        }
    }

    /// Property: whatever a string holds, nothing invisible or controlling survives except a
    /// joiner or tag character between neighbours that need it.
    func testNoInvisibleCharacterSurvivesOutsideASequenceThatNeedsIt() {
        var generator = SplitMix64(seed: 7)
        let pool: [Unicode.Scalar] = [
            "a", " ", "é", "👨", "क", "\u{94D}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{202E}",
            "\u{9B}", "\u{1B}", "\u{E0041}", "🏴", "\u{FE0F}",
        ]
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 10) { text.unicodeScalars.append(pool[Int(generator.next() % 17)]) }
            let shown = Array(Sanitizer.displayText(text).unicodeScalars)
            for (index, scalar) in shown.enumerated() {
                XCTAssertFalse(Sanitizer.isUnsafe(scalar) || Sanitizer.isInvisible(scalar), text.debugDescription)
                if scalar == "\u{200C}" || scalar == "\u{200D}" {
                    for neighbour in [index - 1, index + 1] where shown.indices.contains(neighbour) {
                        XCTAssertFalse(shown[neighbour].isASCII, text.debugDescription)
                        XCTAssertNotEqual(shown[neighbour], "\u{FFFD}", text.debugDescription)
                    }
                }
            }
        }
    }
}

/// JSON printed to a terminal: the same JSON, with C1, bidi and invisible characters escaped.
extension SanitizerTests {
    func testJSONEscapesC1BidiAndInvisibleCharactersAndStaysTheSameJSON() throws {
        let value = [
            "title": "a\u{9B}31m\u{9D}0;x\u{9C}\u{202E}evil\u{200B}\u{2066}\u{E0041}\u{7F}\u{2028}", "ok": "漢字 é 🙂",
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        let escaped = Sanitizer.jsonText(json)
        for scalar in escaped.unicodeScalars {
            XCTAssertFalse(
                Sanitizer.isUnsafe(scalar) || Sanitizer.isInvisible(scalar)
                    || (0xE0000...0xE007F).contains(scalar.value),
                "U+\(String(scalar.value, radix: 16))")
        }
        XCTAssertTrue(
            escaped.contains(#"\u009b31m\u009d0;x\u009c\u202eevil\u200b\u2066\udb40\udc41\u007f\u2028"#), escaped)
        XCTAssertTrue(escaped.contains("漢字 é 🙂"), "other text stays as it is")
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8))
        XCTAssertEqual(decoded, value, "the same JSON")
    }

    func testJSONKeepsItsOwnWhiteSpace() {
        XCTAssertEqual(Sanitizer.jsonText("{\n\t\"a\" : 1\r\n}"), "{\n\t\"a\" : 1\r\n}")
    }
}
