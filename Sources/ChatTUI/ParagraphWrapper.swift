/// Greedy word wrap of one paragraph (text without "\n"): the engine behind `LineWrapper`, also
/// used by `WrappedText` to re-wrap a growing paragraph from the start of its last line only.
///
/// A line is always a contiguous run of the paragraph (only the spaces at a break are left
/// out), so the wrapper keeps indices rather than building strings grapheme by grapheme and
/// copies each line once. It records where each line starts (a UTF-8 offset) so that wrapping
/// can resume there: resuming at the start of any line but the first gives the same lines as a
/// wrap from the paragraph's start, because a line only ends when the word after it does not
/// fit, and text appended to the paragraph can only make that word wider. Every break decision
/// depends on widths that appended text can only increase and on a grapheme's first scalar,
/// which appended text cannot change.
struct ParagraphWrapper {
    /// The lines of `text` (a paragraph, or the rest of one from the start of a line when
    /// `continuing`) and the UTF-8 offset in `text` where each starts. A paragraph gives at
    /// least one line, empty when it has nothing but spaces.
    static func wrap(_ text: Substring, width: Int, continuing: Bool = false) -> (lines: [String], starts: [Int]) {
        var contiguous = text
        // Native strings are contiguous UTF-8: the wrapper reads bytes through a pointer and
        // turns to String indices only for the (rarer) non-ASCII graphemes.
        return contiguous.withUTF8 { bytes in
            var wrapper = ParagraphWrapper(text: text, bytes: bytes, width: width, continuing: continuing)
            wrapper.run()
            return (wrapper.lines, wrapper.starts)
        }
    }

    private let text: Substring
    /// `text`'s UTF-8 bytes; every position below is an offset into them.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let width: Int
    private var lines: [String] = []
    private var starts: [Int] = []

    /// The line being filled is `bytes[lineStart..<lineEnd]`.
    private var lineStart = 0
    private var lineEnd = 0
    private var lineWidth = 0
    private var lineIsEmpty = true
    /// Spaces after the line's text and before the next word: kept between words on a line,
    /// dropped at a break, kept as indentation at the start of the paragraph while they fit.
    private var spacesStart = 0
    private var spacesWidth = 0
    private var hasSpaces = false
    /// The word being read, `bytes[wordStart..<wordEnd]`: placed when a space, a break
    /// opportunity or the end follows.
    private var wordStart = 0
    private var wordEnd = 0
    private var wordWidth = 0
    private var hasWord = false
    /// The word ends in an ideograph (or its closing punctuation), so a break may follow it.
    private var wordBreaksAfter = false
    /// Whether a line of this paragraph has been emitted: leading spaces are indentation only on
    /// the first line.
    private var softBroken: Bool

    private init(text: Substring, bytes: UnsafeBufferPointer<UInt8>, width: Int, continuing: Bool) {
        self.text = text
        self.bytes = bytes
        self.width = max(1, width)
        self.softBroken = continuing
    }

    private mutating func run() {
        var index = 0
        while index < bytes.count {
            let (next, first, width) = grapheme(at: index)
            if first == 0x20 {
                flushWord()
                if !hasSpaces {
                    spacesStart = index
                    hasSpaces = true
                }
                spacesWidth += width
            } else {
                switch Self.breakClass(first) {
                case .ideograph:
                    flushWord()
                    startWord(at: index)
                    wordBreaksAfter = true
                case .closing:
                    if !hasWord { startWord(at: index) }
                case .other:
                    if wordBreaksAfter { flushWord() }
                    if !hasWord { startWord(at: index) }
                }
                wordEnd = next
                wordWidth += width
            }
            index = next
        }
        flushWord()
        clearSpaces()
        // The last line, unless the paragraph ended with a "�" line of its own.
        if !lineIsEmpty || lines.isEmpty { emitLine() }
    }

    /// The grapheme starting at byte `offset`: where the next one starts, its first scalar and
    /// its width. An ASCII byte followed by another (or by the end) is a grapheme on its own,
    /// except "\r" (which may start "\r\n"); anything else asks String for the grapheme.
    @inline(__always)
    private func grapheme(at offset: Int) -> (next: Int, first: UInt32, width: Int) {
        let byte = bytes[offset]
        let after = offset + 1
        if byte < 0x80 && byte != 0x0D && (after == bytes.count || bytes[after] < 0x80) {
            return (after, UInt32(byte), byte >= 0x20 && byte < 0x7F ? 1 : 0)
        }
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: offset)
        let next = text.index(after: index)
        var width = 0
        for scalar in text.unicodeScalars[index..<next] { width += TextWidth.of(scalar: scalar) }
        return (offset + utf8.distance(from: index, to: next), text.unicodeScalars[index].value, width)
    }

    private mutating func startWord(at index: Int) {
        wordStart = index
        wordEnd = index
        wordWidth = 0
        hasWord = true
        wordBreaksAfter = false
    }

    private mutating func flushWord() {
        guard hasWord else { return }
        defer {
            hasWord = false
            wordBreaksAfter = false
        }
        if !lineIsEmpty {
            if lineWidth + spacesWidth + wordWidth <= width {
                extendLine(to: wordEnd, by: spacesWidth + wordWidth)
                clearSpaces()
                return
            }
            emitLine()
        } else if !softBroken && hasSpaces && spacesWidth + wordWidth <= width {
            lineStart = spacesStart
            extendLine(to: wordEnd, by: spacesWidth + wordWidth)
            clearSpaces()
            return
        }
        clearSpaces()
        if wordWidth <= width {
            lineStart = wordStart
            extendLine(to: wordEnd, by: wordWidth)
        } else {
            breakLongWord()
        }
    }

    /// Spreads the word over as many lines as it needs, one grapheme at a time; the line is
    /// empty on entry and holds the word's last piece on exit. A grapheme wider than the whole
    /// width gets a line of its own, shown as "�".
    private mutating func breakLongWord() {
        var index = wordStart
        while index < wordEnd {
            let (next, _, pieceWidth) = grapheme(at: index)
            if !lineIsEmpty && lineWidth + pieceWidth > width { emitLine() }
            if pieceWidth > width {
                lines.append("\u{FFFD}")
                starts.append(index)
                softBroken = true
            } else {
                if lineIsEmpty { lineStart = index }
                extendLine(to: next, by: pieceWidth)
            }
            index = next
        }
    }

    private mutating func extendLine(to end: Int, by width: Int) {
        lineEnd = end
        lineWidth += width
        lineIsEmpty = false
    }

    private mutating func emitLine() {
        lines.append(
            lineIsEmpty
                ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), as: UTF8.self))
        starts.append(lineIsEmpty ? 0 : lineStart)
        lineWidth = 0
        lineIsEmpty = true
        softBroken = true
    }

    private mutating func clearSpaces() {
        spacesWidth = 0
        hasSpaces = false
    }

    /// Where a grapheme may break, judged by its first scalar only (which text appended to the
    /// grapheme cannot change).
    private enum BreakClass {
        /// CJK ideographs, kana, hangul, fullwidth forms: a break may come before and after.
        case ideograph
        /// Closing punctuation: never starts a line after an ideograph.
        case closing
        /// Everything else: breaks only at spaces.
        case other
    }

    private static func breakClass(_ scalar: UInt32) -> BreakClass {
        if scalar < 0x1100 { return .other }
        switch scalar {
        case 0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x30FC,
            0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D:
            return .closing
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return .ideograph
        default:
            return .other
        }
    }
}
