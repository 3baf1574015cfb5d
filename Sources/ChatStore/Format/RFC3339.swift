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

    /// `date(from:)`, with the form chatterm writes (`2026-11-27T14:05:03.123Z`) read by hand:
    /// about a hundred times cheaper than the format style, for `chatterm stats`, which reads a
    /// date per reply. The instant may differ from `date(from:)`'s in the last bit of the Double.
    static func quickDate(from string: String) -> Date? {
        var text = string
        let parsed = text.withUTF8 { bytes -> Date? in
            guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                let millisecond = number(20..<23), hour < 24, minute < 60, second < 60,
                CivilDays.isValid(year: year, month: month, day: day)
            else { return nil }
            let seconds =
                CivilDays.ordinal(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
                + second
            return Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1000)
        }
        return parsed ?? date(from: string)
    }

    static func date(from string: String) -> Date? {
        if let date = try? style.parse(string) { return date }
        var normalized = Array(string.uppercased().utf8)
        if normalized.count > 10 && normalized[10] == UInt8(ascii: " ") { normalized[10] = UInt8(ascii: "T") }
        return try? style.parse(String(decoding: normalized, as: UTF8.self))
    }
}
