/// One edit of text kept as graphemes, shared by the chat's `InputEditor` and the one-line
/// `InputLine`: the text around the edit is joined and segmented again, since an edit can let
/// neighbours join into one grapheme (a flag's halves, a letter and its combining mark).
///
/// Only the graphemes next to the edit are segmented again, so an edit costs a copy of the
/// array rather than a segmentation of the whole text: a key typed in a 1 MB draft stays fast.
enum GraphemeEdit {
    /// Replaces the graphemes in `range` with `replacement` and returns the cursor after the new
    /// text (after the grapheme it ends in, when it joined a neighbour).
    ///
    /// The window segmented again runs from the grapheme before the edit to the grapheme after
    /// it (and on over regional indicators, which pair up from the start of their run). Rules
    /// outside a window that starts and ends at grapheme boundaries see the same scalars as
    /// before; the window's last grapheme coming out unchanged shows that its end is still a
    /// boundary. When it does not, the whole text is segmented again.
    static func replace(_ graphemes: inout [Character], _ range: Range<Int>, with replacement: String) -> Int {
        let start = max(0, range.lowerBound - 1)
        var end = min(graphemes.count, range.upperBound + 1)
        while end < graphemes.count && isRegionalIndicator(graphemes[end].unicodeScalars.first) { end += 1 }
        var window = String(graphemes[start..<range.lowerBound])
        window.append(replacement)
        let cursorOffset = window.utf8.count
        window.append(contentsOf: String(graphemes[range.upperBound..<end]))
        let segmented = Array(window)
        let stable =
            end == graphemes.count
            || (end > range.upperBound && segmented.last?.utf8.elementsEqual(graphemes[end - 1].utf8) == true)
        if !stable {
            var whole = String(graphemes[..<start])
            let prefixLength = whole.utf8.count
            whole.append(window)
            whole.append(contentsOf: String(graphemes[end...]))
            graphemes = Array(whole)
            return index(in: graphemes, from: 0, afterUTF8: prefixLength + cursorOffset)
        }
        graphemes.replaceSubrange(start..<end, with: segmented)
        return start + index(in: graphemes, from: start, afterUTF8: cursorOffset)
    }

    /// How many graphemes from `start` it takes to cover `offset` UTF-8 bytes (rounded up to a
    /// whole grapheme), counted from `start`.
    private static func index(in graphemes: [Character], from start: Int, afterUTF8 offset: Int) -> Int {
        var covered = 0
        var index = start
        while index < graphemes.count && covered < offset {
            covered += graphemes[index].utf8.count
            index += 1
        }
        return index - start
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return (0x1F1E6...0x1F1FF).contains(scalar.value)
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
