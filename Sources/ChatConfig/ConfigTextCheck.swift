/// Checks a configuration file's text, in one pass linear in its length, before TOMLKit sees it:
///
/// - for what TOML forbids and toml++ (inside TOMLKit) does not report but asserts on, aborting
///   the whole program: control characters, non-ASCII characters outside strings and comments,
///   any character a key cannot hold in a key's place (a table header such as `[é]` or
///   `[: x]`, a dotted key, a key in an inline table), a date-time without its time
///   (`1979-05-27T$`). Found by fuzzing (`Benchmarks/Fuzz`, FuzzConfig);
/// - for what is legal but pathological (`ConfigLimits`): tables, arrays and inline tables nested
///   deeper than `depth`, more than `keys` keys, a key or value longer than `tokenBytes`.
///
/// Such text gets one located error here instead.
enum ConfigTextCheck {
    private static let quoteRule = "a key with characters other than A-Z a-z 0-9 _ - must be quoted (\"…\")"
    private static let tooDeep =
        "tables, arrays and inline tables nested more than \(ConfigLimits.depth) deep (each part of a dotted key is a level)"
    private static let tooManyKeys = "more than \(ConfigLimits.keys) keys; a configuration file holds a few dozen"
    private static let tooLong = "a key or value longer than \(ConfigLimits.tokenBytes >> 10) KiB"
    private static let invalid = "not valid TOML: "

    /// Where the first such character is, and what is wrong with it; nil when there is none.
    static func firstProblem(in text: String) -> (line: Int, column: Int, message: String)? {
        enum State { case code, comment, basic, literal, multiBasic, multiLiteral }
        let scalars = Array(text.unicodeScalars)
        var state = State.code
        var escaped = false
        /// Whether a key is being read: from a line's start, a header's `[`, an inline table's
        /// `{` or `,`, until `=` or the header's `]`.
        var inKey = false
        /// Whether the next thing in the key must be a key's first character (a bare-key
        /// character or a quote): at a key's start and after a dot.
        var expectSegment = false
        /// Right after an inline table's `{`, where `}` (an empty table) may come instead.
        var afterBrace = false
        /// Whether a value must come next: after `=`, an array's `[`, or a `,` in an array (where
        /// `]` may come instead).
        var expectValue = false
        var atLineStart = true
        /// Open inline tables (`{`) and arrays (`[`) of the value being read.
        var containers: [Unicode.Scalar] = []
        /// The depth of each open container: an inline table's keys and an array's elements are
        /// one level below it.
        var depths: [Int] = []
        /// The depth of the table the last header opened, of what the key being read is in, of
        /// the value being read, and the parts of the key read so far.
        var tableDepth = 0
        var keyBase = 0
        var valueDepth = 0
        var segments = 0
        var inHeader = false
        var keys = 0
        /// Where the key, string or other value being read starts, to bound its length.
        var token: (byte: Int, line: Int, column: Int)?
        var byte = 0
        var line = 1
        var column = 1
        var index = 0
        func isTriple(_ quote: Unicode.Scalar, at position: Int) -> Bool {
            position + 2 < scalars.count && scalars[position] == quote && scalars[position + 1] == quote
                && scalars[position + 2] == quote
        }
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\r" }
        func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        /// A value `YYYY-MM-DDT` followed by anything but a digit, which toml++ takes for a
        /// date-time and then asserts is followed by a time's first digit (found by FuzzConfig).
        func hasDateWithoutTime(at start: Int) -> Bool {
            guard start + 11 < scalars.count else { return false }
            for (offset, expected) in "dddd-dd-ddT".unicodeScalars.enumerated() {
                let scalar = scalars[start + offset]
                let matches =
                    switch expected {
                    case "d": ("0"..."9").contains(scalar)
                    case "T": scalar == "T" || scalar == "t"
                    default: scalar == expected
                    }
                guard matches else { return false }
            }
            return !("0"..."9").contains(scalars[start + 11])
        }
        func isTokenEnd(_ scalar: Unicode.Scalar) -> Bool {
            isBlank(scalar) || "\n[]{}=,.#\"'".unicodeScalars.contains(scalar)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if let start = token, byte - start.byte > ConfigLimits.tokenBytes {
                return (start.line, start.column, tooLong)
            }
            let allowedControl =
                scalar == "\t" || scalar == "\n"
                || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
            if (scalar.value < 0x20 && !allowedControl) || scalar.value == 0x7F {
                let code = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                return (line, column, invalid + "control character U+\(padded) is not allowed in a TOML file")
            }
            var step = 1
            switch state {
            case .code:
                if isTokenEnd(scalar) {
                    token = nil
                } else if token == nil {
                    token = (byte, line, column)
                }
                if atLineStart && containers.isEmpty && !isBlank(scalar) && scalar != "\n" {
                    atLineStart = false
                    if scalar == "[" {
                        inKey = true
                        expectSegment = true
                        inHeader = true
                        keyBase = 0
                        segments = 0
                        if index + 1 < scalars.count && scalars[index + 1] == "[" { step = 2 }
                        break
                    }
                    if scalar != "#" {
                        inKey = true
                        expectSegment = true
                        keyBase = tableDepth
                        segments = 0
                    }
                }
                if inKey && expectSegment && !isBlank(scalar) {
                    let opensQuote = scalar == "\"" || scalar == "'"
                    if isBareKey(scalar) || opensQuote || (afterBrace && scalar == "}") {
                        expectSegment = false
                        afterBrace = false
                        if scalar == "}" {
                            inKey = false
                            _ = containers.popLast()
                            _ = depths.popLast()
                            break
                        }
                        segments += 1
                        keys += 1
                        if keys > ConfigLimits.keys { return (line, column, tooManyKeys) }
                        if keyBase + segments > ConfigLimits.depth { return (line, column, tooDeep) }
                        if !opensQuote { break }
                    } else if scalar.value >= 0x80 {
                        return (line, column, invalid + "“\(Character(scalar))” outside a string: \(quoteRule)")
                    } else if "\n=].},[".unicodeScalars.contains(scalar) {
                        return (
                            line, column,
                            invalid + "a key is missing before “\(Character(scalar == "\n" ? " " : scalar))”"
                        )
                    } else {
                        return (line, column, invalid + "“\(Character(scalar))” cannot be part of a key: \(quoteRule)")
                    }
                }
                if expectValue && !isBlank(scalar) {
                    let inArray = containers.last == "["
                    if inArray && (scalar == "\n" || scalar == "#") {
                        // Arrays may span lines and hold comments before a value.
                    } else if "\n#,}]=".unicodeScalars.contains(scalar) && !(inArray && scalar == "]") {
                        // `]` closes an empty array or follows a trailing comma.
                        return (
                            line, column,
                            invalid + "a value is missing before “\(Character(scalar == "\n" ? " " : scalar))”"
                        )
                    } else {
                        expectValue = false
                        if hasDateWithoutTime(at: index) {
                            return (
                                line, column + 11,
                                invalid + "a date-time needs a time after “T”, like 1979-05-27T07:32:00Z"
                            )
                        }
                    }
                }
                if scalar == "#" && !inKey {
                    state = .comment
                } else if scalar == "\n" {
                    atLineStart = containers.isEmpty
                    inKey = false
                    inHeader = false
                } else if scalar == "\"" || scalar == "'" {
                    if isTriple(scalar, at: index) {
                        state = scalar == "\"" ? .multiBasic : .multiLiteral
                        step = 3
                    } else {
                        state = scalar == "\"" ? .basic : .literal
                    }
                    token = (byte + step, line, column)
                } else if scalar.value >= 0x80 {
                    return (line, column, invalid + "“\(Character(scalar))” outside a string: \(quoteRule)")
                } else if inKey {
                    if scalar == "=" || scalar == "]" {
                        inKey = false
                        expectValue = scalar == "="
                        valueDepth = keyBase + segments
                        if scalar == "]" && inHeader {
                            inHeader = false
                            tableDepth = segments
                        }
                    } else if scalar == "." {
                        expectSegment = true
                    } else if !(isBareKey(scalar) || isBlank(scalar)) {
                        return (line, column, invalid + "“\(Character(scalar))” cannot be part of a key: \(quoteRule)")
                    }
                } else if scalar == "{" {
                    containers.append("{")
                    depths.append(valueDepth)
                    keyBase = valueDepth
                    segments = 0
                    inKey = true
                    expectSegment = true
                    afterBrace = true
                } else if scalar == "[" {
                    if valueDepth + 1 > ConfigLimits.depth { return (line, column, tooDeep) }
                    containers.append("[")
                    depths.append(valueDepth)
                    valueDepth += 1
                    expectValue = true
                } else if scalar == "}" || scalar == "]" {
                    _ = containers.popLast()
                    _ = depths.popLast()
                } else if scalar == "," && containers.last == "{" {
                    keyBase = depths.last ?? 0
                    segments = 0
                    inKey = true
                    expectSegment = true
                } else if scalar == "," && containers.last == "[" {
                    valueDepth = (depths.last ?? 0) + 1
                    expectValue = true
                }
            case .comment:
                token = nil
                if scalar == "\n" {
                    state = .code
                    atLineStart = containers.isEmpty
                    inKey = false
                }
            case .basic, .multiBasic:
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if state == .basic && (scalar == "\"" || scalar == "\n") {
                    state = .code
                    token = nil
                    if scalar == "\n" { atLineStart = containers.isEmpty }
                } else if state == .multiBasic && isTriple("\"", at: index) {
                    state = .code
                    token = nil
                    step = 3
                }
            case .literal:
                if scalar == "'" || scalar == "\n" {
                    state = .code
                    token = nil
                    if scalar == "\n" { atLineStart = containers.isEmpty }
                }
            case .multiLiteral:
                if isTriple("'", at: index) {
                    state = .code
                    token = nil
                    step = 3
                }
            }
            for _ in 0..<step where index < scalars.count {
                byte += UTF8.width(scalars[index])
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        if let start = token, byte - start.byte > ConfigLimits.tokenBytes {
            return (start.line, start.column, tooLong)
        }
        return nil
    }
}
