import Foundation
import XCTest

@testable import ChatStore

/// The calendar arithmetic behind `chatterm stats`' days, and the cheap reading of the dates
/// chatterm writes, against Foundation's own.
final class CivilDaysTests: XCTestCase {
    func testDaysCountFromTheEpochBothWays() {
        XCTAssertEqual(CivilDays.ordinal(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(CivilDays.ordinal(year: 2000, month: 3, day: 1), 11_017)
        XCTAssertEqual(CivilDays.ordinal(year: 1969, month: 12, day: 31), -1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // From 1696 on: Foundation's Gregorian calendar is Julian before 1582.
        for ordinal in stride(from: -100_000, through: 800_000, by: 997) {
            let date = CivilDays.date(ordinal: ordinal)
            XCTAssertEqual(CivilDays.ordinal(year: date.year, month: date.month, day: date.day), ordinal)
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(ordinal) * 86_400))
            XCTAssertEqual([parts.year, parts.month, parts.day], [date.year, date.month, date.day], "\(ordinal)")
        }
    }

    func testOnlyDaysOfTheCalendarAreValid() {
        XCTAssertTrue(CivilDays.isValid(year: 2024, month: 2, day: 29))
        XCTAssertFalse(CivilDays.isValid(year: 2026, month: 2, day: 29))
        XCTAssertFalse(CivilDays.isValid(year: 2026, month: 4, day: 31))
        XCTAssertFalse(CivilDays.isValid(year: 2026, month: 0, day: 1))
    }

    func testTheQuickReadingOfChattermsDatesIsTheSameInstant() throws {
        for text in [
            "2026-11-27T14:05:03.123Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
            "2000-03-01T12:00:00.001Z",
        ] {
            let quick = try XCTUnwrap(RFC3339.quickDate(from: text), text)
            let slow = try XCTUnwrap(RFC3339.date(from: text), text)
            XCTAssertEqual(quick.timeIntervalSince1970, slow.timeIntervalSince1970, accuracy: 1e-6, text)
        }
    }

    func testOtherSpellingsAreReadTheSlowWay() throws {
        let offset = try XCTUnwrap(RFC3339.quickDate(from: "2026-11-27T15:05:03+01:00"))
        XCTAssertEqual(offset, RFC3339.date(from: "2026-11-27T14:05:03.000Z"))
        let impossible = "2026-02-30T00:00:00.000Z"
        XCTAssertEqual(RFC3339.quickDate(from: impossible), RFC3339.date(from: impossible), "as Foundation reads it")
        XCTAssertNil(RFC3339.quickDate(from: "not a date at all, 24 ch"))
    }
}
