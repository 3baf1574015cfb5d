import Foundation

/// The README's key and command tables, rendered from the table. Each sits in the README between
/// `<!-- key-table: NAME -->` and `<!-- /key-table -->`; `chatterm help-tables --update
/// README.md` rewrites them, and a test fails when the README's differ.
extension KeyTable {
    /// The generated blocks by name, in the README's order.
    public static var markdownBlocks: [(name: String, text: String)] {
        [
            ("keys", markdownTable("key", HelpSection.allCases.filter(\.isChat).flatMap(keyRows(in:)))),
            ("commands", markdownTable("command", commandRows(), codeKeys: true)),
            (
                "overlay-keys",
                HelpSection.allCases.filter { !$0.isChat }.map { section in
                    "**\(section.title)**\n\n" + markdownTable("key", keyRows(in: section))
                }.joined(separator: "\n\n")
            ),
        ]
    }

    public static func beginMarker(_ name: String) -> String { "<!-- key-table: \(name) -->" }
    public static let endMarker = "<!-- /key-table -->"

    /// `document` with every generated block that has its markers replaced by the table's
    /// rendering, and the names of the blocks whose markers it lacks.
    public static func updatingMarkdown(_ document: String) -> (document: String, missing: [String]) {
        var document = document
        var missing: [String] = []
        for (name, text) in markdownBlocks {
            guard let begin = document.range(of: beginMarker(name)),
                let end = document.range(of: endMarker, range: begin.upperBound..<document.endIndex)
            else {
                missing.append(name)
                continue
            }
            document.replaceSubrange(begin.upperBound..<end.lowerBound, with: "\n\n" + text + "\n\n")
        }
        return (document, missing)
    }

    /// A two-column table; `codeKeys` sets each comma-separated key in a code span.
    private static func markdownTable(_ header: String, _ rows: [Row], codeKeys: Bool = false) -> String {
        let lines = rows.map { row in
            let keys =
                codeKeys ? row.keys.components(separatedBy: ", ").map { "`\($0)`" }.joined(separator: ", ") : row.keys
            return "| \(escaped(keys)) | \(escaped(row.meaning)) |"
        }
        return (["| \(header) | what it does |", "|---|---|"] + lines).joined(separator: "\n")
    }

    /// A cell's text: a `|` would end the cell, even inside a code span.
    private static func escaped(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|")
    }
}
