/// Splits text into word-like tokens the way a language model's stream looks to a client.
///
/// Spaces belong to the token that follows them (`" streaming"`), punctuation and emoji are tokens of their
/// own, CJK ideographs come in pieces of one or two characters, and runs of line breaks form one token.
/// The tokens always concatenate to exactly the input.
enum DemoTokenizer {
    /// The tokens of `text`; `tokenize(text).joined() == text`.
    static func tokenize(_ text: String) -> [String] {
        let characters = Array(text)
        var tokens: [String] = []
        var pendingSpaces = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let kind = Kind(character)
            if kind == .space {
                pendingSpaces.append(character)
                index += 1
                continue
            }
            var token = pendingSpaces
            pendingSpaces = ""
            token.append(character)
            index += 1
            switch kind {
            case .newline:
                while index < characters.count, Kind(characters[index]) == .newline {
                    token.append(characters[index])
                    index += 1
                }
            case .word:
                while index < characters.count, continuesWord(characters, at: index) {
                    token.append(characters[index])
                    index += 1
                }
            case .ideograph:
                if index < characters.count, Kind(characters[index]) == .ideograph {
                    token.append(characters[index])
                    index += 1
                }
            case .space, .single:
                break
            }
            tokens.append(token)
        }
        if !pendingSpaces.isEmpty {
            tokens.append(pendingSpaces)
        }
        return tokens
    }

    /// Whether the character at `index` extends the word before it: a letter or digit, or an apostrophe
    /// between letters (`"chatterm's"`).
    private static func continuesWord(_ characters: [Character], at index: Int) -> Bool {
        switch Kind(characters[index]) {
        case .word:
            return true
        case .single where characters[index] == "'" || characters[index] == "\u{2019}":
            return index + 1 < characters.count && Kind(characters[index + 1]) == .word
        default:
            return false
        }
    }

    /// The role a character plays in tokenization.
    private enum Kind: Equatable {
        case space, newline, word, ideograph, single

        init(_ character: Character) {
            if character.isNewline {
                self = .newline
            } else if character.isWhitespace {
                self = .space
            } else if let scalar = character.unicodeScalars.first, Self.isIdeograph(scalar) {
                self = .ideograph
            } else if character.isLetter || character.isNumber {
                self = .word
            } else {
                self = .single
            }
        }

        /// CJK ideographs, kana and hangul syllables; CJK punctuation is not included.
        private static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
                0x20000...0x2FFFF:
                return true
            default:
                return false
            }
        }
    }
}
