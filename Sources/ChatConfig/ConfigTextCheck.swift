/// Checks a configuration file's text for what TOML forbids and toml++ (inside TOMLKit) does not
/// report but asserts on, aborting the whole program: control characters, non-ASCII characters
/// outside strings and comments, and any character a key cannot hold in a key's place (a table
/// header such as `[é]` or `[: x]`, a dotted key, a key in an inline table). Found by fuzzing
/// (`Benchmarks/Fuzz`, FuzzConfig); such text gets a located error here instead.
enum ConfigTextCheck {
    private static let quoteRule = "a key with characters other than A-Z a-z 0-9 _ - must be quoted (\"…\")"

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
        while index < scalars.count {
            let scalar = scalars[index]
            let allowedControl =
                scalar == "\t" || scalar == "\n"
                || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
            if (scalar.value < 0x20 && !allowedControl) || scalar.value == 0x7F {
                let code = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                return (line, column, "control character U+\(padded) is not allowed in a TOML file")
            }
            var step = 1
            switch state {
            case .code:
                if atLineStart && containers.isEmpty && !isBlank(scalar) && scalar != "\n" {
                    atLineStart = false
                    if scalar == "[" {
                        inKey = true
                        expectSegment = true
                        if index + 1 < scalars.count && scalars[index + 1] == "[" { step = 2 }
                        break
                    }
                    if scalar != "#" {
                        inKey = true
                        expectSegment = true
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
                            break
                        }
                        if !opensQuote { break }
                    } else if scalar.value >= 0x80 {
                        return (line, column, "“\(Character(scalar))” outside a string: \(quoteRule)")
                    } else if "\n=].},[".unicodeScalars.contains(scalar) {
                        return (line, column, "a key is missing before “\(Character(scalar == "\n" ? " " : scalar))”")
                    } else {
                        return (line, column, "“\(Character(scalar))” cannot be part of a key: \(quoteRule)")
                    }
                }
                if expectValue && !isBlank(scalar) {
                    let inArray = containers.last == "["
                    if inArray && (scalar == "\n" || scalar == "#") {
                        // Arrays may span lines and hold comments before a value.
                    } else if "\n#,}]=".unicodeScalars.contains(scalar) && !(inArray && scalar == "]") {
                        // `]` closes an empty array or follows a trailing comma.
                        return (line, column, "a value is missing before “\(Character(scalar == "\n" ? " " : scalar))”")
                    } else {
                        expectValue = false
                    }
                }
                if scalar == "#" && !inKey {
                    state = .comment
                } else if scalar == "\n" {
                    atLineStart = containers.isEmpty
                    inKey = false
                } else if scalar == "\"" {
                    if isTriple("\"", at: index) {
                        state = .multiBasic
                        step = 3
                    } else {
                        state = .basic
                    }
                } else if scalar == "'" {
                    if isTriple("'", at: index) {
                        state = .multiLiteral
                        step = 3
                    } else {
                        state = .literal
                    }
                } else if scalar.value >= 0x80 {
                    return (line, column, "“\(Character(scalar))” outside a string: \(quoteRule)")
                } else if inKey {
                    if scalar == "=" || scalar == "]" {
                        inKey = false
                        expectValue = scalar == "="
                    } else if scalar == "." {
                        expectSegment = true
                    } else if !(isBareKey(scalar) || isBlank(scalar)) {
                        return (line, column, "“\(Character(scalar))” cannot be part of a key: \(quoteRule)")
                    }
                } else if scalar == "{" {
                    containers.append("{")
                    inKey = true
                    expectSegment = true
                    afterBrace = true
                } else if scalar == "[" {
                    containers.append("[")
                    expectValue = true
                } else if scalar == "}" || scalar == "]" {
                    _ = containers.popLast()
                } else if scalar == "," && containers.last == "{" {
                    inKey = true
                    expectSegment = true
                } else if scalar == "," && containers.last == "[" {
                    expectValue = true
                }
            case .comment:
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
                    if scalar == "\n" { atLineStart = containers.isEmpty }
                } else if state == .multiBasic && isTriple("\"", at: index) {
                    state = .code
                    step = 3
                }
            case .literal:
                if scalar == "'" || scalar == "\n" {
                    state = .code
                    if scalar == "\n" { atLineStart = containers.isEmpty }
                }
            case .multiLiteral:
                if isTriple("'", at: index) {
                    state = .code
                    step = 3
                }
            }
            for _ in 0..<step where index < scalars.count {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        return nil
    }
}
