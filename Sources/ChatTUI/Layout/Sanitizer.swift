/// Makes untrusted text (model output, server errors, pasted input, settings, file names,
/// arguments) safe to show: nothing in it can reach the terminal as a control character or an
/// escape sequence, nothing can reorder the text around it, and nothing hides in it unseen.
///
/// The mapping works scalar by scalar, so sanitising two pieces and joining them gives the same
/// result as sanitising the joined text, and streamed text can be sanitised chunk by chunk. The
/// one exception is a joiner (U+200C, U+200D) or a tag character (U+E0000–U+E007F), which is
/// judged by its neighbours: at the edge of a piece it is judged by the neighbour it has, so a
/// stray one can survive a cut, invisible and harmless, until the text is sanitised whole.
public enum Sanitizer {
    /// `s` with every C0 control except "\n" and "\r" shown as its Control Picture ("\u{1B}" →
    /// "␛"), "\r" dropped (models and servers send CRLF line ends, and a CR split from its LF
    /// across two chunks must not leave a mark), DEL as "␡", "\t" as four spaces, and as "�":
    /// C1 controls (U+0080–U+009F), bidi overrides, isolates and marks (U+202A–U+202E,
    /// U+2066–U+2069, U+200E, U+200F, U+061C), and invisible characters (`isInvisible`), a
    /// joiner or tag character among them only when it is stray (`isStrayJoiner`). Returns `s`
    /// itself when there is nothing to replace.
    public static func displayText(_ s: String) -> String {
        guard needsReplacement(s) else { return s }
        var result = String()
        result.reserveCapacity(s.utf8.count + 8)
        let scalars = s.unicodeScalars
        var previous: Unicode.Scalar?
        /// Whether a tag character may come next: after a black flag or a tag that was kept (and
        /// at the start, where the neighbour is unknown).
        var tagsAllowed = true
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let nextIndex = scalars.index(after: index)
            switch scalar.value {
            case 0x09:
                result.append("    ")
            case 0x0A:
                result.unicodeScalars.append(scalar)
            case 0x0D:
                break
            case 0x00..<0x20:
                result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F:
                result.unicodeScalars.append("\u{2421}")
            default:
                let hidden: Bool
                if isTag(scalar) {
                    hidden = !tagsAllowed
                } else if scalar.value == 0x200C || scalar.value == 0x200D {
                    let next = nextIndex == scalars.endIndex ? nil : scalars[nextIndex]
                    hidden = isStrayJoiner(after: previous, before: next)
                } else {
                    hidden = isUnsafe(scalar) || isInvisible(scalar)
                }
                result.unicodeScalars.append(hidden ? "\u{FFFD}" : scalar)
            }
            tagsAllowed = scalar.value == 0x1F3F4 || (isTag(scalar) && tagsAllowed)
            previous = scalar
            index = nextIndex
        }
        return result
    }

    /// Whether `scalar` could control the terminal or reorder text: C0 controls (newline
    /// included: a surface row has no line breaks), DEL, C1 controls, bidi overrides, isolates and
    /// marks.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// Whether `scalar` is invisible wherever it stands, so that it can only hide something: zero
    /// width space (U+200B), word joiner and invisible operators (U+2060–U+2064), the deprecated
    /// format characters (U+206A–U+206F), the byte order mark (U+FEFF), the Mongolian vowel
    /// separator (U+180E) and the interlinear annotation characters (U+FFF9–U+FFFB). Variation
    /// selectors are not: they choose how the character before them looks.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x2060...0x2064, 0x206A...0x206F, 0xFEFF, 0x180E, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    /// `displayText` for one-row displays (status bar, input line, one line of a report): "\n"
    /// and "\r\n" become a space too.
    public static func singleLineText(_ s: String) -> String {
        let text = displayText(s)
        guard text.utf8.contains(0x0A) else { return text }
        var result = String()
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            result.unicodeScalars.append(scalar == "\n" ? " " : scalar)
        }
        return result
    }

    /// JSON text with every scalar that the sanitiser would replace written as a `\u` escape
    /// (`\u009b`, `\u202e`, `\u200b`; a tag character as its two UTF-16 halves): still the same
    /// JSON, but nothing in it can drive a terminal it is printed to. Such scalars can only stand
    /// inside JSON strings (JSON's white space is ASCII), where an escape means the same. Joiners
    /// and tag characters are escaped wherever they stand, as are U+2028 and U+2029, which
    /// JavaScript does not allow raw in strings.
    public static func jsonText(_ json: String) -> String {
        let needsEscape = json.utf8.contains { $0 >= 0x7F || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) }
        guard needsEscape else { return json }
        var result = String()
        result.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            let escaped =
                (isUnsafe(scalar) && !["\t", "\n", "\r"].contains(scalar)) || isInvisible(scalar)
                || needsContext(scalar) || scalar.value == 0x2028 || scalar.value == 0x2029
            guard escaped else {
                result.unicodeScalars.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return result
    }

    /// Joiners (ZWNJ U+200C, ZWJ U+200D) and tag characters (U+E0000–U+E007F), which are
    /// legitimate only between certain neighbours.
    @inline(__always)
    private static func needsContext(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x200C || scalar.value == 0x200D || isTag(scalar)
    }

    /// Whether a joiner between `previous` and `next` (nil: the edge of the text) is stray. A
    /// joiner belongs between two letters of a script that uses it (Persian, Devanagari) or two
    /// parts of an emoji sequence (👨‍👩‍👧): it is stray next to ASCII, white space, punctuation or
    /// another invisible character.
    private static func isStrayJoiner(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        if let previous, !canJoin(previous) { return true }
        if let next, !canJoin(next) { return true }
        return false
    }

    /// Tag characters (U+E0000–U+E007F) belong after a black flag or another tag (🏴 England's
    /// flag); elsewhere they smuggle invisible ASCII.
    @inline(__always)
    private static func isTag(_ scalar: Unicode.Scalar) -> Bool {
        (0xE0000...0xE007F).contains(scalar.value)
    }

    private static func canJoin(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII, !needsContext(scalar), !isUnsafe(scalar), !isInvisible(scalar) else { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return properties.isAlphabetic || properties.isEmoji || properties.isEmojiModifier
        }
    }

    /// Whether `s` holds anything `displayText` may replace, judged from its UTF-8 bytes: C0 and
    /// DEL are single bytes, C1 controls are C2 80–C2 9F, U+061C is D8 9C, U+180E is E1 A0 8E, the
    /// zero-width and bidi characters E2 80 8B–8F, E2 80 AA–AE and E2 81 A0–AF, U+FEFF and
    /// U+FFF9–FFFB EF BB BF and EF BF B9–BB, the tag characters F3 A0 80–81 xx.
    static func needsReplacement(_ s: String) -> Bool {
        let found = s.utf8.withContiguousStorageIfAvailable { scan($0) }
        return found ?? scan(Array(s.utf8))
    }

    private static func scan(_ bytes: some RandomAccessCollection<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i != end {
            let byte = bytes[i]
            if byte < 0x20 {
                if byte != 0x0A { return true }
            } else if byte == 0x7F {
                return true
            } else if byte >= 0xC2 {
                let second = bytes.index(after: i)
                guard second != end else { return false }
                let b1 = bytes[second]
                switch byte {
                case 0xC2 where (0x80...0x9F).contains(b1): return true
                case 0xD8 where b1 == 0x9C: return true
                case 0xE1, 0xE2, 0xEF, 0xF3:
                    let third = bytes.index(after: second)
                    guard third != end else { return false }
                    let b2 = bytes[third]
                    switch (byte, b1) {
                    case (0xE1, 0xA0) where b2 == 0x8E: return true
                    case (0xE2, 0x80) where (0x8B...0x8F).contains(b2) || (0xAA...0xAE).contains(b2): return true
                    case (0xE2, 0x81) where (0xA0...0xAF).contains(b2): return true
                    case (0xEF, 0xBB) where b2 == 0xBF: return true
                    case (0xEF, 0xBF) where (0xB9...0xBB).contains(b2): return true
                    case (0xF3, 0xA0) where b2 == 0x80 || b2 == 0x81: return true
                    default: break
                    }
                default: break
                }
            }
            i = bytes.index(after: i)
        }
        return false
    }
}
