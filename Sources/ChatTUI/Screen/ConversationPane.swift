/// Scroll state of the conversation pane, kept as a distance from the bottom so that "pinned"
/// (0) follows new output by itself.
///
/// While the user has scrolled up, the view stays on the same content as rows are added below
/// (`contentGrew(by:)` moves the offset along) and `hasNewOutputBelow` says there is something
/// to come back to, until the view reaches the bottom again.
public struct ConversationPane: Sendable, Hashable {
    /// Rows between the bottom of the view and the end of the conversation.
    public private(set) var offsetFromBottom = 0
    /// Rows were added below while the user was scrolled up.
    public private(set) var hasNewOutputBelow = false

    public init() {}

    /// The view follows the end of the conversation.
    public var isPinned: Bool { offsetFromBottom == 0 }

    /// Up by a page, keeping one row of the previous page for context.
    public mutating func pageUp(pageHeight: Int, totalRows: Int) {
        scroll(by: Self.pageStep(pageHeight), pageHeight: pageHeight, totalRows: totalRows)
    }

    public mutating func pageDown(pageHeight: Int, totalRows: Int) {
        scroll(by: -Self.pageStep(pageHeight), pageHeight: pageHeight, totalRows: totalRows)
    }

    public mutating func lineUp(pageHeight: Int, totalRows: Int) {
        scroll(by: 1, pageHeight: pageHeight, totalRows: totalRows)
    }

    public mutating func lineDown(pageHeight: Int, totalRows: Int) {
        scroll(by: -1, pageHeight: pageHeight, totalRows: totalRows)
    }

    public mutating func scrollToBottom() {
        offsetFromBottom = 0
        hasNewOutputBelow = false
    }

    /// Rows were appended to the conversation: a pinned view follows them, a scrolled one stays
    /// on its content and notes the new output.
    public mutating func contentGrew(by rows: Int) {
        guard rows > 0, !isPinned else { return }
        offsetFromBottom += rows
        hasNewOutputBelow = true
    }

    /// Puts `topRow` at the top of the view (clamped); used to keep the same content in view
    /// when the conversation is re-wrapped.
    public mutating func show(topRow: Int, pageHeight: Int, totalRows: Int) {
        offsetFromBottom = totalRows - pageHeight - topRow
        clamp(pageHeight: pageHeight, totalRows: totalRows)
    }

    /// Keeps the offset within the conversation, e.g. after a resize.
    public mutating func clamp(pageHeight: Int, totalRows: Int) {
        offsetFromBottom = min(max(0, offsetFromBottom), Self.maxOffset(pageHeight, totalRows))
        if isPinned { hasNewOutputBelow = false }
    }

    /// The rows to show in a view `height` rows tall: the last ones when pinned; from the top
    /// when the conversation is shorter than the view.
    public func visibleRange(height: Int, totalRows: Int) -> Range<Int> {
        let offset = min(max(0, offsetFromBottom), Self.maxOffset(height, totalRows))
        let end = max(0, totalRows - offset)
        return max(0, end - max(0, height))..<end
    }

    private mutating func scroll(by rows: Int, pageHeight: Int, totalRows: Int) {
        offsetFromBottom += rows
        clamp(pageHeight: pageHeight, totalRows: totalRows)
    }

    private static func pageStep(_ pageHeight: Int) -> Int { max(1, pageHeight - 1) }

    private static func maxOffset(_ pageHeight: Int, _ totalRows: Int) -> Int {
        max(0, totalRows - max(0, pageHeight))
    }
}
