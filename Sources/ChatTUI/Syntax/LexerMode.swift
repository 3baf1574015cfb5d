/// Where a code line leaves the lexer, so the next line starts there: the state carried from
/// line to line of a block (an open block comment, a string that goes on, an open tag).
enum LexerMode: Sendable, Hashable {
    case code
    /// Inside the language's block comment number `form`, `depth` deep (comments that nest).
    case blockComment(form: Int, depth: Int)
    /// Inside a string of the language's form number `form`; `inTag` inside a markup tag.
    case string(form: Int, inTag: Bool)
    /// Inside a markup tag, among its attributes.
    case tag
}
