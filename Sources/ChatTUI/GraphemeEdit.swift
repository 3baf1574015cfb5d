/// One edit of text kept as graphemes, shared by the chat's `InputEditor` and the one-line
/// `InputLine`: the text is joined, edited and segmented again, since a deletion can let
/// neighbours join into one grapheme (a flag's halves, a letter and its combining mark).
enum GraphemeEdit {
    /// `graphemes` with `range` replaced by `replacement`, and the cursor after the new text
    /// (after the grapheme it ends in, when it joined a neighbour).
    static func replace(_ graphemes: [Character], _ range: Range<Int>, with replacement: String) -> (
        graphemes: [Character], cursor: Int
    ) {
        var before = String(graphemes[..<range.lowerBound])
        before.append(replacement)
        let cursorOffset = before.utf8.count
        let after = String(graphemes[range.upperBound...])
        let edited = Array(before + after)
        var offset = 0
        var index = 0
        while index < edited.count && offset < cursorOffset {
            offset += edited[index].utf8.count
            index += 1
        }
        return (edited, index)
    }

    /// Typed or pasted text made safe to keep: each line break ("\r\n", "\r" or "\n") becomes
    /// `lineBreak`, then the sanitiser makes every other control visible.
    static func clean(_ s: String, lineBreak: Unicode.Scalar) -> String {
        guard s.utf8.contains(where: { $0 == 0x0D || ($0 == 0x0A && lineBreak != "\n") }) else {
            return Sanitizer.displayText(s)
        }
        var normalised = String()
        normalised.reserveCapacity(s.utf8.count)
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            normalised.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? lineBreak : scalar)
        }
        return Sanitizer.displayText(normalised)
    }
}
