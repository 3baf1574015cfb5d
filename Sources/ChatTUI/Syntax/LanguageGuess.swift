/// The language of a fenced block whose fence names none, guessed once from its first line
/// with text (`CodeLineHighlighter` asks when that line is complete, or from its first
/// `window` bytes when it is longer) and never revised: a shebang, a tag, JSON's brackets, a
/// diff's header, a Dockerfile's `FROM`, the first words of Go, C, Rust, Python, Swift,
/// JavaScript, Java, SQL, TOML's `[section]`, YAML's `key: value`, a shell prompt or command.
/// No guess leaves the block plain.
enum LanguageGuess {
    /// How much of the first line the guess reads.
    static let window = 256

    static func language(of line: some Collection<UInt8>) -> CodeLanguage? {
        let text = String(decoding: line, as: UTF8.self).drop(while: { $0 == " " || $0 == "\t" })
        let trimmed = text.hasSuffix(" ") ? String(text.reversed().drop(while: { $0 == " " }).reversed()) : String(text)
        if trimmed.hasPrefix("#!") { return shebang(trimmed) }
        if let language = markupOrData(trimmed) { return language }
        if let language = firstWords(trimmed) { return language }
        return yamlKey(trimmed) ? .yaml : nil
    }

    private static func shebang(_ line: String) -> CodeLanguage? {
        if line.contains("python") { return .python }
        if line.contains("node") || line.contains("deno") { return .javascript }
        if line.hasSuffix("sh") || line.contains("sh ") || line.contains("bash") || line.contains("zsh") {
            return .shell
        }
        return nil
    }

    private static func markupOrData(_ line: String) -> CodeLanguage? {
        if line.hasPrefix("<?xml") || line.hasPrefix("<svg") { return .xml }
        if line.lowercased().hasPrefix("<!doctype") || line.hasPrefix("<!--") { return .html }
        if line.hasPrefix("<"), let next = line.dropFirst().first, next.isLetter { return .html }
        if line.hasPrefix("diff --git") || line.hasPrefix("--- a/") || line.hasPrefix("--- ")
            || line.hasPrefix("@@ ") || line.hasPrefix("Index: ")
        {
            return .diff
        }
        if line.hasPrefix("["), line.hasSuffix("]"), line.dropFirst().first.map({ $0.isLetter || $0 == "[" }) == true,
            !line.contains(",")
        {
            return .toml
        }
        if line == "{" || line == "[" || line.hasPrefix("{\"") || line.hasPrefix("[{") || line.hasPrefix("[\"")
            || line.hasPrefix("{ \"")
        {
            return .json
        }
        if line == "---" { return .yaml }
        if line.hasPrefix("#[") { return .rust }
        return nil
    }

    private static func firstWords(_ line: String) -> CodeLanguage? {
        let words = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard let first = words.first else { return nil }
        let second = words.count > 1 ? words[1] : ""
        switch first {
        case "FROM": return .dockerfile
        case "package": return line.hasSuffix(";") ? .java : .go
        case "#include": return second.hasPrefix("<") && !second.hasSuffix(".h>") ? .cpp : .c
        case "#define", "#pragma", "#ifndef", "#ifdef": return .c
        case "fn", "mod", "impl", "pub": return .rust
        case "use": return line.contains("::") ? .rust : nil
        case "def", "elif", "async": return first == "async" && second != "def" ? .javascript : .python
        case "from": return line.contains(" import ") ? .python : nil
        case "import":
            if ["Foundation", "SwiftUI", "UIKit", "AppKit", "XCTest", "Combine"].contains(second) { return .swift }
            if line.hasSuffix(";") && second.contains(".") { return .java }
            if second.hasPrefix("\"") || second == "(" { return .go }
            if line.contains(" from ") || second.hasPrefix("{") || second.hasPrefix("'") { return .javascript }
            return .python
        case "func": return second.hasPrefix("(") ? .go : .swift
        case "struct", "enum", "protocol", "extension", "guard", "let", "var", "@main":
            if first == "var" || first == "let" { return line.hasSuffix(";") ? .javascript : .swift }
            return line.hasSuffix(";") ? nil : .swift
        case "const", "function", "export", "require(", "console.log(": return .javascript
        case "interface", "type": return line.contains("{") || line.contains("=") ? .typescript : nil
        case "public", "private", "protected": return line.contains("class") || line.contains("static") ? .java : nil
        case "$": return .console
        default: break
        }
        let upper = first.uppercased()
        if ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "WITH"].contains(upper),
            first == upper || first == first.lowercased(), !second.isEmpty, !line.hasSuffix(":")
        {
            if upper != "CREATE" && upper != "ALTER" && upper != "DROP" || line.uppercased().contains("TABLE")
                || line.uppercased().contains("INDEX") || line.uppercased().contains("VIEW")
            {
                return .sql
            }
        }
        if shellCommands.contains(first) { return .shell }
        return nil
    }

    /// First words that start a shell command line far more often than any other code.
    private static let shellCommands: Set<String> = [
        "sudo", "apt", "apt-get", "brew", "npm", "npx", "yarn", "pnpm", "pip", "pip3", "git", "cd", "export", "echo",
        "curl", "wget", "docker", "kubectl", "mkdir", "ls", "cat", "chmod", "chown", "cp", "mv", "rm", "tar",
        "ssh", "scp", "systemctl", "journalctl", "make", "cargo", "go", "swift", "python", "python3", "source",
        "set",
    ]

    /// `key: value` or `key:` with a plain key: YAML.
    private static func yamlKey(_ line: String) -> Bool {
        var rest = Substring(line)
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
        guard let colon = rest.firstIndex(of: ":"), colon > rest.startIndex else { return false }
        let key = rest[..<colon]
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            return false
        }
        let after = rest[rest.index(after: colon)...]
        return after.isEmpty || after.first == " "
    }
}
