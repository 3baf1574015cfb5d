import Foundation

/// What `chatterm stats --since` takes: a day (`2026-11-20`, from its local midnight), an
/// RFC 3339 date-time (`2026-11-20T09:00:00Z`), or a span back from now in days or hours (`7d`,
/// `24h`).
public enum StatsSince {
    /// The longest span back: about 270 years, far past any history, yet no overflow.
    public static let longestSpanDays = 100_000

    /// The moment `text` names, or nil when it names none.
    public static func parse(_ text: String, now: Date) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let unit = text.last, unit == "d" || unit == "h" {
            let digits = text.dropLast()
            guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let count = Int(digits), count > 0
            else { return nil }
            let hours = unit == "d" ? count * 24 : count
            guard hours <= longestSpanDays * 24 else { return nil }
            return now.addingTimeInterval(-Double(hours) * 3600)
        }
        if let day = day(text) { return day.start }
        return text.count > 10 ? RFC3339.date(from: text) : nil
    }

    /// `YYYY-MM-DD` as a day of the calendar.
    private static func day(_ text: String) -> StatsDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return StatsDay(year: year, month: month, day: day)
    }
}
