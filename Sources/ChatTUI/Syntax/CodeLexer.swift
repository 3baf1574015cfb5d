/// The one engine of the code highlighter: it reads a code line as UTF-8 bytes a step at a
/// time, in the terms of a `CodeLanguage`, from a `LexerCursor`. A step looks at most at the
/// byte after it, and says when it is settled (`LexerStep`), so a line that streams is lexed
/// from its last settled step only (`CodeLineHighlighter`), and the steps of a finished line are
/// those of the same line lexed in one go.
///
/// Whitespace takes the role of the step before it, and punctuation has a role of its own that
/// themes colour as code text: both keep the colour changes, and so the bytes ncurses sends,
/// to the words that matter.
struct CodeLexer: Sendable {
    let language: CodeLanguage
    var cursor: LexerCursor

    init(language: CodeLanguage, mode: LexerMode) {
        self.language = language
        cursor = LexerCursor(mode: mode)
    }

    /// The step at `index` of `bytes`, the line so far; `complete` when the line ends there.
    mutating func step(_ bytes: [UInt8], at index: Int, complete: Bool) -> LexerStep {
        if let role = cursor.restOfLine { return LexerStep(length: bytes.count - index, role: role, settled: true) }
        var scan = Scan(bytes: bytes, start: index, complete: complete)
        switch cursor.mode {
        case .blockComment(let form, let depth): return comment(&scan, form: form, depth: depth)
        case .string(let form, let inTag): return string(&scan, form: form, inTag: inTag)
        case .tag: return whitespace(&scan) ?? tag(&scan)
        case .code:
            if cursor.atFirstByte {
                cursor.atFirstByte = false
                if let step = firstByte(&scan) { return step }
            }
            if let step = whitespace(&scan) { return step }
            if cursor.atLineStart, let step = lineStart(&scan) { return step }
            return code(&scan)
        }
    }

    // MARK: - Modes

    private mutating func comment(_ scan: inout Scan, form: Int, depth: Int) -> LexerStep {
        let marks = language.blockComments[form]
        var at = scan.start
        while at < scan.bytes.count {
            let close = scan.match(marks.close, at: at)
            let open = marks.nests ? scan.match(marks.open, at: at) : .no
            if close == .maybe || open == .maybe { break }
            if close == .yes || open == .yes {
                if at > scan.start { break }
                cursor.mode =
                    open == .yes
                    ? .blockComment(form: form, depth: depth + 1)
                    : depth > 1 ? .blockComment(form: form, depth: depth - 1) : .code
                return done(close == .yes ? marks.close.count : marks.open.count, .codeComment)
            }
            at += 1
        }
        if at > scan.start { return done(at - scan.start, .codeComment) }
        return scan.pending(.codeComment)
    }

    private mutating func string(_ scan: inout Scan, form: Int, inTag: Bool) -> LexerStep {
        let string = language.strings[form]
        var at = scan.start
        while at < scan.bytes.count {
            if string.escapes && scan.bytes[at] == Byte.backslash {
                if at > scan.start { break }
                if at + 1 < scan.bytes.count { return done(2, .codeString) }
                return scan.complete ? done(1, .codeString) : scan.pending(.codeString)
            }
            let close = scan.match(string.close, at: at)
            if close == .maybe { break }
            if close == .yes {
                if at > scan.start { break }
                cursor.mode = inTag ? .tag : .code
                return done(string.close.count, .codeString)
            }
            at += 1
        }
        if at > scan.start { return done(at - scan.start, .codeString) }
        return scan.pending(.codeString)
    }

    private mutating func tag(_ scan: inout Scan) -> LexerStep {
        let byte = scan.bytes[scan.start]
        if cursor.tagName {
            cursor.tagName = false
            let end = scan.end(from: scan.start, while: Byte.isNameByte)
            if end > scan.start {
                return scan.reachesEnd(end) ? scan.pending(.codeKeyword) : done(end - scan.start, .codeKeyword)
            }
        }
        switch byte {
        case Byte.greater:
            cursor.mode = .code
            return done(1, .codePunctuation)
        case Byte.slash, Byte.question:
            switch scan.match([byte, Byte.greater], at: scan.start) {
            case .yes:
                cursor.mode = .code
                return done(2, .codePunctuation)
            case .maybe: return scan.pending(.codePunctuation)
            case .no: return done(1, .codePunctuation)
            }
        case Byte.quote, Byte.apostrophe:
            if let form = language.strings.firstIndex(where: { $0.open == [byte] }) {
                cursor.mode = .string(form: form, inTag: true)
                return done(1, .codeString)
            }
            return done(1, .codePunctuation)
        default:
            let end = scan.end(from: scan.start, while: Byte.isNameByte)
            guard end > scan.start else { return done(1, .codePunctuation) }
            return scan.reachesEnd(end) ? scan.pending(.codeType) : done(end - scan.start, .codeType)
        }
    }

    // MARK: - Code

    private mutating func whitespace(_ scan: inout Scan) -> LexerStep? {
        let end = scan.end(from: scan.start, while: Byte.isSpace)
        guard end > scan.start else { return nil }
        cursor.afterSpace = true
        let role = cursor.atLineStart || cursor.previous == .codeString ? StyleRole.codeBlock : cursor.previous
        return LexerStep(length: end - scan.start, role: role, settled: true)
    }

    private mutating func code(_ scan: inout Scan) -> LexerStep {
        let start = scan.start
        let byte = scan.bytes[start]
        for marker in language.lineComments where !language.commentNeedsSpace || cursor.afterSpace {
            switch scan.match(marker, at: start) {
            case .yes:
                cursor.restOfLine = .codeComment
                return done(scan.bytes.count - start, .codeComment)
            case .maybe: return scan.pending(.codePunctuation)
            case .no: continue
            }
        }
        for (form, marks) in language.blockComments.enumerated() {
            switch scan.match(marks.open, at: start) {
            case .yes:
                cursor.mode = .blockComment(form: form, depth: 1)
                return done(marks.open.count, .codeComment)
            case .maybe: return scan.pending(.codePunctuation)
            case .no: continue
            }
        }
        if language.markup { return markup(&scan) }
        if let step = stringOpening(&scan) { return step }
        if language.variables && byte == Byte.dollar { return variable(&scan) }
        if language.numbers && Byte.isDigit(byte) { return number(&scan) }
        if language.annotations && byte == Byte.at {
            guard start + 1 < scan.bytes.count else {
                return scan.complete ? done(1, .codePunctuation) : scan.pending(.codeType)
            }
            if isWordStart(scan.bytes[start + 1]) {
                let end = scan.end(from: start + 1, while: isWordByte)
                return scan.reachesEnd(end) ? scan.pending(.codeType) : done(end - start, .codeType)
            }
        }
        if isWordStart(byte) { return word(&scan) }
        return done(1, .codePunctuation)
    }

    /// A string's opening quote, or a character literal whole; nil when there is none here.
    private mutating func stringOpening(_ scan: inout Scan) -> LexerStep? {
        let start = scan.start
        for (form, string) in language.strings.enumerated() {
            switch scan.match(string.open, at: start) {
            case .no: continue
            case .maybe: return scan.pending(.codeString)
            case .yes:
                guard string.characterOnly else {
                    cursor.mode = .string(form: form, inTag: false)
                    return done(string.open.count, .codeString)
                }
                switch characterLiteral(scan, closing: string.close) {
                case .some(.some(let length)): return done(length, .codeString)
                case .some(.none): continue
                case .none: return scan.pending(.codeString)
                }
            }
        }
        return nil
    }

    /// The length of the character literal at the scan's start (`'a'`, `'\n'`); .some(nil) when
    /// there is none (a Rust lifetime), nil when the text so far cannot tell.
    private func characterLiteral(_ scan: Scan, closing: [UInt8]) -> Int?? {
        let bytes = scan.bytes
        let first = scan.start + 1
        guard first < bytes.count else { return scan.complete ? .some(nil) : nil }
        if bytes[first] == Byte.backslash {
            let limit = min(bytes.count, first + 12)
            for at in first + 2..<max(first + 2, limit) where scan.match(closing, at: at) == .yes {
                return .some(at + closing.count - scan.start)
            }
            return limit < first + 12 && !scan.complete ? nil : .some(nil)
        }
        let after = first + Byte.scalarLength(bytes[first])
        switch scan.match(closing, at: after) {
        case .yes: return .some(after + closing.count - scan.start)
        case .maybe: return nil
        case .no: return .some(nil)
        }
    }

    private mutating func variable(_ scan: inout Scan) -> LexerStep {
        let start = scan.start
        guard start + 1 < scan.bytes.count else {
            return scan.complete ? done(1, .codePunctuation) : scan.pending(.codeType)
        }
        let next = scan.bytes[start + 1]
        if next == Byte.openBrace {
            guard let close = scan.bytes[(start + 2)...].firstIndex(of: Byte.closeBrace) else {
                return scan.complete ? done(scan.bytes.count - start, .codeType) : scan.pending(.codeType)
            }
            return done(close + 1 - start, .codeType)
        }
        if isWordStart(next) {
            let end = scan.end(
                from: start + 1, while: { Byte.isDigit($0) || Byte.isLetter($0) || $0 == Byte.underscore })
            return scan.reachesEnd(end) ? scan.pending(.codeType) : done(end - start, .codeType)
        }
        if Byte.isDigit(next) || Byte.specialParameters.contains(next) { return done(2, .codeType) }
        return done(1, .codePunctuation)
    }

    private mutating func number(_ scan: inout Scan) -> LexerStep {
        let bytes = scan.bytes
        var at = scan.start
        let hex = at + 1 < bytes.count && bytes[at] == Byte.zero && bytes[at + 1] | 0x20 == Byte.lowerX
        if hex { at += 2 }
        while at < bytes.count {
            let byte = bytes[at]
            if Byte.isDigit(byte) || Byte.isLetter(byte) || byte == Byte.underscore {
                let sign = at + 1 < bytes.count && (bytes[at + 1] == Byte.plus || bytes[at + 1] == Byte.minus)
                at += !hex && byte | 0x20 == Byte.lowerE && sign ? 2 : 1
            } else if byte == Byte.dot {
                guard at + 1 < bytes.count else {
                    if scan.complete { break }
                    return scan.pending(.codeNumber)
                }
                guard Byte.isDigit(bytes[at + 1]) else { break }
                at += 1
            } else {
                break
            }
        }
        return scan.reachesEnd(at) ? scan.pending(.codeNumber) : done(at - scan.start, .codeNumber)
    }

    private mutating func word(_ scan: inout Scan) -> LexerStep {
        let start = scan.start
        let end = scan.end(from: start, while: isWordByte)
        let next = end < scan.bytes.count ? scan.bytes[end] : nil
        let text = String(decoding: scan.bytes[start..<end], as: UTF8.self)
        if let next, language.stringPrefixes.contains(text), language.strings.contains(where: { $0.open.first == next })
        {
            return done(end - start, .codeString)
        }
        let role = classify(text, next: next)
        return scan.reachesEnd(end) ? scan.pending(role) : done(end - start, role)
    }

    private func classify(_ text: String, next: UInt8?) -> StyleRole {
        let key = language.caseInsensitive ? text.lowercased() : text
        if language.keywords.contains(key) && (language.lineRule != .instruction || cursor.atLineStart) {
            return .codeKeyword
        }
        if language.constants.contains(key) { return .codeNumber }
        if language.types.contains(key) { return .codeType }
        if language.callsAreFunctions && next == Byte.openParenthesis { return .codeFunction }
        if language.bangIsCall && next == Byte.bang { return .codeFunction }
        if language.capitalisedAreTypes, let first = text.utf8.first, Byte.isUpper(first) { return .codeType }
        return .codeBlock
    }

    private mutating func markup(_ scan: inout Scan) -> LexerStep {
        let start = scan.start
        let bytes = scan.bytes
        switch bytes[start] {
        case Byte.less:
            guard start + 1 < bytes.count else {
                return scan.complete ? done(1, .codeBlock) : scan.pending(.codePunctuation)
            }
            let next = bytes[start + 1]
            guard Byte.isLetter(next) || next == Byte.slash || next == Byte.question || next == Byte.bang else {
                return done(1, .codeBlock)
            }
            cursor.mode = .tag
            cursor.tagName = true
            return done(Byte.isLetter(next) ? 1 : 2, .codePunctuation)
        case Byte.ampersand:
            let end = scan.end(from: start + 1, while: { Byte.isLetter($0) || Byte.isDigit($0) || $0 == Byte.hash })
            if scan.reachesEnd(end) { return scan.pending(.codeBlock) }
            if end > start + 1 && end < bytes.count && bytes[end] == Byte.semicolon {
                return done(end + 1 - start, .codeNumber)
            }
            return done(1, .codeBlock)
        default:
            let end = scan.end(from: start) { $0 != Byte.less && $0 != Byte.ampersand && !Byte.isSpace($0) }
            return done(end - start, .codeBlock)
        }
    }

    // MARK: - Line rules

    /// diff's and a prompt's rules, which read the line's first byte.
    private mutating func firstByte(_ scan: inout Scan) -> LexerStep? {
        switch language.lineRule {
        case .diff:
            for (prefix, role) in Self.diffLines {
                switch scan.match(prefix, at: scan.start) {
                case .yes:
                    cursor.restOfLine = role
                    return done(scan.bytes.count - scan.start, role)
                case .maybe: return scan.pending(.codeBlock)
                case .no: continue
                }
            }
            cursor.restOfLine = .codeBlock
            return done(scan.bytes.count - scan.start, .codeBlock)
        case .prompt:
            switch scan.match(Array("$ ".utf8), at: scan.start) {
            case .yes: return done(2, .codePunctuation, keepLineStart: true)
            case .maybe: return scan.pending(.codeBlock)
            case .no:
                cursor.restOfLine = .codeBlock
                return done(scan.bytes.count - scan.start, .codeBlock)
            }
        default:
            return nil
        }
    }

    /// The first lines of a diff that colour the whole line, in the order they are tried.
    private static let diffLines: [([UInt8], StyleRole)] = [
        ("+++", .codeKeyword), ("---", .codeKeyword), ("diff ", .codeKeyword), ("index ", .codeKeyword),
        ("@@", .codeFunction), ("+", .diffAdded), ("-", .diffRemoved),
    ].map { (Array($0.utf8), $1) }

    /// The rules for the first word of a line; nil to lex it as any other word.
    private mutating func lineStart(_ scan: inout Scan) -> LexerStep? {
        let start = scan.start
        let bytes = scan.bytes
        switch language.lineRule {
        case .colonKey:
            if bytes[start] == Byte.minus {
                guard start + 1 < bytes.count else { return scan.complete ? nil : scan.pending(.codePunctuation) }
                if Byte.isSpace(bytes[start + 1]) { return done(1, .codePunctuation, keepLineStart: true) }
            }
            guard isWordStart(bytes[start]) || Byte.isDigit(bytes[start]) else { return nil }
            var at = start
            while at < bytes.count {
                if bytes[at] == Byte.colon {
                    guard at + 1 < bytes.count else {
                        return scan.complete ? done(at - start, .codeType) : scan.pending(.codeBlock)
                    }
                    if Byte.isSpace(bytes[at + 1]) { return done(at - start, .codeType) }
                } else if bytes[at] == Byte.hash && Byte.isSpace(bytes[at - 1]) {
                    return nil
                }
                at += 1
            }
            return scan.complete ? nil : scan.pending(.codeBlock)
        case .equalsKey:
            if bytes[start] == Byte.openBracket {
                cursor.restOfLine = .codeKeyword
                return done(bytes.count - start, .codeKeyword)
            }
            guard isWordStart(bytes[start]) || bytes[start] == Byte.quote else { return nil }
            let end = scan.end(from: start) { self.isWordByte($0) || Byte.keyBytes.contains($0) }
            if scan.reachesEnd(end) { return scan.pending(.codeBlock) }
            guard end < bytes.count, bytes[end] == Byte.equals else { return nil }
            var keyEnd = end
            while keyEnd > start && Byte.isSpace(bytes[keyEnd - 1]) { keyEnd -= 1 }
            return done(keyEnd - start, .codeType)
        case .preprocessor:
            guard bytes[start] == Byte.hash else { return nil }
            let wordStart = scan.end(from: start + 1, while: Byte.isSpace)
            let end = scan.end(from: wordStart, while: Byte.isLetter)
            if scan.reachesEnd(end) { return scan.pending(.codeKeyword) }
            let directive = String(decoding: bytes[wordStart..<end], as: UTF8.self)
            let step = done(end - start, .codeKeyword)
            if directive == "include" || directive == "import" { cursor.restOfLine = .codeString }
            return step
        case .instruction:
            guard Byte.isLetter(bytes[start]) else { return nil }
            let end = scan.end(from: start, while: isWordByte)
            if scan.reachesEnd(end) { return scan.pending(.codeBlock) }
            return nil
        case .none, .diff, .prompt:
            return nil
        }
    }

    // MARK: - Helpers

    /// A settled step of `length` bytes in `role`, which the whitespace after it takes on.
    private mutating func done(_ length: Int, _ role: StyleRole, keepLineStart: Bool = false) -> LexerStep {
        cursor.previous = role
        cursor.afterSpace = false
        if !keepLineStart { cursor.atLineStart = false }
        return LexerStep(length: length, role: role, settled: true)
    }

    private func isWordStart(_ byte: UInt8) -> Bool {
        Byte.isLetter(byte) || byte == Byte.underscore || byte >= 0x80 || language.wordBytes.contains(byte)
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || Byte.isDigit(byte)
    }
}

/// The text a step reads: the line so far, where the step starts, and whether the line ends
/// with the text.
private struct Scan {
    enum Match { case yes, no, maybe }

    let bytes: [UInt8]
    let start: Int
    let complete: Bool

    /// Whether `marker` is at `index`; `maybe` when the text so far ends in its first bytes.
    func match(_ marker: [UInt8], at index: Int) -> Match {
        for (offset, byte) in marker.enumerated() {
            guard index + offset < bytes.count else { return complete ? .no : .maybe }
            if bytes[index + offset] != byte { return .no }
        }
        return .yes
    }

    /// The index of the first byte from `index` on that `accepts` refuses, or the end.
    func end(from index: Int, while accepts: (UInt8) -> Bool) -> Int {
        var at = index
        while at < bytes.count && accepts(bytes[at]) { at += 1 }
        return at
    }

    /// Whether a run ending at `index` reached the end of a line that goes on, so more text
    /// may extend it.
    func reachesEnd(_ index: Int) -> Bool { index >= bytes.count && !complete }

    /// The rest of the text so far as one step that is not settled.
    func pending(_ role: StyleRole) -> LexerStep {
        LexerStep(length: bytes.count - start, role: role, settled: false)
    }
}
