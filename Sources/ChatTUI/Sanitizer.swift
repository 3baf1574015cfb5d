/// Makes untrusted text (model output, server errors, pasted input) safe to draw: nothing in it
/// can reach the terminal as a control character or an escape sequence, and nothing can reorder
/// the text around it.
///
/// The mapping works scalar by scalar, so sanitising two pieces and joining them gives the same
/// result as sanitising the joined text: streamed text can be sanitised chunk by chunk.
public enum Sanitizer {
    /// `s` with every C0 control except "\n" and "\r" shown as its Control Picture ("\u{1B}" →
    /// "␛"), "\r" dropped (models and servers send CRLF line ends, and a CR split from its LF
    /// across two chunks must not leave a mark), DEL as "␡", C1 controls (U+0080–U+009F) and bidi overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069) as "�", and "\t" as four spaces. Returns `s` itself when
    /// there is nothing to replace.
    public static func displayText(_ s: String) -> String {
        guard needsReplacement(s) else { return s }
        var result = String()
        result.reserveCapacity(s.utf8.count + 8)
        for scalar in s.unicodeScalars {
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
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                result.unicodeScalars.append("\u{FFFD}")
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` could control the terminal or reorder text: C0 controls (newline
    /// included: a surface row has no line breaks), DEL, C1 controls, bidi overrides and isolates.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `displayText` for one-row displays (status bar, input line): "\n" and "\r\n" become a
    /// space too.
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

    /// Whether `s` holds anything `displayText` replaces, judged from its UTF-8 bytes: C0 and DEL
    /// are single bytes, C1 controls are C2 80–C2 9F, the bidi controls E2 80 AA–AE and E2 81 A6–A9.
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
            } else if byte == 0xC2 {
                let next = bytes.index(after: i)
                if next != end, (0x80...0x9F).contains(bytes[next]) { return true }
            } else if byte == 0xE2 {
                let second = bytes.index(after: i)
                if second != end {
                    let third = bytes.index(after: second)
                    if third != end {
                        let (b1, b2) = (bytes[second], bytes[third])
                        if b1 == 0x80 && (0xAA...0xAE).contains(b2) { return true }
                        if b1 == 0x81 && (0xA6...0xA9).contains(b2) { return true }
                    }
                }
            }
            i = bytes.index(after: i)
        }
        return false
    }
}
