/// Inline Markdown within one line: `**strong**`/`__strong__`, `*emphasis*`/`_emphasis_`,
/// `` `code` ``, links `[text](url)` shown as "text (url)", and backslash escapes.
///
/// Markers are removed from what is shown. A marker without its closing partner is shown as
/// it is, so a line streamed half-way ("**bo") shows its text literally until it closes.
/// Markers never span lines: every line is styled on its own, which is what lets a streamed
/// reply keep finished lines as they are. `_` opens and closes only outside words, so
/// `snake_case_name` stays literal; bare URLs are plain text.
enum MarkdownInline {
    /// `line` (sanitised) as styled text, unmarked text in `base`.
    static func parse(_ line: Substring, base: StyleRole) -> StyledText {
        var styled = StyledText()
        let characters = Array(line)
        parse(characters, 0..<characters.count, role: base, into: &styled)
        return styled
    }

    private static func parse(
        _ c: [Character], _ range: Range<Int>, role: StyleRole, into styled: inout StyledText
    ) {
        var literal = ""
        func flush() {
            styled.append(literal, role)
            literal = ""
        }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let character = c[i]
            switch character {
            case "\\":
                if i + 1 < end, let ascii = c[i + 1].asciiValue, ascii.isPunctuation {
                    literal.append(c[i + 1])
                    i += 2
                } else {
                    literal.append(character)
                    i += 1
                }
            case "`":
                let run = runLength(c, from: i, end: end)
                if let close = findBacktickRun(c, length: run, from: i + run, end: end) {
                    flush()
                    var code = String(c[(i + run)..<close])
                    // One space on each side is padding, as in CommonMark ("`` `x` ``").
                    if code.count >= 2 && code.first == " " && code.last == " " && code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    styled.append(code, .inlineCode)
                    i = close + run
                } else {
                    literal.append(String(repeating: "`", count: run))
                    i += run
                }
            case "*", "_":
                let run = runLength(c, from: i, end: end)
                if run >= 2, let close = findCloser(c, marker: character, length: 2, opener: i, end: end) {
                    flush()
                    parse(c, (i + 2)..<close, role: role == .heading ? .heading : .strong, into: &styled)
                    i = close + 2
                } else if run == 1, let close = findCloser(c, marker: character, length: 1, opener: i, end: end) {
                    flush()
                    parse(c, (i + 1)..<close, role: role == .heading ? .heading : .emphasis, into: &styled)
                    i = close + 1
                } else {
                    literal.append(String(repeating: character, count: run))
                    i += run
                }
            case "[":
                if let (textEnd, urlEnd) = findLink(c, opener: i, end: end) {
                    flush()
                    let url = String(c[(textEnd + 2)..<urlEnd]).trimmingSpaces
                    if textEnd > i + 1 {
                        parse(c, (i + 1)..<textEnd, role: .link, into: &styled)
                        let shown = String(c[(i + 1)..<textEnd])
                        if !url.isEmpty && shown != url { styled.append(" (" + url + ")", .dim) }
                    } else {
                        styled.append(url, .link)
                    }
                    i = urlEnd + 1
                } else {
                    literal.append(character)
                    i += 1
                }
            default:
                literal.append(character)
                i += 1
            }
        }
        flush()
    }

    private static func runLength(_ c: [Character], from start: Int, end: Int) -> Int {
        var index = start
        while index < end && c[index] == c[start] { index += 1 }
        return index - start
    }

    /// The start of the next run of exactly `length` backticks.
    private static func findBacktickRun(_ c: [Character], length: Int, from start: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            if c[index] == "`" {
                let run = runLength(c, from: index, end: end)
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// Where the emphasis opened by `length` `marker`s at `opener` closes, if it does: the
    /// opener must be followed by text, the closer preceded by text, and `_` must not touch a
    /// word on its outer side.
    private static func findCloser(_ c: [Character], marker: Character, length: Int, opener: Int, end: Int) -> Int? {
        let contentStart = opener + length
        guard contentStart < end, !c[contentStart].isWhitespace else { return nil }
        if length == 1 && c[contentStart] == marker { return nil }
        if marker == "_" && opener > 0 && isWordCharacter(c[opener - 1]) { return nil }
        var index = contentStart + 1
        while index + length <= end {
            if c[index] == "`",
                let close = findBacktickRun(
                    c, length: runLength(c, from: index, end: end), from: index + runLength(c, from: index, end: end),
                    end: end)
            {
                // A code span inside the emphasis hides its markers.
                index = close + runLength(c, from: close, end: end)
                continue
            }
            guard c[index] == marker else {
                index += 1
                continue
            }
            let run = runLength(c, from: index, end: end)
            let fits = length == 2 ? run >= 2 : run == 1
            let after = index + length
            let closesWord = marker != "_" || after >= end || !isWordCharacter(c[after])
            if fits && !c[index - 1].isWhitespace && closesWord { return index }
            index += run
        }
        return nil
    }

    /// For "[text](url)" at `opener`: the index of "]" and of ")".
    private static func findLink(_ c: [Character], opener: Int, end: Int) -> (Int, Int)? {
        var depth = 0
        var index = opener
        var textEnd: Int?
        while index < end {
            if c[index] == "[" {
                depth += 1
            } else if c[index] == "]" {
                depth -= 1
                if depth == 0 {
                    textEnd = index
                    break
                }
            }
            index += 1
        }
        guard let textEnd, textEnd + 1 < end, c[textEnd + 1] == "(" else { return nil }
        depth = 0
        index = textEnd + 1
        while index < end {
            if c[index] == "(" {
                depth += 1
            } else if c[index] == ")" {
                depth -= 1
                if depth == 0 { return (textEnd, index) }
            } else if c[index] == " " && depth == 1 && index == textEnd + 2 {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}

extension UInt8 {
    /// ASCII punctuation, which a backslash escapes in Markdown.
    fileprivate var isPunctuation: Bool {
        (0x21...0x2F).contains(self) || (0x3A...0x40).contains(self) || (0x5B...0x60).contains(self)
            || (0x7B...0x7E).contains(self)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
