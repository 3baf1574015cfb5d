/// An in-memory `Surface` for tests: a grid of cells that records what was drawn, in which role,
/// and where the cursor is, the way a terminal would show it.
@MainActor
public final class GridSurface: Surface {
    /// One terminal cell.
    public struct Cell: Sendable, Hashable {
        /// The grapheme drawn here, or nil for the cells a wide grapheme covers right of its first.
        public var character: Character?
        public var role: StyleRole

        public init(character: Character?, role: StyleRole) {
            self.character = character
            self.role = role
        }

        public static let blank = Cell(character: " ", role: .plain)
    }

    /// The grid's size; setting it clears the grid and hides the cursor, as a resized terminal
    /// waits for a full redraw.
    public var size: TerminalSize {
        didSet {
            cells = Self.blankCells(size)
            cursor = nil
        }
    }

    public private(set) var cells: [[Cell]]
    /// Where the cursor is shown, or nil when it is hidden.
    public private(set) var cursor: (row: Int, column: Int)?

    public init(size: TerminalSize) {
        self.size = size
        self.cells = Self.blankCells(size)
    }

    public func drawRow(_ row: Int, _ line: StyledLine, fill: StyleRole) {
        guard row >= 0, row < size.rows else { return }
        let columns = size.columns
        var cellsOfRow: [Cell] = []
        cellsOfRow.reserveCapacity(columns)
        spans: for span in line.spans {
            for character in span.text {
                let width = TextWidth.of(character)
                // Zero-width graphemes (a lone combining mark, a zero-width space) are not drawn.
                if width == 0 { continue }
                if cellsOfRow.count + width > columns {
                    // A wide grapheme that would straddle the edge leaves a space in its place.
                    while cellsOfRow.count < columns { cellsOfRow.append(Cell(character: " ", role: span.role)) }
                    break spans
                }
                cellsOfRow.append(Cell(character: character, role: span.role))
                for _ in 1..<width { cellsOfRow.append(Cell(character: nil, role: span.role)) }
            }
        }
        while cellsOfRow.count < columns { cellsOfRow.append(Cell(character: " ", role: fill)) }
        cells[row] = cellsOfRow
    }

    public func placeCursor(row: Int, column: Int?) {
        cursor = column.map { (row: row, column: $0) }
    }

    /// The characters of a row, each wide grapheme once, without trailing spaces.
    public func text(row: Int) -> String {
        guard row >= 0, row < cells.count else { return "" }
        var text = String()
        for cell in cells[row] {
            if let character = cell.character { text.append(character) }
        }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Every row as `text(row:)` gives it.
    public var lines: [String] { (0..<size.rows).map { text(row: $0) } }

    /// The role a cell was drawn in (`.plain` outside the grid).
    public func role(row: Int, column: Int) -> StyleRole {
        guard row >= 0, row < cells.count, column >= 0, column < cells[row].count else { return .plain }
        return cells[row][column].role
    }

    private static func blankCells(_ size: TerminalSize) -> [[Cell]] {
        Array(repeating: Array(repeating: .blank, count: max(0, size.columns)), count: max(0, size.rows))
    }
}
