import ChatCore
import ChatTUI
import XCTest

final class ColorMappingTests: XCTestCase {
    private func rgb(_ hex: Int) -> ThemeColor { .rgb(ThemeColor.RGB(hex: hex)) }

    func testPureRedIsTheNearestRedAtEveryDepth() {
        XCTAssertEqual(ColorMapping.map(rgb(0xff0000), to: .trueColor), .rgb(ThemeColor.RGB(hex: 0xff0000)))
        XCTAssertEqual(ColorMapping.map(rgb(0xff0000), to: .colors256), .index(196))
        XCTAssertEqual(ColorMapping.map(rgb(0xff0000), to: .colors16), .index(9))
        XCTAssertEqual(ColorMapping.map(rgb(0xff0000), to: .colors8), .index(1))
        XCTAssertEqual(ColorMapping.map(rgb(0xff0000), to: .monochrome), .terminalDefault)
    }

    func testGreysGoToTheGreyRamp() {
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x808080)), 244)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x121212)), 233)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x282828)), 235)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0xeeeeee)), 255)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x000000)), 16)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0xffffff)), 231)
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0x808080)), 8)
        XCTAssertEqual(ColorMapping.nearest8(ThemeColor.RGB(hex: 0x808080)), 7)
    }

    func testColoursNearTheCubeGoToTheCube() {
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x83a598)), 108)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0xfe8019)), 208)
        XCTAssertEqual(ColorMapping.nearest256(ThemeColor.RGB(hex: 0x268bd2)), 32)
    }

    func testOnSixteenOrEightColoursAGreyStaysGreyAndAColourKeepsItsHue() {
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0x767676)), 8)
        XCTAssertEqual(ColorMapping.nearest8(ThemeColor.RGB(hex: 0x767676)), 7, "not cyan")
        XCTAssertEqual(ColorMapping.nearest8(ThemeColor.RGB(hex: 0x839496)), 7)
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0x002b36)), 0, "a near-black background")
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0xfdf6e3)), 15)
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0x268bd2)), 12, "a muted blue stays blue")
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0xd3869b)), 13)
        XCTAssertEqual(ColorMapping.nearest8(ThemeColor.RGB(hex: 0xd3869b)), 5)
        XCTAssertEqual(ColorMapping.nearest16(ThemeColor.RGB(hex: 0x8ec07c)), 2)
        XCTAssertEqual(ColorMapping.nearest8(ThemeColor.RGB(hex: 0x005f87)), 4)
    }

    func testEveryANSIColourIsNearestToItself() {
        for index in 0..<16 {
            XCTAssertEqual(ColorMapping.nearest16(ColorMapping.rgb(ofIndex: index)), index, "index \(index)")
        }
        XCTAssertEqual((0..<8).map { ColorMapping.nearest8(ColorMapping.rgb(ofIndex: $0)) }, Array(0..<8))
    }

    func testEveryPaletteColourOfThe256MapsToItself() {
        for index in 16...255 {
            XCTAssertEqual(ColorMapping.nearest256(ColorMapping.rgb(ofIndex: index)), index, "index \(index)")
        }
    }

    func testTheNearestOfThe256IsNeverAUserConfigurableColour() {
        var generator = SplitMix64(seed: 6)
        for _ in 0..<2000 {
            let color = ThemeColor.RGB(hex: Int.random(in: 0...0xFFFFFF, using: &generator))
            XCTAssertTrue((16...255).contains(ColorMapping.nearest256(color)), "\(color)")
            XCTAssertTrue((0..<16).contains(ColorMapping.nearest16(color)), "\(color)")
            XCTAssertTrue((0..<8).contains(ColorMapping.nearest8(color)), "\(color)")
        }
    }

    func testXtermRGBOfPaletteIndices() {
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 1), ThemeColor.RGB(hex: 0xcd0000))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 12), ThemeColor.RGB(hex: 0x5c5cff))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 16), ThemeColor.RGB(hex: 0x000000))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 67), ThemeColor.RGB(hex: 0x5f87af))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 196), ThemeColor.RGB(hex: 0xff0000))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 231), ThemeColor.RGB(hex: 0xffffff))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 232), ThemeColor.RGB(hex: 0x080808))
        XCTAssertEqual(ColorMapping.rgb(ofIndex: 255), ThemeColor.RGB(hex: 0xeeeeee))
    }

    func testIndicesAbove15MapDownThroughTheirRGB() {
        XCTAssertEqual(ColorMapping.map(.index(196), to: .colors256), .index(196))
        XCTAssertEqual(ColorMapping.map(.index(196), to: .colors16), .index(9))
        XCTAssertEqual(ColorMapping.map(.index(196), to: .colors8), .index(1))
        XCTAssertEqual(ColorMapping.map(.index(21), to: .colors16), .index(4))
        XCTAssertEqual(ColorMapping.map(.index(244), to: .colors16), .index(8))
        XCTAssertEqual(ColorMapping.map(.index(244), to: .colors8), .index(7))
        XCTAssertEqual(ColorMapping.map(.index(196), to: .trueColor), .rgb(ThemeColor.RGB(hex: 0xff0000)))
    }

    func testNamedColoursKeepTheirIndexWhereTheDepthHasIt() {
        for depth in [ColorDepth.trueColor, .colors256, .colors16, .colors8] {
            XCTAssertEqual(ColorMapping.map(.index(1), to: depth), .index(1), "\(depth)")
            XCTAssertEqual(ColorMapping.map(.terminalDefault, to: depth), .terminalDefault, "\(depth)")
        }
        XCTAssertEqual(ColorMapping.map(.index(9), to: .colors256), .index(9))
        XCTAssertEqual(ColorMapping.map(.index(9), to: .colors16), .index(9))
        XCTAssertEqual(ColorMapping.map(.index(9), to: .colors8), .index(1), "bright red is red on 8 colours")
        XCTAssertEqual(ColorMapping.map(.index(15), to: .colors8), .index(7))
        // A direct-colour terminfo entry keeps only 0–7 as palette indices.
        XCTAssertEqual(ColorMapping.map(.index(9), to: .trueColor), .rgb(ThemeColor.RGB(hex: 0xff0000)))
    }
}
