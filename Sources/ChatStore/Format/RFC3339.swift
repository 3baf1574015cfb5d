import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Dates as the conversation file writes them: RFC 3339 in UTC with milliseconds,
/// `2026-11-27T14:05:03.123Z`. Reading also takes other offsets, any number of fractional digits
/// or none, and the lower-case or space-separated spellings RFC 3339 allows.
enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The date rounded to the nearest millisecond. Rounding, not truncating, is what makes a
    /// date read from a file (`.001` is stored as 0.000999…) write back the same text.
    static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2) + "."
            + pad(Int(milliseconds - seconds * 1000), 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func date(from string: String) -> Date? {
        if let date = try? style.parse(string) { return date }
        var normalized = Array(string.uppercased().utf8)
        if normalized.count > 10 && normalized[10] == UInt8(ascii: " ") { normalized[10] = UInt8(ascii: "T") }
        return try? style.parse(String(decoding: normalized, as: UTF8.self))
    }
}
