/// One step of `CodeLexer`: `length` bytes in `role`. A step is settled when text still to
/// come on the line cannot change it; a step that is not covers the rest of the text so far.
struct LexerStep: Sendable, Hashable {
    var length: Int
    var role: StyleRole
    var settled: Bool
}
