/// Word wrap by display width, for conversation text.
///
/// Rules: "\n" (or "\r\n") ends a paragraph, and an empty paragraph gives an empty line; lines
/// break at spaces, which are dropped at a soft break (leading spaces of a paragraph are kept as
/// indentation while they fit); CJK ideographs, kana and hangul may break between any two
/// characters, except before closing punctuation; a word wider than the width is broken by
/// grapheme and starts on a line of its own. No line is wider than `width`, no grapheme is ever
/// split, and a wide grapheme never straddles the edge. A grapheme wider than the whole width
/// (only possible below 2 columns, or for very long emoji sequences) gets a line of its own,
/// shown as "�". Expects text that went through `Sanitizer` (a control character measures 0
/// cells and would be passed through).
public enum LineWrapper {
    /// The lines of `text` wrapped to `width` cells (a width below 1 is taken as 1).
    ///
    /// Linear in the length of `text`: each grapheme is measured once and each line copied once.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in paragraphs(text[...]) {
            lines.append(contentsOf: ParagraphWrapper.wrap(paragraph, width: width).map(\.text))
        }
        return lines
    }

    /// `text` split at "\n" (a "\r" before it goes too), by byte: a "\n" is always a grapheme
    /// of its own or the end of "\r\n".
    static func paragraphs(_ text: Substring) -> [Substring] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
            Substring(bytes.last == 0x0D ? bytes.dropLast() : bytes)
        }
    }
}
