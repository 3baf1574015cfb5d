/// Greedy word wrap of one paragraph (text without "\n"): the engine behind `LineWrapper`,
/// `WrappedText` and the Markdown rows.
///
/// It reads the paragraph once, grapheme by grapheme, and can stop anywhere and go on later when
/// more text has arrived: its state is a handful of offsets, so a paragraph that grows by a
/// token costs the token, however long the paragraph already is. A line goes out as soon as it
/// is decided, and a decided line never changes. While the paragraph may still grow, the last
/// grapheme is left unread (text appended may extend it: a combining mark, a joiner); `finish`
/// places the rest, and a caller that wants the rows of the paragraph so far calls it on a copy.
/// A word wider than the width is broken as it arrives rather than when it ends, which gives the
/// same lines: it would start a line of its own and be cut at the same graphemes either way.
///
/// A line is a contiguous run of the paragraph (only the spaces at a break are left out), so the
/// wrapper keeps offsets rather than building strings grapheme by grapheme and copies each line
/// once. It reads the text through a window: the paragraph's UTF-8 bytes from some offset on,
/// which must not start after `earliestNeeded` (the start of the line being filled).
struct ParagraphWrapper: Sendable {
    /// One wrapped line: its text and the UTF-8 offset in the paragraph where it starts (0 for
    /// an empty line). `placeholder` marks the "�" that stands for a grapheme wider than the
    /// whole width.
    struct Line: Sendable, Hashable {
        var text: String
        var start: Int
        var placeholder = false
    }

    /// The lines of `text` (a whole paragraph) wrapped to `width` cells. A paragraph gives at
    /// least one line, empty when it has nothing but spaces.
    static func wrap(_ text: Substring, width: Int) -> [Line] {
        var wrapper = ParagraphWrapper(width: width)
        var lines: [Line] = []
        wrapper.finish(text, base: 0, into: &lines)
        return lines
    }

    let width: Int
    /// Every grapheme before this UTF-8 offset has been placed.
    private(set) var position = 0

    /// The line being filled is `lineStart..<lineEnd`.
    private var lineStart = 0
    private var lineEnd = 0
    private var lineWidth = 0
    private var lineIsEmpty = true
    /// Spaces after the line's text and before the next word: kept between words on a line,
    /// dropped at a break, kept as indentation at the start of the paragraph while they fit.
    private var spacesStart = 0
    private var spacesWidth = 0
    private var hasSpaces = false
    /// The word being read, `wordStart..<wordEnd`: placed when a space, a break opportunity or
    /// the end follows.
    private var wordStart = 0
    private var wordEnd = 0
    private var wordWidth = 0
    private var hasWord = false
    /// The word ends in an ideograph (or its closing punctuation), so a break may follow it.
    private var wordBreaksAfter = false
    /// The word is wider than the width: its graphemes are placed one by one as they come.
    private var breakingWord = false
    /// Whether a line of this paragraph has been emitted: leading spaces are indentation only on
    /// the first line.
    private var softBroken = false

    init(width: Int) {
        self.width = max(1, width)
    }

    /// The smallest offset the wrapper may still read: a window must start at or before it.
    var earliestNeeded: Int {
        var offset = position
        if !lineIsEmpty { offset = min(offset, lineStart) }
        if hasSpaces { offset = min(offset, spacesStart) }
        if hasWord { offset = min(offset, wordStart) }
        return offset
    }

    /// Places the graphemes of the paragraph so far from `position` on, but the last one, and
    /// appends the lines decided to `lines`. `window` is the paragraph's text from UTF-8 offset
    /// `base` to its current end.
    mutating func advance(_ window: Substring, base: Int, into lines: inout [Line]) {
        read(window, base: base, final: false, into: &lines)
    }

    /// Places the rest of the paragraph (which is complete: `window` runs to its end) and
    /// appends every line still to come to `lines`.
    mutating func finish(_ window: Substring, base: Int, into lines: inout [Line]) {
        read(window, base: base, final: true, into: &lines)
    }

    private mutating func read(_ window: Substring, base: Int, final: Bool, into lines: inout [Line]) {
        precondition(base <= earliestNeeded, "the window starts after text the wrapper still needs")
        var contiguous = window
        // Native strings are contiguous UTF-8: the wrapper reads bytes through a pointer and
        // turns to String indices only for the (rarer) non-ASCII graphemes.
        contiguous.withUTF8 { bytes in
            let text = Text(source: window, bytes: bytes, base: base)
            let end = base + bytes.count
            while position < end {
                let (next, first, width) = text.grapheme(at: position)
                if !final && next == end { break }
                place(first, width: width, from: position, to: next, text, &lines)
                position = next
            }
            guard final else { return }
            flushWord(text, &lines)
            clearSpaces()
            // The last line, unless the paragraph ended with a "�" line of its own.
            if !lineIsEmpty || !softBroken { emitLine(text, &lines) }
        }
    }

    private mutating func place(
        _ first: UInt32, width: Int, from index: Int, to next: Int, _ text: Text, _ lines: inout [Line]
    ) {
        if first == 0x20 {
            flushWord(text, &lines)
            if !hasSpaces {
                spacesStart = index
                hasSpaces = true
            }
            spacesWidth += width
            return
        }
        switch Self.breakClass(first) {
        case .ideograph:
            flushWord(text, &lines)
            startWord(at: index)
            wordBreaksAfter = true
        case .closing:
            if !hasWord { startWord(at: index) }
        case .other:
            if wordBreaksAfter { flushWord(text, &lines) }
            if !hasWord { startWord(at: index) }
        }
        wordEnd = next
        if breakingWord {
            placePiece(from: index, to: next, width: width, text, &lines)
            return
        }
        wordWidth += width
        if wordWidth > self.width { startBreakingWord(text, &lines) }
    }

    private mutating func startWord(at index: Int) {
        wordStart = index
        wordEnd = index
        wordWidth = 0
        hasWord = true
        wordBreaksAfter = false
        breakingWord = false
    }

    private mutating func flushWord(_ text: Text, _ lines: inout [Line]) {
        guard hasWord else { return }
        defer {
            hasWord = false
            wordBreaksAfter = false
            breakingWord = false
        }
        // A word broken as it came is in place already.
        if breakingWord { return }
        if !lineIsEmpty {
            if lineWidth + spacesWidth + wordWidth <= width {
                extendLine(to: wordEnd, by: spacesWidth + wordWidth)
                clearSpaces()
                return
            }
            emitLine(text, &lines)
        } else if !softBroken && hasSpaces && spacesWidth + wordWidth <= width {
            lineStart = spacesStart
            extendLine(to: wordEnd, by: spacesWidth + wordWidth)
            clearSpaces()
            return
        }
        clearSpaces()
        lineStart = wordStart
        extendLine(to: wordEnd, by: wordWidth)
    }

    /// The word just grew wider than the width: it starts a line of its own (as it would when
    /// it ended) and its graphemes so far are spread over as many lines as they need.
    private mutating func startBreakingWord(_ text: Text, _ lines: inout [Line]) {
        if !lineIsEmpty { emitLine(text, &lines) }
        clearSpaces()
        breakingWord = true
        var index = wordStart
        while index < wordEnd {
            let (next, _, pieceWidth) = text.grapheme(at: index)
            placePiece(from: index, to: next, width: pieceWidth, text, &lines)
            index = next
        }
    }

    /// One grapheme of a word wider than the width: on the line if it fits, else on the next. A
    /// grapheme wider than the whole width gets a line of its own, shown as "�".
    private mutating func placePiece(
        from index: Int, to next: Int, width pieceWidth: Int, _ text: Text, _ lines: inout [Line]
    ) {
        if !lineIsEmpty && lineWidth + pieceWidth > width { emitLine(text, &lines) }
        if pieceWidth > width {
            lines.append(Line(text: "\u{FFFD}", start: index, placeholder: true))
            softBroken = true
        } else {
            if lineIsEmpty { lineStart = index }
            extendLine(to: next, by: pieceWidth)
        }
    }

    private mutating func extendLine(to end: Int, by width: Int) {
        lineEnd = end
        lineWidth += width
        lineIsEmpty = false
    }

    private mutating func emitLine(_ text: Text, _ lines: inout [Line]) {
        lines.append(
            lineIsEmpty ? Line(text: "", start: 0) : Line(text: text.line(lineStart..<lineEnd), start: lineStart))
        lineWidth = 0
        lineIsEmpty = true
        softBroken = true
    }

    private mutating func clearSpaces() {
        spacesWidth = 0
        hasSpaces = false
    }

    /// The window's bytes, addressed by offsets in the paragraph.
    private struct Text {
        let source: Substring
        let bytes: UnsafeBufferPointer<UInt8>
        let base: Int

        /// The grapheme starting at paragraph offset `offset`: where the next one starts, its
        /// first scalar and its width. An ASCII byte followed by another (or by the end) is a
        /// grapheme on its own, except "\r" (which may start "\r\n"); anything else asks String
        /// for the grapheme.
        @inline(__always)
        func grapheme(at offset: Int) -> (next: Int, first: UInt32, width: Int) {
            let local = offset - base
            let byte = bytes[local]
            let after = local + 1
            if byte < 0x80 && byte != 0x0D && (after == bytes.count || bytes[after] < 0x80) {
                return (offset + 1, UInt32(byte), byte >= 0x20 && byte < 0x7F ? 1 : 0)
            }
            let utf8 = source.utf8
            let index = utf8.index(utf8.startIndex, offsetBy: local)
            let next = source.index(after: index)
            var width = 0
            for scalar in source.unicodeScalars[index..<next] { width += TextWidth.of(scalar: scalar) }
            return (offset + utf8.distance(from: index, to: next), source.unicodeScalars[index].value, width)
        }

        func line(_ range: Range<Int>) -> String {
            let local = (range.lowerBound - base)..<(range.upperBound - base)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[local]), as: UTF8.self)
        }
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
