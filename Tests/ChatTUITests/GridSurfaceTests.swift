import ChatTUI
import XCTest

final class GridSurfaceTests: ChatTUITestCase {
    @MainActor
    func testDrawsARowAndFillsTheRestInTheFillRole() async {
        let grid = GridSurface(size: TerminalSize(rows: 2, columns: 8))
        grid.drawRow(0, StyledLine([.init("ab", .userLabel), .init("c", .dim)]), fill: .statusBusy)
        XCTAssertEqual(grid.text(row: 0), "abc")
        XCTAssertEqual(grid.role(row: 0, column: 0), .userLabel)
        XCTAssertEqual(grid.role(row: 0, column: 2), .dim)
        XCTAssertEqual(grid.role(row: 0, column: 7), .statusBusy)
        XCTAssertEqual(grid.lines, ["abc", ""])
    }

    @MainActor
    func testCJKAndEmojiTakeTwoCells() async {
        let grid = GridSurface(size: TerminalSize(rows: 1, columns: 10))
        grid.drawRow(0, StyledLine("你😀x", .plain), fill: .plain)
        XCTAssertEqual(grid.text(row: 0), "你😀x")
        XCTAssertEqual(grid.cells[0][0].character, "你")
        XCTAssertNil(grid.cells[0][1].character)
        XCTAssertEqual(grid.cells[0][2].character, "😀")
        XCTAssertNil(grid.cells[0][3].character)
        XCTAssertEqual(grid.cells[0][4].character, "x")
    }

    @MainActor
    func testClipsWithoutSplittingAWideCharacter() async {
        let grid = GridSurface(size: TerminalSize(rows: 1, columns: 5))
        grid.drawRow(0, StyledLine("ab你好", .assistantText), fill: .plain)
        XCTAssertEqual(grid.text(row: 0), "ab你")
        XCTAssertEqual(grid.cells[0].count, 5)
        XCTAssertEqual(grid.cells[0][4], GridSurface.Cell(character: " ", role: .assistantText))
    }

    @MainActor
    func testRowsOutOfRangeAreIgnored() async {
        let grid = GridSurface(size: TerminalSize(rows: 1, columns: 5))
        grid.drawRow(-1, StyledLine("x", .plain), fill: .plain)
        grid.drawRow(1, StyledLine("x", .plain), fill: .plain)
        XCTAssertEqual(grid.lines, [""])
    }

    @MainActor
    func testCursorAndResize() async {
        let grid = GridSurface(size: TerminalSize(rows: 2, columns: 5))
        grid.placeCursor(row: 1, column: 3)
        XCTAssertEqual(grid.cursor?.row, 1)
        XCTAssertEqual(grid.cursor?.column, 3)
        grid.placeCursor(row: 1, column: nil)
        XCTAssertNil(grid.cursor)
        grid.drawRow(0, StyledLine("hello", .plain), fill: .plain)
        grid.size = TerminalSize(rows: 3, columns: 7)
        XCTAssertEqual(grid.lines, ["", "", ""])
        XCTAssertEqual(grid.cells[0].count, 7)
    }
}
