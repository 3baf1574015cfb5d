/// Inline Markdown within one line: `**strong**`/`__strong__`, `*emphasis*`/`_emphasis_`,
/// `` `code` ``, links `[text](url)` shown as "text (url)", and backslash escapes.
///
/// Markers are removed from what is shown. A marker without its closing partner is shown as
/// it is, so a line streamed half-way ("**bo") shows its text literally until it closes.
/// Markers never span lines: every line is styled on its own, which is what lets a streamed
/// reply keep finished lines as they are. `_` opens and closes only outside words, so
/// `snake_case_name` stays literal; bare URLs are plain text. A span closes within
/// `longestSpan` characters of its opening marker or not at all, so that how a character is
/// shown never depends on text further than that after it (see `parse(_:from:base:)`).
enum MarkdownInline {
    /// The most characters from an opening marker to the end of its closing one.
    static let longestSpan = 1_000

    /// `line` (sanitised) as styled text, unmarked text in `base`.
    static func parse(_ line: Substring, base: StyleRole) -> StyledText {
        var parser = Parser(CharacterRun(line))
        var styled = StyledText()
        parser.parse(0..<parser.end, role: base, into: &styled)
        return styled
    }

    /// The styled text of `characters` from index `start` on (a line's text after `start` as it
    /// stands so far), in two parts: `settled`, the text up to `settledEnd`, which no text
    /// appended to the line can change, and `rest`, which text appended may change (a marker
    /// that may still close, the last character, which a combining mark may extend). Parsing
    /// from 0 gives `settled` and `rest` in a row; parsing again from `settledEnd` once more text
    /// has arrived gives what follows them. Each piece of the parse is settled once it looked at
    /// neither the last character nor the end of the text, which `longestSpan` bounds.
    /// `characters` must hold the one before `start` (an `_` looks at it).
    static func parse(_ characters: CharacterRun, from start: Int, base: StyleRole) -> (
        settledEnd: Int, settled: StyledText, rest: StyledText
    ) {
        var parser = Parser(characters)
        var styled = StyledText()
        var literal = ""
        var settledEnd = start
        var settledLength = 0
        var settling = true
        var index = start
        while index < parser.end {
            parser.touched = -1
            index = parser.step(at: index, end: parser.end, role: base, literal: &literal, into: &styled)
            guard settling else { continue }
            if parser.touched <= parser.end - 2 {
                settledEnd = index
                settledLength = styled.text.utf8.count + literal.utf8.count
            } else {
                settling = false
            }
        }
        styled.append(literal, base)
        return (settledEnd, styled.prefix(utf8Count: settledLength), styled.dropFirst(utf8Count: settledLength))
    }

    /// The parser over one line's characters. It notes how far each decision looked
    /// (`touched`): the highest index it read, or `end` when it needed to know that the text
    /// ends there.
    private struct Parser {
        let c: CharacterRun
        let end: Int
        var touched = -1

        init(_ characters: CharacterRun) {
            c = characters
            end = characters.endIndex
        }

        private mutating func at(_ index: Int) -> Character {
            touched = max(touched, index)
            return c[index]
        }

        /// `index < bound`, noting when the answer depended on where the text ends.
        private mutating func within(_ index: Int, _ bound: Int) -> Bool {
            if index < bound { return true }
            if bound >= end { touched = max(touched, end) }
            return false
        }

        mutating func parse(_ range: Range<Int>, role: StyleRole, into styled: inout StyledText) {
            var literal = ""
            var index = range.lowerBound
            while index < range.upperBound {
                index = step(at: index, end: range.upperBound, role: role, literal: &literal, into: &styled)
            }
            styled.append(literal, role)
        }

        /// One decision at `i`: a literal character, or a marker with what it encloses. Returns
        /// the index after it.
        mutating func step(
            at i: Int, end: Int, role: StyleRole, literal: inout String, into styled: inout StyledText
        ) -> Int {
            let character = at(i)
            switch character {
            case "\\":
                if within(i + 1, end), let ascii = at(i + 1).asciiValue, ascii.isPunctuation {
                    literal.append(c[i + 1])
                    return i + 2
                }
                literal.append(character)
                return i + 1
            case "`":
                let limit = min(end, i + longestSpan)
                let run = runLength(from: i, end: limit)
                guard let close = findBacktickRun(length: run, from: i + run, end: limit) else {
                    literal.append(String(repeating: "`", count: run))
                    return i + run
                }
                styled.append(literal, role)
                literal = ""
                var code = c.string(i + run..<close)
                // One space on each side is padding, as in CommonMark ("`` `x` ``").
                if code.count >= 2 && code.first == " " && code.last == " " && code.contains(where: { $0 != " " }) {
                    code = String(code.dropFirst().dropLast())
                }
                styled.append(code, .inlineCode)
                return close + run
            case "*", "_":
                let limit = min(end, i + longestSpan)
                let run = runLength(from: i, end: limit)
                let length = min(run, 2)
                guard let close = findCloser(marker: character, length: length, opener: i, end: limit) else {
                    literal.append(String(repeating: character, count: run))
                    return i + run
                }
                styled.append(literal, role)
                literal = ""
                let inner: StyleRole = role == .heading ? .heading : length == 2 ? .strong : .emphasis
                parse(i + length..<close, role: inner, into: &styled)
                return close + length
            case "[":
                guard let (textEnd, urlEnd) = findLink(opener: i, end: min(end, i + longestSpan)) else {
                    literal.append(character)
                    return i + 1
                }
                styled.append(literal, role)
                literal = ""
                let url = c.string(textEnd + 2..<urlEnd).trimmingSpaces
                if textEnd > i + 1 {
                    parse(i + 1..<textEnd, role: .link, into: &styled)
                    let shown = c.string(i + 1..<textEnd)
                    if !url.isEmpty && shown != url { styled.append(" (" + url + ")", .dim) }
                } else {
                    styled.append(url, .link)
                }
                return urlEnd + 1
            default:
                literal.append(character)
                return i + 1
            }
        }

        private mutating func runLength(from start: Int, end: Int) -> Int {
            let first = at(start)
            var index = start + 1
            while within(index, end) && at(index) == first { index += 1 }
            return index - start
        }

        /// The start of the next run of exactly `length` backticks.
        private mutating func findBacktickRun(length: Int, from start: Int, end: Int) -> Int? {
            var index = start
            while within(index, end) {
                if at(index) == "`" {
                    let run = runLength(from: index, end: end)
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
        private mutating func findCloser(marker: Character, length: Int, opener: Int, end: Int) -> Int? {
            let contentStart = opener + length
            guard within(contentStart, end), !at(contentStart).isWhitespace else { return nil }
            if length == 1 && c[contentStart] == marker { return nil }
            if marker == "_" && opener > 0 && isWordCharacter(at(opener - 1)) { return nil }
            var index = contentStart + 1
            while within(index + length - 1, end) {
                if at(index) == "`" {
                    let run = runLength(from: index, end: end)
                    if let close = findBacktickRun(length: run, from: index + run, end: end) {
                        // A code span inside the emphasis hides its markers.
                        index = close + runLength(from: close, end: end)
                        continue
                    }
                }
                guard c[index] == marker else {
                    index += 1
                    continue
                }
                let run = runLength(from: index, end: end)
                let fits = length == 2 ? run >= 2 : run == 1
                let after = index + length
                let closesWord = marker != "_" || !within(after, end) || !isWordCharacter(at(after))
                if fits && !at(index - 1).isWhitespace && closesWord { return index }
                index += run
            }
            return nil
        }

        /// For "[text](url)" at `opener`: the index of "]" and of ")".
        private mutating func findLink(opener: Int, end: Int) -> (Int, Int)? {
            var depth = 0
            var index = opener
            var textEnd: Int?
            while within(index, end) {
                let character = at(index)
                if character == "[" {
                    depth += 1
                } else if character == "]" {
                    depth -= 1
                    if depth == 0 {
                        textEnd = index
                        break
                    }
                }
                index += 1
            }
            guard let textEnd, within(textEnd + 1, end), at(textEnd + 1) == "(" else { return nil }
            depth = 0
            index = textEnd + 1
            while within(index, end) {
                let character = at(index)
                if character == "(" {
                    depth += 1
                } else if character == ")" {
                    depth -= 1
                    if depth == 0 { return (textEnd, index) }
                } else if character == " " && depth == 1 && index == textEnd + 2 {
                    return nil
                }
                index += 1
            }
            return nil
        }

        private func isWordCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber
        }
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
