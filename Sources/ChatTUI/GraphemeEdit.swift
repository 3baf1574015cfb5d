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
}
