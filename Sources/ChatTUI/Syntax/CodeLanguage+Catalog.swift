extension CodeLanguage {
    /// Every language the highlighter knows, in the order the README lists them.
    static let all: [CodeLanguage] = [
        .python, .swift, .javascript, .typescript, .go, .rust, .c, .cpp, .java, .shell, .console, .json, .yaml, .toml,
        .sql, .html, .xml, .diff, .dockerfile,
    ]

    private static let byWord: [String: CodeLanguage] = {
        var table: [String: CodeLanguage] = [:]
        for language in all {
            for word in [language.name] + language.aliases { table[word] = language }
        }
        return table
    }()

    /// The language a fence's word names, whatever its case ("Python", "py", "c++"); also a
    /// file name's extension ("main.rs") or `{.python}`-style attributes.
    static func named(_ word: String) -> CodeLanguage? {
        var key = word.lowercased()
        if key.hasPrefix("{") {
            key = String(key.dropFirst().drop(while: { $0 == "." }).prefix(while: { $0 != "}" && $0 != " " }))
        }
        if let language = byWord[key] { return language }
        if key.hasPrefix("language-") { return byWord[String(key.dropFirst(9))] }
        if let dot = key.lastIndex(of: "."), key.index(after: dot) < key.endIndex {
            return byWord[String(key[key.index(after: dot)...])]
        }
        return nil
    }
}
