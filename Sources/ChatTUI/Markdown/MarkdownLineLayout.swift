/// How `MarkdownRenderer` lays out one line that is neither code nor part of a table: rows of
/// its own (a blank line, a rule), or a text wrapped behind prefixes (a heading, a list item's
/// marker and hanging indent, a quote's bars, a paragraph's indentation).
///
/// `settled` says whether the layout holds whatever text is appended to the line, the text's
/// end aside (a heading's title loses its closing `#`s and spaces, so its end moves: `endMoves`):
/// "- " may turn into a list item or a rule, "12" into a numbered item or text, but once a line
/// shows which it is, more text does not change it. A streaming line is laid out again only until
/// it settles (`MarkdownStreamingLine`), and not even then while it grows by characters in
/// `sameWith` (spaces after a blank line, more marks after a rule).
struct MarkdownLineLayout: Sendable, Hashable {
    /// The line's text wrapped: every row starts with `bars`, the first then with `first` and the
    /// others with `rest`; the text is the line's UTF-8 range `textStart..<textEnd`, styled by
    /// `MarkdownInline` with unmarked text in `base` and wrapped to `width`.
    struct Wrapped: Sendable, Hashable {
        var bars: [StyledLine.Span] = []
        var first: [StyledLine.Span] = []
        var rest: [StyledLine.Span] = []
        var width: Int
        var base: StyleRole
        var textStart: Int
        var textEnd: Int
        /// A heading: text appended may move `textEnd` anywhere after `textStart`.
        var endMoves = false

        /// The spans in front of row `index`.
        func prefix(ofRow index: Int) -> [StyledLine.Span] { bars + (index == 0 ? first : rest) }
    }

    enum Shape: Sendable, Hashable {
        case rows([StyledLine])
        case wrapped(Wrapped)
    }

    var shape: Shape
    var settled: Bool
    /// Characters that, appended to the line, leave an unsettled layout as it is.
    var sameWith: [Character] = []

    /// The layout of `line` (sanitised, without "\n") at `width` cells.
    static func of(_ line: Substring, width: Int, base: StyleRole) -> MarkdownLineLayout {
        var layout = MarkdownLineLayout(shape: .rows([]), settled: true)
        layout.shape = Self.layout(line, from: 0, width: max(1, width), base: base, into: &layout)
        return layout
    }

    /// `line`'s shape, its UTF-8 offsets counted from `origin`; clears `settled` in `layout` when
    /// a decision depended on where the line ends.
    private static func layout(
        _ line: Substring, from origin: Int, width: Int, base: StyleRole, into layout: inout MarkdownLineLayout
    ) -> Shape {
        func offset(_ index: Substring.Index) -> Int { origin + line.utf8.distance(from: line.startIndex, to: index) }
        let text = line.drop(while: { $0 == " " })
        // Nothing but spaces (yet): a blank line.
        guard let head = text.first else {
            layout.settled = false
            layout.sameWith = [" "]
            return .rows([StyledLine()])
        }
        let indent = line.utf8.distance(from: line.startIndex, to: text.startIndex)
        if head == "#", let title = heading(text, settled: &layout.settled) {
            return .wrapped(
                Wrapped(
                    width: width, base: .heading, textStart: offset(title.lowerBound),
                    textEnd: offset(title.upperBound),
                    endMoves: true))
        }
        if let rule = rule(text, width: width, settled: &layout.settled) {
            layout.sameWith = [head, " "]
            return .rows([rule])
        }
        if head == ">" {
            var rest = text.dropFirst()
            if rest.isEmpty { layout.settled = false }
            if rest.first == " " { rest = rest.dropFirst() }
            let bar = StyledLine.Span("│ ", .quote)
            guard width > 2 else {
                return .wrapped(
                    Wrapped(
                        width: width, base: .quote, textStart: offset(rest.startIndex), textEnd: offset(rest.endIndex)))
            }
            switch Self.layout(rest, from: offset(rest.startIndex), width: width - 2, base: .quote, into: &layout) {
            case .rows(let rows): return .rows(rows.map { StyledLine([bar] + $0.spans) })
            case .wrapped(var wrapped):
                wrapped.bars.insert(bar, at: 0)
                return .wrapped(wrapped)
            }
        }
        if let (marker, content) = listItem(text, settled: &layout.settled) {
            let level = min(indent / 2, max(0, (width - 4) / 4))
            let shownMarker = marker.first!.isNumber ? String(marker) : ["•", "◦", "▪"][level % 3]
            let first = String(repeating: "  ", count: level) + shownMarker + " "
            let hanging = TextWidth.of(first)
            guard hanging < width else {
                return .wrapped(
                    Wrapped(
                        width: width, base: base, textStart: offset(text.startIndex), textEnd: offset(text.endIndex)))
            }
            return .wrapped(
                Wrapped(
                    first: [StyledLine.Span(first, base)],
                    rest: [StyledLine.Span(String(repeating: " ", count: hanging), base)], width: width - hanging,
                    base: base, textStart: offset(content.startIndex), textEnd: offset(content.endIndex)))
        }
        let hanging = min(indent, width / 2)
        let pad = hanging > 0 ? [StyledLine.Span(String(repeating: " ", count: hanging), base)] : []
        return .wrapped(
            Wrapped(
                first: pad, rest: pad, width: width - hanging, base: base, textStart: offset(text.startIndex),
                textEnd: offset(text.endIndex)))
    }

    /// The title of an ATX heading ("## Title ##" → "Title"), as a range of `text`.
    private static func heading(_ text: Substring, settled: inout Bool) -> Range<Substring.Index>? {
        let hashes = text.prefix(7).prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = text.dropFirst(hashes)
        if rest.isEmpty { settled = false }
        guard rest.isEmpty || rest.first == " " else { return nil }
        var title = rest.drop(while: { $0 == " " })
        if title.isEmpty { settled = false }
        while title.last == " " { title = title.dropLast() }
        let closing = title.reversed().prefix(while: { $0 == "#" }).count
        let beforeClosing = title.dropLast(closing)
        if closing > 0 && (beforeClosing.isEmpty || beforeClosing.last == " ") {
            title = beforeClosing
            while title.last == " " { title = title.dropLast() }
        }
        return title.startIndex..<title.endIndex
    }

    /// "---", "***", "___" (spaces allowed): "─" across the width.
    private static func rule(_ text: Substring, width: Int, settled: inout Bool) -> StyledLine? {
        guard let first = text.first, first == "-" || first == "*" || first == "_" else { return nil }
        var count = 0
        for character in text {
            if character == first {
                count += 1
            } else if character != " " {
                return nil
            }
        }
        // Only marks and spaces so far: more of them keep it a rule, anything else ends it.
        settled = false
        return count >= 3 ? StyledLine(String(repeating: "─", count: width), .border) : nil
    }

    /// "- text", "* text", "+ text", "1. text", "1) text": the marker and the text.
    private static func listItem(_ text: Substring, settled: inout Bool) -> (Substring, Substring)? {
        let digits = text.prefix(10).prefix(while: { $0.isASCII && $0.isNumber }).count
        let markerLength: Int
        if digits > 0 {
            guard digits <= 9 else { return nil }
            guard let after = text.dropFirst(digits).first else {
                settled = false
                return nil
            }
            guard after == "." || after == ")" else { return nil }
            markerLength = digits + 1
        } else {
            guard let first = text.first, first == "-" || first == "*" || first == "+" else { return nil }
            markerLength = 1
        }
        let rest = text.dropFirst(markerLength)
        guard let space = rest.first else {
            settled = false
            return nil
        }
        guard space == " " else { return nil }
        let content = rest.drop(while: { $0 == " " })
        if content.isEmpty { settled = false }
        return (text.prefix(markerLength), content)
    }
}
