import ChatTUI
import XCTest

final class ThemeColorTests: XCTestCase {
    func testNamesAreTheSixteenANSIColoursAndDefault() {
        XCTAssertEqual(ThemeColor(parsing: "default"), .terminalDefault)
        XCTAssertEqual(ThemeColor(parsing: "black"), .index(0))
        XCTAssertEqual(ThemeColor(parsing: "red"), .index(1))
        XCTAssertEqual(ThemeColor(parsing: "white"), .index(7))
        XCTAssertEqual(ThemeColor(parsing: "bright-black"), .index(8))
        XCTAssertEqual(ThemeColor(parsing: "Bright-Blue"), .index(12))
        XCTAssertEqual(ThemeColor(parsing: "bright-white"), .index(15))
    }

    func testHexAndIndicesParse() {
        XCTAssertEqual(ThemeColor(parsing: "#ff8700"), .rgb(ThemeColor.RGB(255, 135, 0)))
        XCTAssertEqual(ThemeColor(parsing: "#FFfFfF"), .rgb(ThemeColor.RGB(255, 255, 255)))
        XCTAssertEqual(ThemeColor(parsing: "0"), .index(0))
        XCTAssertEqual(ThemeColor(parsing: "255"), .index(255))
    }

    func testAnythingElseIsNoColour() {
        for text in ["", "#12345", "#1234567", "#gggggg", "ff8700", "256", "-1", "reddish", "bright red", "+5", "٣"] {
            XCTAssertNil(ThemeColor(parsing: text), text)
        }
    }

    func testDescriptionIsHowAThemeFileWritesIt() {
        for text in ["default", "red", "bright-cyan", "208", "#0a0b0c"] {
            XCTAssertEqual(ThemeColor(parsing: text)?.description, text)
        }
        XCTAssertEqual(ThemeColor.index(3).description, "yellow")
    }
}
