/// A programming language as the code highlighter sees it: pure data (its words, comment and
/// string markers, number forms and a rule for the start of a line), read by the one engine,
/// `CodeLexer`. Each language is a value in a `CodeLanguage+Family` file; `CodeLanguage.named`
/// finds one by a fence's word.
///
/// A class so that a block's state can hold its language cheaply; equal by name.
final class CodeLanguage: Sendable, Hashable {
    /// A block comment's markers; `nests` for Swift's and Rust's comments inside comments.
    struct BlockComment: Sendable, Hashable {
        var open: [UInt8]
        var close: [UInt8]
        var nests = false
    }

    /// A form of string literal: its opening and closing markers, whether a backslash escapes
    /// the next byte, and whether it may go on over the end of a line.
    struct StringForm: Sendable, Hashable {
        var open: [UInt8]
        var close: [UInt8]
        var escapes = true
        var spansLines = false
        /// A character literal that is only one when it closes right away (Rust's `'a'`,
        /// against the lifetime `'a`).
        var characterOnly = false
    }

    /// What the start of a line decides in languages where it matters.
    enum LineRule: Sendable, Hashable {
        case none
        /// diff: the first character colours the whole line.
        case diff
        /// Dockerfile: the first word is an instruction.
        case instruction
        /// YAML: `key:` after the indentation and any `- `.
        case colonKey
        /// TOML: `[section]` lines and `key =`.
        case equalsKey
        /// C and C++: `#include` and the other directives.
        case preprocessor
        /// A terminal session: `$ ` lines are shell, the others the commands' output.
        case prompt
    }

    /// The name shown and matched first; the fence words that also name it.
    let name: String
    let aliases: [String]
    let keywords: Set<String>
    /// Types and built-in names.
    let types: Set<String>
    /// Literal words such as `true`, `nil`, `None`: coloured as numbers.
    let constants: Set<String>
    /// Words match whatever their case (SQL, Dockerfile); the sets above are then lower case.
    let caseInsensitive: Bool
    /// A word starting with a capital letter is a type (Swift, Rust, Java …).
    let capitalisedAreTypes: Bool
    /// A word followed by `(` is a function.
    let callsAreFunctions: Bool
    /// A word followed by `!` is a macro, coloured as a function (Rust).
    let bangIsCall: Bool
    let lineComments: [[UInt8]]
    /// A line comment starts only at a word's start (shell, YAML: `a#b` is no comment).
    let commentNeedsSpace: Bool
    let blockComments: [BlockComment]
    /// Longest opening first, so `"""` is tried before `"`.
    let strings: [StringForm]
    /// Words that, right before a quote, belong to the string (`r"…"`, `f'…'`, `b"…"`).
    let stringPrefixes: Set<String>
    let numbers: Bool
    /// Bytes that may be part of a word besides letters, digits and `_` (`$` in JavaScript).
    let wordBytes: Set<UInt8>
    /// `@name` is an annotation, coloured as a type (Python decorators, Java, Swift).
    let annotations: Bool
    /// `$name`, `${…}` and `$1` are variables, coloured as types (shell, Dockerfile).
    let variables: Bool
    /// Tags, attributes and entities (HTML, XML).
    let markup: Bool
    let lineRule: LineRule

    init(
        name: String, aliases: [String] = [], keywords: [String] = [], types: [String] = [],
        constants: [String] = [], caseInsensitive: Bool = false, capitalisedAreTypes: Bool = false,
        callsAreFunctions: Bool = true, bangIsCall: Bool = false, lineComments: [String] = [],
        commentNeedsSpace: Bool = false, blockComments: [BlockComment] = [], strings: [StringForm] = [],
        stringPrefixes: [String] = [], numbers: Bool = true, wordBytes: String = "", annotations: Bool = false,
        variables: Bool = false, markup: Bool = false, lineRule: LineRule = .none
    ) {
        let fold: (String) -> String = { caseInsensitive ? $0.lowercased() : $0 }
        self.name = name
        self.aliases = aliases
        self.keywords = Set(keywords.map(fold))
        self.types = Set(types.map(fold))
        self.constants = Set(constants.map(fold))
        self.caseInsensitive = caseInsensitive
        self.capitalisedAreTypes = capitalisedAreTypes
        self.callsAreFunctions = callsAreFunctions
        self.bangIsCall = bangIsCall
        self.lineComments = lineComments.map { Array($0.utf8) }
        self.commentNeedsSpace = commentNeedsSpace
        self.blockComments = blockComments
        self.strings = strings.sorted { $0.open.count > $1.open.count }
        self.stringPrefixes = Set(stringPrefixes)
        self.numbers = numbers
        self.wordBytes = Set(wordBytes.utf8)
        self.annotations = annotations
        self.variables = variables
        self.markup = markup
        self.lineRule = lineRule
    }

    static func == (lhs: CodeLanguage, rhs: CodeLanguage) -> Bool { lhs.name == rhs.name }

    func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension CodeLanguage.BlockComment {
    init(_ open: String, _ close: String, nests: Bool = false) {
        self.init(open: Array(open.utf8), close: Array(close.utf8), nests: nests)
    }
}

extension CodeLanguage.StringForm {
    init(
        _ open: String, _ close: String? = nil, escapes: Bool = true, spansLines: Bool = false,
        characterOnly: Bool = false
    ) {
        self.init(
            open: Array(open.utf8), close: Array((close ?? open).utf8), escapes: escapes, spansLines: spansLines,
            characterOnly: characterOnly)
    }
}
