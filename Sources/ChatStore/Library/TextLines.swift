/// A text's lines, split at "\n" only. Splitting a `String` by `Character` would not split
/// "\r\n", which Swift counts as one character, and a CR at a line's end must stay in the text.
enum TextLines {
    static func split(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}
