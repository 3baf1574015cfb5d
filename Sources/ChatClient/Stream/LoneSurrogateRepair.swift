/// Rewrites the escapes of lone UTF-16 surrogates in JSON text (`"\ud800"`, a high surrogate not
/// followed by a low one, or a low one on its own) as `\ufffd`, the replacement character.
///
/// Such an escape is valid JSON syntax but stands for no Unicode character, and `JSONDecoder`
/// refuses the whole document for it. A model that emits half an emoji would otherwise fail the
/// whole stream; with the repair the reply goes on with one `�`, as a browser shows it. It runs
/// only after a decode failed, so well-formed chunks never pay for it.
enum LoneSurrogateRepair {
    /// The text with every lone surrogate escape replaced, or nil when it holds none.
    static func repaired(_ json: some Collection<UInt8>) -> [UInt8]? {
        let bytes = Array(json)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var changed = false
        var index = 0
        while index < bytes.count {
            guard bytes[index] == backslash, index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            guard bytes[index + 1] == UInt8(ascii: "u"), let unit = codeUnit(in: bytes, at: index + 2) else {
                // Any other escape, `\\` included, is copied whole so its second byte is not read again.
                output.append(contentsOf: bytes[index...(index + 1)])
                index += 2
                continue
            }
            if highSurrogates.contains(unit), bytes.count > index + 7, bytes[index + 6] == backslash,
                bytes[index + 7] == UInt8(ascii: "u"), let next = codeUnit(in: bytes, at: index + 8),
                lowSurrogates.contains(next)
            {
                output.append(contentsOf: bytes[index..<(index + 12)])
                index += 12
            } else if highSurrogates.contains(unit) || lowSurrogates.contains(unit) {
                output.append(contentsOf: replacement)
                changed = true
                index += 6
            } else {
                output.append(contentsOf: bytes[index..<(index + 6)])
                index += 6
            }
        }
        return changed ? output : nil
    }

    private static let backslash = UInt8(ascii: "\\")
    private static let replacement = Array(#"\ufffd"#.utf8)
    private static let highSurrogates: ClosedRange<UInt16> = 0xD800...0xDBFF
    private static let lowSurrogates: ClosedRange<UInt16> = 0xDC00...0xDFFF

    /// The four hex digits at `start` as a UTF-16 code unit, or nil when they are not four hex digits.
    private static func codeUnit(in bytes: [UInt8], at start: Int) -> UInt16? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
