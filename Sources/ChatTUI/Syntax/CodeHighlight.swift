/// How a fenced block's next line is coloured: the state carried from line to line, so that a
/// line's colours depend only on the lines before it.
enum CodeHighlight: Sendable, Hashable {
    /// No colours: the fence named a language chatterm does not know, or the guess found none.
    case plain
    /// The fence named no language: the first line with text decides (`LanguageGuess`).
    case guessing
    /// Lexing `language`, the line starting in `mode`.
    case lexing(CodeLanguage, LexerMode)

    /// The state of a block whose fence names `language` ("" for none).
    init(fence language: String) {
        if language.isEmpty {
            self = .guessing
        } else if let known = CodeLanguage.named(language) {
            self = .lexing(known, .code)
        } else {
            self = .plain
        }
    }

    /// The state after the complete code line `line`, started in this state.
    func after(_ line: Substring) -> CodeHighlight {
        var highlighter = CodeLineHighlighter(self)
        highlighter.append(line.utf8, complete: true)
        return highlighter.after
    }
}
