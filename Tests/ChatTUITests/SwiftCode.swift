/// The code of a Swift file without its comments: every `//`, `///` and (nested) `/* */` comment
/// blanked with spaces, line breaks kept, so each line keeps its number. String literals are
/// followed (`"…"`, `"""…"""`, raw `#"…"#`, and the code of their `\(…)` interpolations), so `//`
/// inside a string, as in a URL, starts no comment and the string's own text stays.
enum SwiftCode {
    static func withoutComments(_ source: String) -> String {
        read(source).code
    }

    /// The code without comments, and whether the file ends in code, outside every string
    /// literal: when it does not, the file was misread (or does not compile).
    static func read(_ source: String) -> (code: String, endsInCode: Bool) {
        var scanner = Scanner(bytes: Array(source.utf8))
        scanner.run()
        return (String(decoding: scanner.bytes, as: UTF8.self), scanner.endsInCode)
    }

    /// Where the scanner is: in code, or in a string literal.
    private enum Context {
        /// Code: the file's own (`interpolation` nil), or an interpolation's, with the number of
        /// parentheses opened in it and not yet closed.
        case code(interpolation: Int?)
        /// A string literal opened with `hashes` "#" and one quote, or three quotes when `multiline`.
        case string(hashes: Int, multiline: Bool)
    }

    private struct Scanner {
        var bytes: [UInt8]
        private var index = 0
        private var contexts: [Context] = [.code(interpolation: nil)]

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() {
            while index < bytes.count {
                switch contexts[contexts.count - 1] {
                case .code(let interpolation): scanCode(interpolation: interpolation)
                case .string(let hashes, let multiline): scanString(hashes: hashes, multiline: multiline)
                }
            }
        }

        var endsInCode: Bool { contexts.count == 1 }

        private func byte(at offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

        private func isHashes(_ count: Int, at offset: Int) -> Bool {
            (0..<count).allSatisfy { byte(at: offset + $0) == UInt8(ascii: "#") }
        }

        private mutating func scanCode(interpolation: Int?) {
            let current = bytes[index]
            let next = byte(at: index + 1)
            if current == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { blank() }
            } else if current == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                blankBlockComment()
            } else if current == UInt8(ascii: "#") || current == UInt8(ascii: "\"") {
                var quote = index
                while byte(at: quote) == UInt8(ascii: "#") { quote += 1 }
                guard byte(at: quote) == UInt8(ascii: "\"") else {
                    index = quote
                    return
                }
                let multiline = byte(at: quote + 1) == UInt8(ascii: "\"") && byte(at: quote + 2) == UInt8(ascii: "\"")
                contexts.append(.string(hashes: quote - index, multiline: multiline))
                index = quote + (multiline ? 3 : 1)
            } else if let open = interpolation, current == UInt8(ascii: "(") {
                contexts[contexts.count - 1] = .code(interpolation: open + 1)
                index += 1
            } else if let open = interpolation, current == UInt8(ascii: ")") {
                if open == 0 {
                    contexts.removeLast()
                } else {
                    contexts[contexts.count - 1] = .code(interpolation: open - 1)
                }
                index += 1
            } else {
                index += 1
            }
        }

        private mutating func scanString(hashes: Int, multiline: Bool) {
            let current = bytes[index]
            if current == UInt8(ascii: "\\") && isHashes(hashes, at: index + 1) {
                let escaped = index + 1 + hashes
                if byte(at: escaped) == UInt8(ascii: "(") {
                    contexts.append(.code(interpolation: 0))
                }
                index = escaped + 1
                return
            }
            let quotes = multiline ? 3 : 1
            let closes =
                (0..<quotes).allSatisfy { byte(at: index + $0) == UInt8(ascii: "\"") }
                && isHashes(hashes, at: index + quotes)
            if closes {
                contexts.removeLast()
                index += quotes + hashes
            } else {
                index += 1
            }
        }

        private mutating func blankBlockComment() {
            var depth = 0
            repeat {
                let current = bytes[index]
                let next = byte(at: index + 1)
                if current == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                    depth += 1
                    blank()
                    blank()
                } else if current == UInt8(ascii: "*") && next == UInt8(ascii: "/") {
                    depth -= 1
                    blank()
                    blank()
                } else {
                    blank()
                }
            } while depth > 0 && index < bytes.count
        }

        /// Replaces the byte at `index` with a space (a line break stays) and moves past it.
        private mutating func blank() {
            if bytes[index] != UInt8(ascii: "\n") { bytes[index] = UInt8(ascii: " ") }
            index += 1
        }
    }
}
