import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A calendar day in the local time zone (`TZ`, as `localtime_r` reads it): what the daily trend
/// of `chatterm stats` counts by.
public struct StatsDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) {
        self.ordinal = ordinal
    }

    /// The day `year`-`month`-`day`, or nil when the calendar has no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard CivilDays.isValid(year: year, month: month, day: day) else { return nil }
        ordinal = CivilDays.ordinal(year: year, month: month, day: day)
    }

    /// The local day `date` falls on.
    public init(_ date: Date) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        ordinal = CivilDays.ordinal(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    /// The day `days` later (earlier when negative).
    public func adding(_ days: Int) -> StatsDay {
        StatsDay(ordinal: ordinal + days)
    }

    /// The local time at which the day starts.
    public var start: Date {
        let (year, month, day) = CivilDays.date(ordinal: ordinal)
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_isdst = -1
        return Date(timeIntervalSince1970: TimeInterval(mktime(&parts)))
    }

    /// "2026-11-27".
    public var description: String {
        let (year, month, day) = CivilDays.date(ordinal: ordinal)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (a: StatsDay, b: StatsDay) -> Bool { a.ordinal < b.ordinal }
}
