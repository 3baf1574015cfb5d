import ChatTUI
import XCTest

final class ThemePreviewTests: XCTestCase {
    private let theme = Theme(
        name: "t", description: "",
        styles: [
            .userLabel: ThemeStyle(foreground: .index(1), attributes: [.bold]),
            .assistantLabel: ThemeStyle(foreground: .index(9)),
            .heading: ThemeStyle(foreground: .rgb(ThemeColor.RGB(hex: 0xff0000)), attributes: [.underline]),
            .statusReady: ThemeStyle(foreground: .index(0), background: .index(196)),
        ])

    func testColoursAreSentAsTheDepthAllows() {
        XCTAssertEqual(ThemePreview.sgr(theme, .userLabel, depth: .colors8), "\u{1B}[0;1;31m")
        XCTAssertEqual(ThemePreview.sgr(theme, .assistantLabel, depth: .colors16), "\u{1B}[0;91m")
        XCTAssertEqual(ThemePreview.sgr(theme, .assistantLabel, depth: .colors8), "\u{1B}[0;31m")
        XCTAssertEqual(ThemePreview.sgr(theme, .heading, depth: .colors256), "\u{1B}[0;4;38;5;196m")
        XCTAssertEqual(ThemePreview.sgr(theme, .heading, depth: .trueColor), "\u{1B}[0;4;38;2;255;0;0m")
        XCTAssertEqual(ThemePreview.sgr(theme, .statusReady, depth: .colors256), "\u{1B}[0;30;48;5;196m")
        XCTAssertEqual(ThemePreview.sgr(theme, .statusReady, depth: .colors16), "\u{1B}[0;30;101m")
        XCTAssertEqual(ThemePreview.sgr(theme, .plain, depth: .trueColor), "\u{1B}[0m")
    }

    func testWithoutColourOnlyTheMonoAttributesAreSent() {
        XCTAssertEqual(ThemePreview.sgr(theme, .statusReady, depth: .monochrome), "\u{1B}[0;7m")
        XCTAssertEqual(ThemePreview.sgr(theme, .userLabel, depth: .monochrome), "\u{1B}[0;1m")
    }

    func testTheLineShowsTheSamplesAndEndsReset() {
        let line = ThemePreview.line(theme, depth: .colors256)
        XCTAssertTrue(line.contains("\u{1B}[0;1;31mYou\u{1B}[0m"), line)
        XCTAssertTrue(line.contains(" ready "), line)
        XCTAssertTrue(line.hasSuffix("\u{1B}[0m"))
    }
}
