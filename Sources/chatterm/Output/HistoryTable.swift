import ChatStore
import ChatTUI
import Foundation

/// The history as a table that fits 80 columns: updated (local time), id, messages, size (for a
/// search: matching messages), model and title; the model and the title are cut to fit, by
/// display width, so CJK titles line up too. Every text is sanitized for the terminal.
struct HistoryTable {
    static let width = 80

    let summaries: [ConversationSummary]
    let showMatches: Bool

    func lines() -> [String] {
        let ids = summaries.map { Sanitizer.singleLineText($0.id) }
        let models = summaries.map { Sanitizer.singleLineText($0.model ?? "") }
        let idWidth = max(2, ids.map(TextWidth.of).max() ?? 0)
        // "9+3": 9 messages in the branch in view, 3 in other branches.
        let counts = summaries.map {
            ConversationSummary.countText($0.messageCount, otherBranches: $0.otherBranchMessages)
        }
        let hits = summaries.map {
            ConversationSummary.countText($0.matchingMessages ?? 0, otherBranches: $0.matchingInOtherBranches)
        }
        var columns: [(title: String, width: Int, right: Bool)] = [
            ("UPDATED", 16, false), ("ID", idWidth, false), ("MSGS", max(4, counts.map(\.count).max() ?? 0), true),
        ]
        // A search shows how many messages matched where the list shows the file's size.
        columns.append(showMatches ? ("HITS", max(4, hits.map(\.count).max() ?? 0), true) : ("SIZE", 6, true))
        // Two spaces between columns; one before a right-aligned number, whose padding spaces it.
        let fixed = columns.reduce(0) { $0 + $1.width + ($1.right ? 1 : 2) } - 2
        // The title matters most: the model gets at most 12 columns, the title the rest.
        let modelWidth = max(5, min(models.map(TextWidth.of).max() ?? 0, 12))
        let titleWidth = max(10, Self.width - fixed - 2 - modelWidth - 2)
        columns.append(("MODEL", modelWidth, false))
        columns.append(("TITLE", titleWidth, false))

        let time = Self.localTimeFormatter()
        var rows = [columns.map(\.title)]
        for (index, summary) in summaries.enumerated() {
            var row = [time.string(from: summary.updatedAt), ids[index], counts[index]]
            row.append(showMatches ? hits[index] : Self.size(summary.bytes))
            row.append(models[index])
            row.append(Sanitizer.singleLineText(summary.title))
            rows.append(row)
        }
        return rows.map { row in
            var line = ""
            for (index, column) in columns.enumerated() {
                if index > 0 { line += column.right ? " " : "  " }
                let last = index == columns.count - 1
                let cell = TextWidth.truncate(row[index], to: column.width)
                let padding = String(repeating: " ", count: max(0, column.width - TextWidth.of(cell)))
                if column.right {
                    line += padding + cell
                } else {
                    line += last ? cell : cell + padding
                }
            }
            return line
        }
    }

    /// Writes "2026-11-27 14:05" in the local time zone.
    static func localTimeFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }

    /// A file size the way `ls -h` readers expect: "812 B", "4.5 KB", "12 KB", "3.1 MB".
    static func size(_ bytes: Int) -> String {
        var value = Double(bytes)
        for unit in ["B", "KB", "MB", "GB"] {
            if value < 1024 || unit == "GB" {
                if unit == "B" { return "\(bytes) B" }
                return (value < 10 ? String(format: "%.1f", value) : "\(Int(value.rounded()))") + " " + unit
            }
            value /= 1024
        }
        return "\(bytes) B"
    }
}
