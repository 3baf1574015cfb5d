/// The languages with C's braces, comments and strings.
extension CodeLanguage {
    private static let slashComments = (line: ["//"], block: [BlockComment("/*", "*/")])
    private static let cStrings = [StringForm("\""), StringForm("'")]

    static let c = CodeLanguage(
        name: "c", aliases: ["h"],
        keywords: cKeywords, types: cTypes, constants: ["NULL", "true", "false"],
        lineComments: slashComments.line, blockComments: slashComments.block, strings: cStrings,
        stringPrefixes: ["L", "u", "U", "u8"], lineRule: .preprocessor)

    static let cpp = CodeLanguage(
        name: "cpp", aliases: ["c++", "cc", "cxx", "hpp", "hh", "hxx", "h++"],
        keywords: cKeywords + [
            "class", "namespace", "template", "typename", "public", "private", "protected", "virtual", "override",
            "final", "new", "delete", "this", "using", "try", "catch", "throw", "noexcept", "constexpr", "consteval",
            "decltype", "explicit", "friend", "mutable", "operator", "co_await", "co_return", "co_yield", "concept",
            "requires", "static_cast", "dynamic_cast", "reinterpret_cast", "const_cast", "export", "import", "module",
        ],
        types: cTypes + [
            "bool", "string", "vector", "map", "unordered_map", "set", "unique_ptr", "shared_ptr", "auto",
        ],
        constants: ["nullptr", "NULL", "true", "false"],
        lineComments: slashComments.line, blockComments: slashComments.block, strings: cStrings,
        stringPrefixes: ["L", "u", "U", "u8", "R"], lineRule: .preprocessor)

    static let java = CodeLanguage(
        name: "java",
        keywords: [
            "abstract", "assert", "break", "case", "catch", "class", "continue", "default", "do", "else", "enum",
            "extends", "final", "finally", "for", "if", "implements", "import", "instanceof", "interface", "native",
            "new", "package", "private", "protected", "public", "return", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "volatile", "while", "var", "record",
            "sealed", "permits", "yield",
        ],
        types: ["boolean", "byte", "char", "double", "float", "int", "long", "short", "void", "String", "Object"],
        constants: ["true", "false", "null"], capitalisedAreTypes: true,
        lineComments: slashComments.line, blockComments: slashComments.block,
        strings: [StringForm("\"\"\"", spansLines: true)] + cStrings, annotations: true)

    static let go = CodeLanguage(
        name: "go", aliases: ["golang"],
        keywords: [
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func",
            "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct",
            "switch", "type", "var",
        ],
        types: [
            "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32",
            "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any", "append",
            "cap", "close", "copy", "delete", "len", "make", "new", "panic", "print", "println", "recover",
        ],
        constants: ["true", "false", "nil", "iota"],
        lineComments: slashComments.line, blockComments: slashComments.block,
        strings: [StringForm("\""), StringForm("'"), StringForm("`", escapes: false, spansLines: true)])

    static let rust = CodeLanguage(
        name: "rust", aliases: ["rs"],
        keywords: [
            "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "fn",
            "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
            "Self", "static", "struct", "super", "trait", "type", "unsafe", "use", "where", "while", "yield",
        ],
        types: [
            "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "str", "u8", "u16", "u32",
            "u64", "u128", "usize",
        ],
        constants: ["true", "false", "None", "Some", "Ok", "Err"], capitalisedAreTypes: true, bangIsCall: true,
        lineComments: slashComments.line, blockComments: [BlockComment("/*", "*/", nests: true)],
        strings: [StringForm("\"", spansLines: true), StringForm("'", characterOnly: true)],
        stringPrefixes: ["b", "r", "br"])

    static let swift = CodeLanguage(
        name: "swift",
        keywords: [
            "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue",
            "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "fileprivate", "final",
            "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "mutating",
            "nonisolated", "open", "operator", "override", "private", "protocol", "public", "repeat", "rethrows",
            "return", "self", "Self", "some", "static", "struct", "subscript", "super", "switch", "throw", "throws",
            "try", "typealias", "var", "where", "while", "lazy", "weak", "convenience", "required", "indirect",
        ],
        constants: ["true", "false", "nil"], capitalisedAreTypes: true,
        lineComments: slashComments.line, blockComments: [BlockComment("/*", "*/", nests: true)],
        strings: [StringForm("\"\"\"", spansLines: true), StringForm("\"")], annotations: true)

    static let javascript = CodeLanguage(
        name: "javascript", aliases: ["js", "jsx", "mjs", "cjs", "node"],
        keywords: jsKeywords, types: jsBuiltins, constants: jsConstants,
        lineComments: slashComments.line, blockComments: slashComments.block, strings: jsStrings, wordBytes: "$")

    static let typescript = CodeLanguage(
        name: "typescript", aliases: ["ts", "tsx", "mts", "cts"],
        keywords: jsKeywords + [
            "interface", "type", "enum", "implements", "namespace", "declare", "abstract", "readonly", "private",
            "public", "protected", "keyof", "infer", "is", "as", "satisfies",
        ],
        types: jsBuiltins + ["string", "number", "boolean", "any", "unknown", "never", "void", "object", "bigint"],
        constants: jsConstants, capitalisedAreTypes: true,
        lineComments: slashComments.line, blockComments: slashComments.block, strings: jsStrings, wordBytes: "$",
        annotations: true)

    private static let cKeywords = [
        "auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern", "for", "goto", "if",
        "inline", "register", "restrict", "return", "sizeof", "static", "struct", "switch", "typedef", "union",
        "volatile", "while", "_Bool", "_Atomic", "_Static_assert",
    ]

    private static let cTypes = [
        "char", "double", "float", "int", "long", "short", "signed", "unsigned", "void", "size_t", "ssize_t",
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "FILE", "bool",
    ]

    private static let jsKeywords = [
        "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
        "do", "else", "export", "extends", "finally", "for", "from", "function", "if", "import", "in", "instanceof",
        "let", "new", "of", "return", "static", "super", "switch", "this", "throw", "try", "typeof", "var", "void",
        "while", "with", "yield", "get", "set",
    ]

    private static let jsBuiltins = [
        "Array", "Boolean", "Date", "Error", "JSON", "Map", "Math", "Number", "Object", "Promise", "RegExp", "Set",
        "String", "Symbol", "console", "document", "window", "globalThis", "process", "require", "module",
    ]

    private static let jsConstants = ["true", "false", "null", "undefined", "NaN", "Infinity"]

    private static let jsStrings = [
        StringForm("\""), StringForm("'"), StringForm("`", spansLines: true),
    ]
}
