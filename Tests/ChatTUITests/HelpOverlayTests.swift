import ChatCore
import ChatTUI
import XCTest

final class HelpOverlayTests: ChatTUITestCase {
    @MainActor
    func testEveryCommandAndEveryGroupIsListed() async {
        let text = HelpOverlay.rows(width: 100).map(\.text).joined(separator: "\n")
        for command in SlashCommand.names {
            XCTAssertTrue(text.contains(command), "help lacks \(command)")
        }
        for section in HelpOverlay.sections {
            XCTAssertTrue(text.contains(section.title))
        }
        XCTAssertTrue(text.contains("Ctrl-X Ctrl-E"))
    }

    @MainActor
    func testRowsFitTheWidthAtEveryWidth() async {
        for width in 20...120 {
            for row in HelpOverlay.rows(width: width) {
                XCTAssertLessThanOrEqual(TextWidth.of(row.text), width, "width \(width): \(row.text)")
            }
        }
    }

    @MainActor
    func testItScrollsAndClosesWithEscOrQ() async {
        let help = HelpOverlay()
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 80))
        help.render(on: grid)
        XCTAssertTrue(grid.text(row: 0).hasPrefix("Keys and commands"))
        XCTAssertNil(help.handle(.pageDown))
        help.render(on: grid)
        XCTAssertEqual(help.top, 9)
        XCTAssertNil(help.handle(.end))
        help.render(on: grid)
        XCTAssertEqual(help.top, HelpOverlay.rows(width: 80).count - 10, "clamped to the last page")
        XCTAssertNil(help.handle(.home))
        help.render(on: grid)
        XCTAssertEqual(help.top, 0)
        XCTAssertEqual(help.handle(.escape), .close)
        XCTAssertEqual(help.handle(.text("q")), .close)
    }
}
