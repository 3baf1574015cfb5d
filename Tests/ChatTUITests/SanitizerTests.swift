import ChatTUI
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
        let neighbours = "\u{A0}\u{2029}\u{202F}\u{2065}\u{206A}"
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
