/// The line on which each key of a TOML document is written, for error messages: TOMLKit
/// reports where a syntax error is, but not where a well-formed value came from.
///
/// A small scan of the text that already parsed: table headers (`[profiles.work]`), keys
/// (bare, quoted and dotted) and the keys of inline tables, skipping strings (multi-line ones
/// too), arrays and comments so that nothing inside a value is taken for a key. A key's path is
/// its table's path plus its own, so `model` under `[profiles.work]` is
/// `["profiles", "work", "model"]`. The first place a path appears wins.
///
/// The paths are kept as a tree of key parts, each part stored once under its parent, so that
/// the scan costs what the text's length does however deep the keys go (a dotted key of `n`
/// parts would otherwise record `n` prefixes of up to `n` parts each).
struct KeyLines: Sendable {
    /// A key part: the line where its path first appears, and the parts under it.
    private struct Node: Sendable {
        var line: Int
        var children: [String: Int] = [:]
    }

    /// Node 0 is the document itself.
    private var nodes = [Node(line: 0)]

    init(_ text: String) {
        var scanner = Scanner(text: Array(text.unicodeScalars))
        scanner.scanDocument()
        nodes = scanner.nodes
    }

    /// The line of `path`, else of the nearest enclosing table that has one.
    func line(of path: [String]) -> Int? {
        var node = 0
        var line: Int?
        for part in path {
            guard let child = nodes[node].children[part] else { break }
            node = child
            line = nodes[node].line
        }
        return line
    }

    /// The line where `path` itself is written, if it is.
    func exactLine(of path: [String]) -> Int? {
        guard !path.isEmpty else { return nil }
        var node = 0
        for part in path {
            guard let child = nodes[node].children[part] else { return nil }
            node = child
        }
        return nodes[node].line
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var index = 0
        var line = 1
        var nodes = [Node(line: 0)]

        init(text: [Unicode.Scalar]) {
            self.text = text
        }

        var atEnd: Bool { index >= text.count }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < text.count ? text[index + offset] : nil
        }

        mutating func advance() {
            guard !atEnd else { return }
            if text[index] == "\n" { line += 1 }
            index += 1
        }

        /// Records `parts` under the node `parent`, each part not seen there before at `line`
        /// (dotted keys define their parents too), and returns the node of the last part.
        mutating func record(_ parts: [String], under parent: Int, at line: Int) -> Int {
            var node = parent
            for part in parts {
                if let child = nodes[node].children[part] {
                    node = child
                } else {
                    nodes.append(Node(line: line))
                    nodes[node].children[part] = nodes.count - 1
                    node = nodes.count - 1
                }
            }
            return node
        }

        mutating func scanDocument() {
            var table = 0
            while true {
                skipBlankLinesAndComments()
                guard let scalar = peek() else { return }
                let start = index
                if scalar == "[" {
                    let headerLine = line
                    advance()
                    let isArray = peek() == "["
                    if isArray { advance() }
                    table = record(scanKey(), under: 0, at: headerLine)
                    skipToEndOfLine()
                } else {
                    scanKeyValue(under: table)
                    skipToEndOfLine()
                }
                if index == start { advance() }
            }
        }

        /// `key = value`, recording the key under the node `parent` and any keys of an inline
        /// table. `depth` counts the inline tables and arrays around it.
        mutating func scanKeyValue(under parent: Int, depth: Int = 0) {
            let keyLine = line
            let key = scanKey()
            guard !key.isEmpty else { return }
            let node = record(key, under: parent, at: keyLine)
            skipSpaces()
            if peek() == "=" { advance() }
            skipSpaces()
            scanValue(at: node, depth: depth)
        }

        mutating func scanValue(at node: Int, depth: Int) {
            // ConfigTextCheck has refused deeper nesting before TOMLKit parsed the text; this
            // bounds the recursion should the two scans ever read a value differently.
            guard depth <= ConfigLimits.depth, let scalar = peek() else { return }
            switch scalar {
            case "\"", "'":
                skipString()
            case "[":
                advance()
                while let next = peek(), next != "]" {
                    let start = index
                    skipBlankLinesAndComments()
                    if peek() == "," { advance() } else if peek() != "]" { scanValue(at: node, depth: depth + 1) }
                    if index == start { advance() }
                }
                advance()
            case "{":
                advance()
                while let next = peek(), next != "}", next != "\n" {
                    let start = index
                    skipSpaces()
                    if peek() == "," {
                        advance()
                    } else if peek() != "}" {
                        scanKeyValue(under: node, depth: depth + 1)
                    }
                    if index == start { advance() }
                }
                if peek() == "}" { advance() }
            default:
                // A number, a boolean or a date: up to whatever ends a value.
                while let next = peek(), !["\n", ",", "]", "}", "#"].contains(next) { advance() }
            }
        }

        /// A dotted key: bare parts, or quoted ones with their escapes resolved.
        mutating func scanKey() -> [String] {
            var parts: [String] = []
            while true {
                skipSpaces()
                guard let scalar = peek() else { break }
                if scalar == "\"" || scalar == "'" {
                    parts.append(readQuotedKey())
                } else {
                    var part = ""
                    while let next = peek(), Self.isBareKeyScalar(next) {
                        part.unicodeScalars.append(next)
                        advance()
                    }
                    if part.isEmpty { break }
                    parts.append(part)
                }
                skipSpaces()
                guard peek() == "." else { break }
                advance()
            }
            return parts
        }

        static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
        }

        mutating func readQuotedKey() -> String {
            guard let quote = peek() else { return "" }
            advance()
            var key = ""
            while let scalar = peek(), scalar != quote, scalar != "\n" {
                if quote == "\"" && scalar == "\\" {
                    advance()
                    guard let escaped = peek() else { break }
                    switch escaped {
                    case "n": key += "\n"
                    case "t": key += "\t"
                    case "u", "U": key += readUnicodeEscape(digits: escaped == "u" ? 4 : 8)
                    default: key.unicodeScalars.append(escaped)
                    }
                    if escaped != "u" && escaped != "U" { advance() }
                    continue
                }
                key.unicodeScalars.append(scalar)
                advance()
            }
            advance()
            return key
        }

        mutating func readUnicodeEscape(digits: Int) -> String {
            advance()
            var hex = ""
            for _ in 0..<digits {
                guard let scalar = peek() else { break }
                hex.unicodeScalars.append(scalar)
                advance()
            }
            return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init).map { String($0) } ?? ""
        }

        /// A basic or literal string, single-line or multi-line, escapes included.
        mutating func skipString() {
            guard let quote = peek() else { return }
            let multiLine = peek(1) == quote && peek(2) == quote
            advance()
            if multiLine {
                advance()
                advance()
                while !atEnd {
                    if quote == "\"" && peek() == "\\" {
                        advance()
                        advance()
                        continue
                    }
                    if peek() == quote && peek(1) == quote && peek(2) == quote {
                        advance()
                        advance()
                        advance()
                        // Up to two more quotes may belong to the string itself.
                        while peek() == quote { advance() }
                        return
                    }
                    advance()
                }
                return
            }
            while let scalar = peek(), scalar != quote, scalar != "\n" {
                if quote == "\"" && scalar == "\\" { advance() }
                advance()
            }
            if peek() == quote { advance() }
        }

        mutating func skipSpaces() {
            while peek() == " " || peek() == "\t" { advance() }
        }

        mutating func skipBlankLinesAndComments() {
            while let scalar = peek() {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    advance()
                } else if scalar == "#" {
                    skipToEndOfLine()
                } else {
                    return
                }
            }
        }

        /// Past the rest of the line (a comment, a stray space) and its line break.
        mutating func skipToEndOfLine() {
            while let scalar = peek(), scalar != "\n" { advance() }
            advance()
        }
    }
}
