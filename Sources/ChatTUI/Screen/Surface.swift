/// The size of the drawing area in terminal cells.
public struct TerminalSize: Sendable, Hashable {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// Where the screen is drawn: ncurses in the program (`CursesSurface`), an in-memory grid in
/// tests (`GridSurface`). Layout code draws whole rows; the surface clips and fills.
@MainActor
public protocol Surface: AnyObject {
    var size: TerminalSize { get }
    /// Draws `line` from column 0 of `row`, clipped at the width without splitting a wide
    /// character, and fills the rest of the row with spaces in the `fill` style.
    func drawRow(_ row: Int, _ line: StyledLine, fill: StyleRole)
    /// Shows the cursor at a cell, or hides it when `column` is nil.
    func placeCursor(row: Int, column: Int?)
}
