/// The line on which each key of a TOML document is written, for error messages: TOMLKit
/// reports where a syntax error is, but not where a well-formed value came from.
///
/// A small scan of the text that already parsed: table headers (`[profiles.work]`), keys
/// (bare, quoted and dotted) and the keys of inline tables, skipping strings (multi-line ones
/// too), arrays and comments so that nothing inside a value is taken for a key. A key's path is
/// its table's path plus its own, so `model` under `[profiles.work]` is
/// `["profiles", "work", "model"]`. The first place a path appears wins.
struct KeyLines: Sendable {
    private var lines: [[String]: Int] = [:]

    init(_ text: String) {
        var scanner = Scanner(text: Array(text.unicodeScalars))
        scanner.scanDocument()
        lines = scanner.lines
    }

    /// The line of `path`, else of the nearest enclosing table that has one.
    func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }

    /// The line where `path` itself is written, if it is.
    func exactLine(of path: [String]) -> Int? {
        lines[path]
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var index = 0
        var line = 1
        var lines: [[String]: Int] = [:]

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

        mutating func record(_ path: [String], at line: Int) {
            // Dotted keys define their parents too.
            for length in 1...max(1, path.count) where !path.isEmpty {
                let prefix = Array(path.prefix(length))
                if lines[prefix] == nil { lines[prefix] = line }
            }
        }

        mutating func scanDocument() {
            var table: [String] = []
            while true {
                skipBlankLinesAndComments()
                guard let scalar = peek() else { return }
                let start = index
                if scalar == "[" {
                    let headerLine = line
                    advance()
                    let isArray = peek() == "["
                    if isArray { advance() }
                    table = scanKey()
                    record(table, at: headerLine)
                    skipToEndOfLine()
                } else {
                    scanKeyValue(under: table)
                    skipToEndOfLine()
                }
                if index == start { advance() }
            }
        }

        /// `key = value`, recording the key under `prefix` and any keys of an inline table.
        mutating func scanKeyValue(under prefix: [String]) {
            let keyLine = line
            let key = scanKey()
            guard !key.isEmpty else { return }
            record(prefix + key, at: keyLine)
            skipSpaces()
            if peek() == "=" { advance() }
            skipSpaces()
            scanValue(at: prefix + key)
        }

        mutating func scanValue(at path: [String]) {
            guard let scalar = peek() else { return }
            switch scalar {
            case "\"", "'":
                skipString()
            case "[":
                advance()
                while let next = peek(), next != "]" {
                    let start = index
                    skipBlankLinesAndComments()
                    if peek() == "," { advance() } else if peek() != "]" { scanValue(at: path) }
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
                        scanKeyValue(under: path)
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
