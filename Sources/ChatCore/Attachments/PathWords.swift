import Foundation

/// Splits what the user typed after `/attach`, or what a terminal pasted for files dropped on
/// it, into paths: words apart by white space, where 'single' and "double" quotes and a
/// backslash keep spaces in a name (`my\ notes.txt`, `'my notes.txt'`), and a `file://` URL
/// (GNOME's terminals, Kitty) becomes its path, percent-escapes decoded.
public enum PathWords {
    /// The words of `text`, unquoted; nil when a quote is left open.
    public static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word.append(character)
                }
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(fileURLPath(word) ?? word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil else { return nil }
        if escaped { word.append("\\") }
        if inWord { words.append(fileURLPath(word) ?? word) }
        return words
    }

    /// The path of a local `file://` URL (`file:///home/me/a%20b.txt`, or `file://localhost/…`),
    /// else nil.
    static func fileURLPath(_ word: String) -> String? {
        guard word.hasPrefix("file://") else { return nil }
        var rest = word.dropFirst("file://".count)
        if rest.hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        guard rest.hasPrefix("/") else { return nil }
        return String(rest).removingPercentEncoding
    }
}
