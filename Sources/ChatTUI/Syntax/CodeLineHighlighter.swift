/// The roles of one code line's bytes, from the block's `CodeHighlight` at its start, kept up
/// to date as the line grows: each update lexes from the last settled step on (`CodeLexer`),
/// so a line that streams costs its new text, and the line once complete has the roles it has
/// when lexed in one go.
///
/// A block without a language guesses it (`LanguageGuess`) from its first line with text, once
/// that line is complete or longer than `LanguageGuess.window` bytes; until then nothing of the
/// line is settled, and it shows the colours of the guess from the line so far.
struct CodeLineHighlighter: Sendable {
    private enum Engine: Sendable {
        case plain
        case guessing
        case lexing(CodeLexer)
    }

    private var engine: Engine
    /// The line so far, kept while it is lexed or guessed from.
    private var bytes: [UInt8] = []
    private var count = 0
    private var roles: [StyleRole] = []
    /// Bytes whose roles text still to come cannot change.
    private(set) var settled = 0
    private var complete = false

    init(_ start: CodeHighlight) {
        switch start {
        case .plain: engine = .plain
        case .guessing: engine = .guessing
        case .lexing(let language, let mode): engine = .lexing(CodeLexer(language: language, mode: mode))
        }
    }

    /// Adds `piece` to the line; `complete` when the line ends with it.
    mutating func append(_ piece: some Collection<UInt8>, complete: Bool) {
        count += piece.count
        self.complete = complete
        switch engine {
        case .plain:
            settled = count
        case .guessing:
            bytes.append(contentsOf: piece)
            guard complete || count > LanguageGuess.window else {
                // Shown as the line would be if it ended here; nothing settled until it does.
                var ending = CodeLineHighlighter(.guessing)
                ending.append(bytes, complete: true)
                roles = ending.roles
                return
            }
            roles = []
            let window = bytes.prefix(LanguageGuess.window)
            if window.allSatisfy(Byte.isSpace) {
                // A blank line leaves the guess to the next line; a longer run of spaces is code.
                if complete && count <= LanguageGuess.window {
                    settled = count
                    return
                }
                engine = .plain
            } else if let language = LanguageGuess.language(of: window) {
                engine = .lexing(CodeLexer(language: language, mode: .code))
                lex()
                return
            } else {
                engine = .plain
            }
            bytes = []
            settled = count
        case .lexing:
            bytes.append(contentsOf: piece)
            lex()
        }
    }

    /// The role of the byte at `offset`.
    func role(at offset: Int) -> StyleRole {
        offset < roles.count ? roles[offset] : .codeBlock
    }

    /// The state the next line starts in, once this one is complete.
    var after: CodeHighlight {
        switch engine {
        case .plain: return .plain
        case .guessing: return .guessing
        case .lexing(let lexer): return .lexing(lexer.language, lexer.cursor.modeAfterLine(of: lexer.language))
        }
    }

    /// Lexes from the last settled step. The steps after the first one that is not settled are
    /// lexed as if the line ended with the text so far, so the line shows now the colours it
    /// keeps if the reply stops here.
    private mutating func lex() {
        guard case .lexing(var settledLexer) = engine else { return }
        roles.removeSubrange(min(settled, roles.count)...)
        var index = settled
        var lexer = settledLexer
        var ending = complete
        while index < bytes.count {
            let before = lexer
            var step = lexer.step(bytes, at: index, complete: ending)
            if !step.settled && !ending {
                lexer = before
                ending = true
                continue
            }
            // Every step takes a byte at least; one that did not would stall the reply.
            step.length = max(1, min(step.length, bytes.count - index))
            roles.append(contentsOf: repeatElement(step.role, count: step.length))
            index += step.length
            if ending == complete {
                settled = index
                settledLexer = lexer
            }
        }
        engine = .lexing(settledLexer)
    }
}
