import ChatCore
import Foundation

/// How the history browser lays out one conversation on one row, exactly `width` cells wide:
///
/// ```
/// 2026-11-27 14:05  Title, cut with …             3 hits  qwen2-7b   42 msgs   12 KB
/// ```
///
/// Columns line up from row to row: each field is as wide as its widest value in the list (the
/// model at most `maximumModelWidth`), numbers are right-aligned, and the title takes what is
/// left. When the title would get fewer than `minimumTitleWidth` cells, fields are dropped in
/// order of usefulness — model, size, message count, long date (for "11-27 14:05"), hits, short
/// date — so that a 20-column terminal still shows titles.
struct HistoryRowFormat {
    static let separator = "  "
    static let minimumTitleWidth = 12
    static let maximumModelWidth = 20

    /// The fields shown, in the order they appear.
    private enum Field: Equatable {
        case date, shortDate, title, hits, model, messages, size
    }

    let width: Int
    private let calendar: Calendar
    private var fields: [Field] = []
    private var widths: [Field: Int] = [:]
    private(set) var titleWidth = 0

    /// Measures the fields over `entries` (the whole list, so that columns stay put while
    /// scrolling); `models` are the models as drawn (sanitised).
    init(entries: [HistoryEntry], models: [String], width: Int, calendar: Calendar) {
        self.width = max(0, width)
        self.calendar = calendar
        widths[.date] = 16
        widths[.shortDate] = 11
        var fields: [Field] = [.date, .title]
        if entries.contains(where: { $0.matchCount != nil }) {
            widths[.hits] =
                entries.map { TextWidth.of(Self.hits($0.matchCount ?? 0, $0.otherBranchMatches)) }.max() ?? 0
            fields.append(.hits)
        }
        let modelWidth = min(Self.maximumModelWidth, models.map { TextWidth.of($0) }.max() ?? 0)
        if modelWidth > 0 {
            widths[.model] = modelWidth
            fields.append(.model)
        }
        widths[.messages] =
            entries.map { TextWidth.of(Self.messages($0.messageCount, $0.otherBranchMessages)) }.max() ?? 0
        widths[.size] = entries.map { TextWidth.of(Figures.bytes($0.bytes)) }.max() ?? 0
        fields += [.messages, .size]
        var dropOrder: [(drop: Field, replacement: Field?)] = [
            (.model, nil), (.size, nil), (.messages, nil), (.date, .shortDate), (.hits, nil), (.shortDate, nil),
        ]
        while titleRoom(fields) < Self.minimumTitleWidth, !dropOrder.isEmpty {
            let (drop, replacement) = dropOrder.removeFirst()
            guard let index = fields.firstIndex(of: drop) else { continue }
            if let replacement { fields[index] = replacement } else { fields.remove(at: index) }
        }
        self.fields = fields
        titleWidth = max(0, titleRoom(fields))
    }

    /// The row for `entry`. `title` and `model` are as drawn (sanitised, one line); the match
    /// ranges are display columns in them, drawn in `.searchMatch` (`.selectionMatch` on the
    /// selected row).
    func line(
        for entry: HistoryEntry, title: String, model: String, titleMatches: [Range<Int>],
        modelMatches: [Range<Int>], selected: Bool
    ) -> StyledLine {
        let matchRole: StyleRole = selected ? .selectionMatch : .searchMatch
        func role(_ normal: StyleRole) -> StyleRole { selected ? .selection : normal }
        var spans: [StyledLine.Span] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { spans.append(StyledLine.Span(Self.separator, role(.plain))) }
            let fieldWidth = widths[field] ?? titleWidth
            switch field {
            case .date, .shortDate:
                // Cut like any field: a file can hold a date whose year has five digits.
                let text = date(entry.updatedAt, long: field == .date)
                spans += Self.cut(text, to: fieldWidth, role: role(.dim), matches: [], as: matchRole)
            case .title:
                spans += Self.cut(title, to: titleWidth, role: role(.plain), matches: titleMatches, as: matchRole)
            case .hits:
                let text = entry.matchCount.map { Self.hits($0, entry.otherBranchMatches) } ?? ""
                spans.append(StyledLine.Span(Self.padLeft(text, to: fieldWidth), role(.dim)))
            case .model:
                spans += Self.cut(model, to: fieldWidth, role: role(.dim), matches: modelMatches, as: matchRole)
            case .messages:
                spans.append(
                    StyledLine.Span(
                        Self.padLeft(Self.messages(entry.messageCount, entry.otherBranchMessages), to: fieldWidth),
                        role(.dim)))
            case .size:
                spans.append(StyledLine.Span(Self.padLeft(Figures.bytes(entry.bytes), to: fieldWidth), role(.dim)))
            }
        }
        return StyledLine(spans)
    }

    /// What is left for the title with `fields`, separators included.
    private func titleRoom(_ fields: [Field]) -> Int {
        var used = Self.separator.count * max(0, fields.count - 1)
        for field in fields where field != .title { used += widths[field] ?? 0 }
        return width - used
    }

    /// "2026-11-27 14:05", or "11-27 14:05", in the calendar's time zone.
    private func date(_ date: Date, long: Bool) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let day = "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
        guard long else { return day }
        let year = String(c.year ?? 0)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + day
    }

    /// `text` cut with "…" and padded to exactly `width` cells, with the matches (clipped to
    /// what is left of the text) in `matchRole`.
    private static func cut(
        _ text: String, to width: Int, role: StyleRole, matches: [Range<Int>], as matchRole: StyleRole
    ) -> [StyledLine.Span] {
        let cut = TextWidth.truncate(text, to: width)
        let kept = cut == text ? TextWidth.of(text) : TextWidth.of(cut) - 1
        let clipped = matches.compactMap { range -> Range<Int>? in
            let clamped = range.clamped(to: 0..<max(0, kept))
            return clamped.isEmpty ? nil : clamped
        }
        let padded = cut + String(repeating: " ", count: max(0, width - TextWidth.of(cut)))
        return StyledLine(padded, role).highlighting(clipped, as: matchRole).spans
    }

    private static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - TextWidth.of(text))) + text
    }

    /// "42 msgs", or "30+12 msgs" when 12 of them are in branches other than the one in view.
    static func messages(_ count: Int, _ inOtherBranches: Int = 0) -> String {
        let number = inOtherBranches > 0 ? "\(count - inOtherBranches)+\(inOtherBranches)" : "\(count)"
        return count == 1 ? "1 msg" : "\(number) msgs"
    }

    /// "3 hits", or "1+2 hits" when 2 of them are in branches other than the one in view.
    static func hits(_ count: Int, _ inOtherBranches: Int = 0) -> String {
        let number = inOtherBranches > 0 ? "\(count - inOtherBranches)+\(inOtherBranches)" : "\(count)"
        return count == 1 && inOtherBranches == 0 ? "1 hit" : "\(number) hits"
    }
}
