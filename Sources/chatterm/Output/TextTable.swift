import ChatTUI

/// Columns of text lined up by display width (CJK and emoji take two cells), two spaces apart:
/// text on the left, numbers on the right. A column with a `limit` cuts longer cells with "…";
/// the last column is never padded, so lines carry no trailing spaces. Cells are sanitised by
/// the caller.
struct TextTable {
    struct Column {
        var title: String
        var alignsRight = false
        /// The widest a cell may be; nil: as wide as the widest.
        var limit: Int?
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    func lines() -> [String] {
        let all = [columns.map(\.title)] + rows
        let widths = columns.indices.map { index in
            let widest = all.map { TextWidth.of($0[index]) }.max() ?? 0
            return columns[index].limit.map { min(widest, max($0, TextWidth.of(columns[index].title))) } ?? widest
        }
        return all.map { row in
            var line = ""
            for (index, column) in columns.enumerated() {
                if index > 0 { line += "  " }
                let cell = TextWidth.truncate(row[index], to: widths[index])
                let padding = String(repeating: " ", count: max(0, widths[index] - TextWidth.of(cell)))
                if column.alignsRight {
                    line += padding + cell
                } else {
                    line += index == columns.count - 1 ? cell : cell + padding
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
