/// JSON text as the Python servers the demo server imitates write it: Starlette's `JSONResponse` (`json.dumps`
/// with `ensure_ascii=False` and compact separators) and pydantic's `model_dump_json`.
///
/// Those keep the keys in the order the code declares them and write non-ASCII text as UTF-8, so their bytes
/// are rebuilt here member by member rather than through `JSONEncoder`, which sorts or reorders keys.
enum PythonJSON {
    /// A JSON string literal: quotes, backslashes and control characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`,
    /// otherwise `\u00xx` in lower-case hex), everything else as is.
    static func string(_ text: String) -> String {
        var literal = "\""
        literal.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case "\u{08}": literal += "\\b"
            case "\u{0C}": literal += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// A JSON object with `members` in the given order; each value is JSON text already.
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// `value` as a JSON string literal, or `null` when it is `nil`.
    static func optionalString(_ value: String?) -> String {
        value.map(string) ?? "null"
    }
}
