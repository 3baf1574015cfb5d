import CNcursesw

/// `Surface` on ncurses' standard screen. It draws into ncurses' virtual screen only; the
/// `TerminalApp` calls `doupdate` once per frame so ncurses can send just the cells that changed.
///
/// It remembers what each row last showed and skips a row that has not changed: while a reply
/// streams, most frames change one row, and re-sending the rest to ncurses would cost more CPU
/// than the token itself.
@MainActor
public final class CursesSurface: Surface {
    private var palette: Palette
    private var drawn: [(line: StyledLine, fill: StyleRole)?] = []
    private var cursorHidden = false
    /// Draws only ASCII (`ASCIIFallback`), for a locale that is not UTF-8.
    public var asciiOnly = false

    public init(palette: Palette) {
        self.palette = palette
    }

    public var size: TerminalSize {
        TerminalSize(rows: Int(chatterm_lines()), columns: Int(chatterm_cols()))
    }

    /// Draws with `palette` from the next frame on, every row anew (`/theme`).
    public func replace(palette: Palette) {
        self.palette = palette
        invalidate()
    }

    /// Forgets what the rows showed, so the next frame draws every row (after a resize, a
    /// suspend, or Ctrl-L).
    public func invalidate() {
        drawn.removeAll()
    }

    public func drawRow(_ row: Int, _ line: StyledLine, fill: StyleRole) {
        let screen = chatterm_stdscr()
        let columns = Int(chatterm_cols())
        let rows = Int(chatterm_lines())
        guard row >= 0, row < rows, columns > 0 else { return }
        if drawn.count != rows { drawn = Array(repeating: nil, count: rows) }
        if let previous = drawn[row], previous.fill == fill, previous.line == line { return }
        drawn[row] = (line, fill)
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
                if asciiOnly && !character.isASCII {
                    for byte in ASCIIFallback.text(for: character, width: width).utf8 { buffer.append(wchar_t(byte)) }
                } else {
                    // The last line of defence: text reaches here sanitised, and a control that
                    // slipped through is dropped (it measured 0 cells) rather than sent.
                    for scalar in character.unicodeScalars where !Sanitizer.isUnsafe(scalar) {
                        buffer.append(wchar_t(bitPattern: scalar.value))
                    }
                }
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

    /// With a column, shows the cursor there. Without one, hides it and lets ncurses leave it
    /// wherever its last write ended (`leaveok`): while a reply streams into the pane, the next
    /// token then goes out with no cursor movement around it.
    public func placeCursor(row: Int, column: Int?) {
        let screen = chatterm_stdscr()
        if let column {
            leaveok(screen, false)
            wmove(screen, Int32(row), Int32(column))
            if cursorHidden {
                curs_set(1)
                cursorHidden = false
            }
        } else {
            leaveok(screen, true)
            if !cursorHidden {
                curs_set(0)
                cursorHidden = true
            }
        }
    }
}
