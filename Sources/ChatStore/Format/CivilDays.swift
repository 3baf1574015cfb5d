/// Dates of the proleptic Gregorian calendar as a count of days since 1970-01-01 and back, with
/// no time zone and no Foundation: integer arithmetic after Howard Hinnant's `days_from_civil`
/// and `civil_from_days`. What makes reading the canonical RFC 3339 dates of a file cheap, and
/// counting local days in `chatterm stats` exact across daylight saving changes.
enum CivilDays {
    /// The days from 1970-01-01 to `year`-`month`-`day` (negative before it).
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month (1–12) and day (1–31) `ordinal` days after 1970-01-01.
    static func date(ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let days = ordinal + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year`-`month`-`day` is a day of the calendar (not 2026-02-30).
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), (1...31).contains(day) else { return false }
        let back = date(ordinal: ordinal(year: year, month: month, day: day))
        return back.year == year && back.month == month && back.day == day
    }
}
