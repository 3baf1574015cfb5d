import CNcursesw

/// `Surface` on ncurses' standard screen. It draws into ncurses' virtual screen only; the
/// `TerminalApp` calls `doupdate` once per frame so ncurses can send just the cells that changed.
@MainActor
public final class CursesSurface: Surface {
    private let palette: Palette

    public init(palette: Palette) {
        self.palette = palette
    }

    public var size: TerminalSize {
        TerminalSize(rows: Int(chatterm_lines()), columns: Int(chatterm_cols()))
    }

    public func drawRow(_ row: Int, _ line: StyledLine, fill: StyleRole) {
        let screen = chatterm_stdscr()
        let columns = Int(chatterm_cols())
        guard row >= 0, row < Int(chatterm_lines()), columns > 0 else { return }
        wmove(screen, Int32(row), 0)
        var column = 0
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(columns + 8)
        spans: for span in line.spans {
            buffer.removeAll(keepingCapacity: true)
            var clipped = false
            for character in span.text {
                let width = TextWidth.of(character)
                if column + width > columns {
                    clipped = true
                    break
                }
                column += width
                for scalar in character.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
            }
            if !buffer.isEmpty {
                let style = palette.style(for: span.role)
                wattr_set(screen, style.attributes, style.pair, nil)
                _ = buffer.withUnsafeBufferPointer { waddnwstr(screen, $0.baseAddress, Int32($0.count)) }
            }
            if clipped { break spans }
        }
        let style = palette.style(for: fill)
        wattr_set(screen, style.attributes, style.pair, nil)
        // Writing the bottom-right cell can fail (the cursor cannot advance past it); the cell
        // is still drawn, so the result is ignored.
        while column < columns {
            waddch(screen, chtype(UInt8(ascii: " ")))
            column += 1
        }
        wattr_set(screen, chatterm_a_normal(), 0, nil)
    }

    public func placeCursor(row: Int, column: Int?) {
        if let column {
            wmove(chatterm_stdscr(), Int32(row), Int32(column))
            curs_set(1)
        } else {
            curs_set(0)
        }
    }
}
