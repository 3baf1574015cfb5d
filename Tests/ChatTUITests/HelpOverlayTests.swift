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
    func testTheHelpIsTheKeyTableWithoutItsCodeSpans() async {
        let text = HelpOverlay.rows(width: 200).map(\.text).joined(separator: "\n")
        XCTAssertTrue(
            text.contains("complete a /command, and the argument of /model, /profile, /copy, /attach, /open and /theme")
        )
        XCTAssertTrue(text.contains("Ctrl-O, /history"), "a key that does what a command does shares its row")
        XCTAssertFalse(text.contains("`"))
        for section in HelpSection.allCases {
            for row in KeyTable.overlayRows(in: section) where row.keys.count < 40 {
                XCTAssertTrue(text.contains("  " + row.keys + "  "), row.keys)
            }
        }
    }

    @MainActor
    func testLongKeysWrapInTheirColumn() async {
        let rows = HelpOverlay.rows(width: 80).map(\.text)
        let quit = rows.firstIndex { $0.hasPrefix("  Ctrl-C twice (when idle),") }
        XCTAssertNotNil(quit)
        if let quit { XCTAssertTrue(rows[quit + 1].hasPrefix("  Ctrl-D (on an empty"), rows[quit + 1]) }
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
