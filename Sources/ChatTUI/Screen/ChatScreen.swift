import ChatCore

/// The chat screen: the conversation pane on top, the input editor (which grows up to a third
/// of the screen as the draft gets longer), and the status bar at the bottom. It owns the layout, the scroll state and the editor; the app feeds it keys (through
/// `input` and the scroll helpers) and asks it to draw once per frame.
@MainActor
public final class ChatScreen {
    /// Below this size the screen only says that the terminal is too small.
    public static let minimumSize = TerminalSize(rows: 6, columns: 20)
    static let tooSmallText = "terminal too small"
    static let newOutputMarker = "↓ new output below (End)"

    public let layout: ConversationLayout
    public var pane = ConversationPane()
    public var input = InputEditor()
    /// The attachments waiting for the next prompt, one folded line each
    /// (`📎 nginx.conf · 2.1 KB · 86 lines`), drawn above the input editor.
    public var waitingAttachments: [String] = []
    /// The most rows the waiting attachments take; more are counted on the last.
    static let mostAttachmentRows = 3

    /// The pane's height and width at the last render, for the scroll helpers and for keeping
    /// the view on the same content across resizes.
    private var paneHeight = 0
    private var paneWidth = 0
    /// The `unchangedBefore` of renders that drew "terminal too small" and so never reached the
    /// layout; the next full render's promise is no wider than this.
    private var promiseNotKept: Int?

    /// `firstTokenInLabels` is passed to the layout (see `ConversationLayout.init`).
    public init(firstTokenInLabels: Bool = false) {
        layout = ConversationLayout(firstTokenInLabels: firstTokenInLabels)
    }

    /// Draws every row of `surface`.
    ///
    /// `unchangedBefore` is passed to `ConversationLayout.update`: a promise that messages before
    /// that index did not change since the last render. `highlights` is passed to `renderPane`.
    /// `title`, when given, takes the top row (see `TitleLine`).
    ///
    /// `marks` is passed to `renderPane`. `inputLine`, when given, is drawn as one row in the
    /// input editor's place, with the cursor at its column (hidden when nil): a question asked on
    /// the input line, such as the file a selection is written to.
    public func render(
        messages: [Message], status: StatusModel, on surface: any Surface, unchangedBefore: Int = 0,
        highlights: ((_ row: Int) -> [Range<Int>])? = nil, title: StyledLine? = nil,
        marks: ((_ row: Int) -> RowMark?)? = nil, inputLine: (line: StyledLine, cursorColumn: Int?)? = nil
    ) {
        let size = surface.size
        let unchangedBefore = min(unchangedBefore, promiseNotKept ?? .max)
        guard size.rows >= Self.minimumSize.rows, size.columns >= Self.minimumSize.columns else {
            // The layout did not see this render's messages: the next render's promise must
            // cover what changed since the last one that did.
            promiseNotKept = unchangedBefore
            Self.drawTooSmall(size, on: surface)
            return
        }
        promiseNotKept = nil
        var editor = input.render(width: size.columns, maxRows: Self.inputRows(screenRows: size.rows))
        if let inputLine { editor = ([inputLine.line], 0, inputLine.cursorColumn ?? 0) }
        let attachmentRows = attachmentLines(screenRows: size.rows)
        let inputTop = size.rows - 1 - editor.rows.count
        let attachmentsTop = inputTop - attachmentRows.count
        let paneTop = title == nil ? 0 : 1
        if let title { surface.drawRow(0, title, fill: .titleBar) }
        renderPane(
            messages: messages, height: attachmentsTop - paneTop, on: surface, unchangedBefore: unchangedBefore,
            highlights: highlights, top: paneTop, marks: marks)
        for (offset, row) in attachmentRows.enumerated() {
            surface.drawRow(attachmentsTop + offset, row, fill: .plain)
        }
        for (offset, row) in editor.rows.enumerated() {
            surface.drawRow(inputTop + offset, row, fill: .plain)
        }
        surface.drawRow(
            size.rows - 1, StatusLine.render(status, width: size.columns),
            fill: StatusLine.phaseRole(status.phase))
        // While a reply is under way and nothing is being typed, the cursor is hidden (see
        // `CursesSurface.placeCursor`): that saves two cursor moves per streamed token.
        let parkCursor = inputLine.map { $0.cursorColumn == nil } ?? (status.phase.isActive && input.isEmpty)
        surface.placeCursor(row: inputTop + editor.cursorRow, column: parkCursor ? nil : editor.cursorColumn)
    }

    /// The waiting attachments' rows: up to `mostAttachmentRows`, never more than a third of the
    /// screen, the last saying how many more wait when they do not fit.
    private func attachmentLines(screenRows: Int) -> [StyledLine] {
        let room = min(Self.mostAttachmentRows, max(0, screenRows / 3 - 1))
        guard room > 0, !waitingAttachments.isEmpty else { return [] }
        var lines = waitingAttachments.map { Sanitizer.singleLineText($0) }
        if lines.count > room {
            let more = lines.count - room + 1
            lines = Array(lines.prefix(room - 1)) + ["📎 and \(more) more · /attach lists them"]
        }
        return lines.map { StyledLine([StyledLine.Span(MessageRows.indent, .dim), StyledLine.Span($0, .dim)]) }
    }

    /// The most rows the input editor may take: a third of the screen, at least one.
    static func inputRows(screenRows: Int) -> Int { max(1, screenRows / 3) }

    /// Draws the conversation pane alone in the top `height` rows of `surface`, for views that
    /// put something else below it (the read-only `ConversationViewer`). Does not check the
    /// surface's size.
    ///
    /// `highlights`, when given, is asked for each visible conversation row (an index into the
    /// layout's rows) and returns display columns to draw as `.searchMatch` (see
    /// `ConversationSearch.highlights(inRow:)`); it is asked after the layout is brought up to
    /// date.
    ///
    /// `marks`, when given, is asked the same way and says which rows are selected (drawn in
    /// `.selection` across the width) and which hold the selection's cursor (marked "›" in the
    /// indentation as well).
    public func renderPane(
        messages: [Message], height: Int, on surface: any Surface, unchangedBefore: Int = 0,
        highlights: ((_ row: Int) -> [Range<Int>])? = nil, top: Int = 0, marks: ((_ row: Int) -> RowMark?)? = nil
    ) {
        let height = max(0, height)
        updateLayout(messages, width: surface.size.columns, height: height, unchangedBefore: unchangedBefore)
        keepRowsAbove(height)
        let total = layout.totalRows
        let visible = pane.visibleRange(height: height, totalRows: total)
        let rows = layout.rows(in: visible)
        for row in 0..<height {
            if row == height - 1 && pane.hasNewOutputBelow {
                surface.drawRow(top + row, StyledLine(Self.newOutputMarker, .marker), fill: .marker)
            } else if row < rows.count {
                var line = rows[row]
                if let highlights { line = line.highlighting(highlights(visible.lowerBound + row), as: .searchMatch) }
                if let mark = marks?(visible.lowerBound + row) {
                    surface.drawRow(top + row, Self.marked(line, mark), fill: .selection)
                    continue
                }
                surface.drawRow(top + row, line, fill: .plain)
            } else {
                surface.drawRow(top + row, StyledLine(), fill: .plain)
            }
        }
    }

    /// How a row of the conversation is marked by the selection.
    public enum RowMark: Sendable, Hashable {
        case selected
        /// Selected, and a row of the line under the cursor.
        case cursor
    }

    /// The mark of the selection's cursor, in the indentation of its rows.
    static let cursorMark = "›"

    /// `line` drawn as selected: every span in `.selection`; a cursor row's first cell of
    /// indentation replaced by `cursorMark`.
    static func marked(_ line: StyledLine, _ mark: RowMark) -> StyledLine {
        var spans = line.spans.map { StyledLine.Span($0.text, .selection) }
        if mark == .cursor, let first = spans.first, first.text.hasPrefix(" ") {
            spans[0].text = cursorMark + first.text.dropFirst()
        }
        return StyledLine(spans)
    }

    /// Scrolls as little as it takes to show `rows` of the conversation (their top, when they
    /// are taller than the view).
    public func bringIntoView(_ rows: Range<Int>) {
        let visible = visibleRows
        if rows.lowerBound < visible.lowerBound || rows.count > scrollHeight {
            show(topRow: rows.lowerBound)
        } else if rows.upperBound > visible.upperBound {
            show(topRow: rows.upperBound - scrollHeight)
        }
    }

    public func pageUp() {
        keepRowsAbove(2 * scrollHeight)
        pane.pageUp(pageHeight: scrollHeight, totalRows: layout.totalRows)
    }
    public func pageDown() { pane.pageDown(pageHeight: scrollHeight, totalRows: layout.totalRows) }
    public func lineUp() {
        keepRowsAbove(scrollHeight)
        pane.lineUp(pageHeight: scrollHeight, totalRows: layout.totalRows)
    }
    public func lineDown() { pane.lineDown(pageHeight: scrollHeight, totalRows: layout.totalRows) }
    public func scrollToBottom() { pane.scrollToBottom() }
    public func scrollToTop() {
        layout.layOutAll()
        show(topRow: 0)
    }

    /// The conversation rows in view at the last render's pane height.
    public var visibleRows: Range<Int> { pane.visibleRange(height: paneHeight, totalRows: layout.totalRows) }

    /// Scrolls so that `topRow` is the first row in view (as far as the conversation allows).
    public func show(topRow: Int) {
        pane.show(topRow: topRow, pageHeight: scrollHeight, totalRows: layout.totalRows)
    }

    /// Scrolls `row` to the top of the view unless it is in view already.
    public func reveal(row: Int) {
        if !visibleRows.contains(row) { show(topRow: row) }
    }

    private var scrollHeight: Int { max(1, paneHeight) }

    /// Lays out earlier messages while fewer than `rows` rows are laid out above the view, so
    /// scrolling up never meets the edge of the lazy layout. The view does not move: the pane
    /// counts from the bottom.
    private func keepRowsAbove(_ rows: Int) {
        while layout.hasMoreAbove && visibleRows.lowerBound < rows {
            layout.extendUpward(minimumRows: max(rows, ConversationLayout.initialRows))
        }
    }

    /// Updates the layout and moves the scroll offset with it: a scrolled view keeps its content
    /// as rows are added below, and after a width change it keeps the same message row at the top
    /// (scaled when the message re-wrapped to a different number of rows).
    private func updateLayout(_ messages: [Message], width: Int, height: Int, unchangedBefore: Int) {
        let oldTotal = layout.totalRows
        var anchor: (message: Int, row: Int, rows: Int)?
        if width != paneWidth && !pane.isPinned && paneHeight > 0 {
            let top = pane.visibleRange(height: paneHeight, totalRows: oldTotal).lowerBound
            if let location = layout.location(ofRow: top) {
                anchor = (location.message, location.row, layout.rowCount(ofMessage: location.message))
            }
        }
        let sameWidth = width == paneWidth
        layout.update(messages: messages, width: width, unchangedBefore: unchangedBefore)
        let total = layout.totalRows
        if sameWidth {
            pane.contentGrew(by: total - oldTotal)
        } else if let anchor {
            while layout.hasMoreAbove && layout.firstLaidOutMessage > anchor.message {
                layout.extendUpward(minimumRows: ConversationLayout.initialRows)
            }
            let rows = max(1, layout.rowCount(ofMessage: anchor.message))
            let row = min(rows - 1, anchor.row * rows / max(1, anchor.rows))
            pane.show(topRow: layout.firstRow(ofMessage: anchor.message) + row, pageHeight: height, totalRows: total)
        }
        pane.clamp(pageHeight: height, totalRows: total)
        paneWidth = width
        paneHeight = height
    }

    /// Says "terminal too small" on the first row and blanks the rest; shared with the overlays.
    static func drawTooSmall(_ size: TerminalSize, on surface: any Surface) {
        for row in 0..<max(0, size.rows) {
            let text = row == 0 ? TextWidth.truncate(Self.tooSmallText, to: size.columns) : ""
            surface.drawRow(row, StyledLine(text, .marker), fill: .plain)
        }
        surface.placeCursor(row: 0, column: nil)
    }
}
