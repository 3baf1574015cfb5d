/// Where `CodeLexer` stands inside a line: the mode carried from line to line, and what the
/// line so far tells the next step.
struct LexerCursor: Sendable, Hashable {
    var mode: LexerMode
    /// Nothing but indentation so far, so line rules apply (`#include`, `key:`, `FROM`).
    var atLineStart = true
    /// The first byte is still to come (diff's and a prompt's rules look at it).
    var atFirstByte = true
    /// The rest of the line has this role (a line comment, a diff line).
    var restOfLine: StyleRole?
    /// The role of the last step that was not whitespace, which whitespace takes on.
    var previous = StyleRole.codeBlock
    /// The last byte was whitespace, or there was none.
    var afterSpace = true
    /// Inside a tag whose name comes next.
    var tagName = false

    init(mode: LexerMode) {
        self.mode = mode
    }

    /// The mode the next line starts in, once this line is complete: a string that cannot go
    /// on over a line's end ends with it.
    func modeAfterLine(of language: CodeLanguage) -> LexerMode {
        if case .string(let form, let inTag) = mode, !language.strings[form].spansLines { return inTag ? .tag : .code }
        return mode
    }
}
