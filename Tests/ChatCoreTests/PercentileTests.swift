import XCTest

@testable import ChatCore

/// The nearest rank, the one percentile of `stats` and `probe --watch`: always a measured value.
final class PercentileTests: XCTestCase {
    func testNearestRankOfTwentyValues() {
        let sorted = (1...20).map(Double.init)
        XCTAssertEqual(Percentile.nearestRank(sorted, 50), 10)
        XCTAssertEqual(Percentile.nearestRank(sorted, 95), 19)
        XCTAssertEqual(Percentile.nearestRank(sorted, 100), 20)
    }

    func testOneValueIsEveryPercentileAndNoneHasNone() {
        XCTAssertEqual(Percentile.nearestRank([7], 95), 7)
        XCTAssertEqual(Percentile.nearestRank([7], 1), 7)
        XCTAssertNil(Percentile.nearestRank([Int](), 50))
    }
}
