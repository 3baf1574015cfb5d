/// Splits the lines of a Markdown text into units that render independently: one line, a run
/// of pipe lines (a table, or text when it is not one), a code fence's opening or closing line,
/// or one code line.
///
/// A unit's rows depend only on its own lines and on the state before it (inside a fence or
/// not), never on what follows; that is what lets `MarkdownText` keep finished units while a
/// reply streams. A run of pipe lines is the one unit that grows over several lines, because
/// its column widths depend on all its rows.
enum MarkdownBlockParser {
    /// Whether the lines so far left a code fence open, and which.
    enum State: Sendable, Hashable {
        case normal
        /// Open until a line of at least `length` `marker`s; code lines lose up to `indent`
        /// leading spaces (the fence's own indentation, e.g. inside a list item).
        /// `highlight` is how the next code line is coloured.
        case fence(marker: Character, length: Int, indent: Int, highlight: CodeHighlight)
    }

    enum Kind: Sendable, Hashable {
        case line
        case pipeLines
        case fenceOpen(language: String)
        /// A code line, coloured from `highlight`, the block's state at its start.
        case code(indent: Int, highlight: CodeHighlight)
        case fenceClose
    }

    struct Unit: Sendable, Hashable {
        var kind: Kind
        var lines: Range<Int>
        var stateAfter: State
    }

    /// The units of `lines` (sanitised, without "\n"), starting in `state`.
    static func units(_ lines: [Substring], state: State) -> [Unit] {
        var units: [Unit] = []
        var state = state
        var index = 0
        while index < lines.count {
            let line = lines[index]
            switch state {
            case .fence(let marker, let length, let indent, let highlight):
                if closesFence(line, marker: marker, length: length) {
                    state = .normal
                    units.append(Unit(kind: .fenceClose, lines: index..<index + 1, stateAfter: state))
                } else {
                    let after = highlight.after(code(of: line, indent: indent))
                    state = .fence(marker: marker, length: length, indent: indent, highlight: after)
                    units.append(
                        Unit(
                            kind: .code(indent: indent, highlight: highlight), lines: index..<index + 1,
                            stateAfter: state))
                }
                index += 1
            case .normal:
                if let fence = opensFence(line) {
                    state = .fence(
                        marker: fence.marker, length: fence.length, indent: fence.indent,
                        highlight: CodeHighlight(fence: fence.language))
                    units.append(
                        Unit(kind: .fenceOpen(language: fence.language), lines: index..<index + 1, stateAfter: state))
                    index += 1
                } else if isPipeLine(line) {
                    var end = index + 1
                    while end < lines.count && isPipeLine(lines[end]) { end += 1 }
                    units.append(Unit(kind: .pipeLines, lines: index..<end, stateAfter: state))
                    index = end
                } else {
                    units.append(Unit(kind: .line, lines: index..<index + 1, stateAfter: state))
                    index += 1
                }
            }
        }
        return units
    }

    /// "```swift" or "~~~": a run of at least three backticks or tildes, then an optional info
    /// string whose first word is the language (a backtick fence's info has no backtick).
    static func opensFence(_ line: Substring) -> (marker: Character, length: Int, indent: Int, language: String)? {
        let indent = line.prefix(while: { $0 == " " }).count
        let rest = line.dropFirst(indent)
        guard let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let length = rest.prefix(while: { $0 == marker }).count
        guard length >= 3 else { return nil }
        let info = rest.dropFirst(length)
        if marker == "`" && info.contains("`") { return nil }
        let language = info.drop(while: { $0 == " " }).prefix(while: { $0 != " " })
        return (marker, length, indent, String(language))
    }

    /// A code line of a fence indented by `indent` spaces, without up to that many leading spaces.
    static func code(of line: Substring, indent: Int) -> Substring {
        line.dropFirst(min(indent, line.prefix(while: { $0 == " " }).count))
    }

    static func closesFence(_ line: Substring, marker: Character, length: Int) -> Bool {
        let rest = line.drop(while: { $0 == " " })
        let run = rest.prefix(while: { $0 == marker }).count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " }
    }

    static func isPipeLine(_ line: Substring) -> Bool {
        line.drop(while: { $0 == " " }).first == "|"
    }
}
