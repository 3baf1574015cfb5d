import ChatCore

/// The rows of one message as `ConversationLayout` shows them, built lazily from parts so that a
/// streaming message costs only its new text:
///
/// ```
/// Assistant ‹ 2/3 › · 532 tok · 48.1 tok/s · 11.2 s  label (.assistantLabel, its alternatives,
///                                                 .dim details)
///   thinking: the reasoning, wrapped              .reasoning
///   the content, wrapped to width - 2             .assistantText (or "…" while nothing came);
///                                                 an assistant's as Markdown unless raw
///   ✗ the error, wrapped                          .error
///                                                 one blank row
/// ```
struct MessageRows {
    static let indent = "  "
    static let reasoningPrefix = "thinking: "
    /// The key that unfolds reasoning, named in the folded row.
    static let showReasoning = KeyTable.keyNames(.chat(.toggleReasoning))

    private var role: Role
    private var status: MessageStatus
    private var stats: TurnStats?
    private var error: String?
    /// Where the message stands among its alternatives, when it has some (`‹ 2/3 ›`).
    private var alternatives: Conversation.Alternatives?
    private var label: StyledLine
    private var reasoning: WrappedText
    private var content: WrappedText
    /// The content as Markdown (assistant replies, unless raw text was asked for); `content`
    /// stays empty then.
    private var markdown: MarkdownText?
    private var errorRows: [String]
    /// The files attached to the message, and their rows: one folded line each, a text file's
    /// text after it when unfolded (Ctrl-T, with reasoning).
    private var attachments: [Attachment]
    private var attachmentRows: [StyledLine] = []
    private var attachmentsWidth = 0
    /// Whether the label shows the time to first token, as the read-only view does (the live
    /// view has it in the status bar).
    private let firstToken: Bool
    /// Whether reasoning stays open once the answer has started (Ctrl-T); else it folds to one row.
    private let expandReasoning: Bool

    /// The number of rows, blank separator included.
    private(set) var count = 0

    init(
        _ message: Message, width: Int, firstToken: Bool = false, rawText: Bool = false, expandReasoning: Bool = false,
        alternatives: Conversation.Alternatives? = nil
    ) {
        let textWidth = Self.textWidth(width)
        self.firstToken = firstToken
        self.expandReasoning = expandReasoning
        role = message.role
        status = message.status
        stats = message.stats
        error = message.error
        self.alternatives = alternatives
        label = Self.label(message, firstToken: firstToken, alternatives: alternatives)
        reasoning = WrappedText(prefix: Self.reasoningPrefix, width: textWidth)
        content = WrappedText(width: textWidth)
        if message.role == .assistant && !rawText { markdown = MarkdownText(width: textWidth) }
        errorRows = Self.errorRows(message.error, width: textWidth)
        attachments = message.attachments
        update(message, width: width, alternatives: alternatives)
    }

    /// Brings the rows up to date; cheap when nothing changed or the text only grew.
    mutating func update(_ message: Message, width: Int, alternatives: Conversation.Alternatives? = nil) {
        let textWidth = Self.textWidth(width)
        if message.role != role || message.status != status || message.stats != stats
            || alternatives != self.alternatives
        {
            role = message.role
            status = message.status
            stats = message.stats
            self.alternatives = alternatives
            label = Self.label(message, firstToken: firstToken, alternatives: alternatives)
        }
        if message.error != error || textWidth != content.width {
            error = message.error
            errorRows = Self.errorRows(message.error, width: textWidth)
        }
        if message.attachments != attachments || textWidth != attachmentsWidth {
            attachments = message.attachments
            attachmentsWidth = textWidth
            attachmentRows = Self.attachmentRows(attachments, width: textWidth, unfolded: expandReasoning)
        }
        reasoning.update(message.reasoning ?? "", width: textWidth)
        if markdown != nil {
            markdown?.update(message.content, width: textWidth)
        } else {
            content.update(message.content, width: textWidth)
        }
        count = 1 + reasoningCount + contentCount + attachmentRows.count + errorRows.count + 1
    }

    /// The rows of the text (after the label and the reasoning; none while a placeholder stands
    /// in for it), which the selection's lines map to.
    var textRows: Range<Int> {
        let start = 1 + reasoningCount
        return start..<start + (placeholder == nil ? textCount : 0)
    }

    /// Reasoning folds to one row once the answer has started, unless asked to stay open.
    private var reasoningFolded: Bool { !expandReasoning && reasoning.count > 1 && textCount > 0 }
    private var reasoningCount: Int { reasoningFolded ? 1 : reasoning.count }

    /// The row at `index` (0 ..< count).
    func row(_ index: Int) -> StyledLine {
        if index == 0 { return label }
        var index = index - 1
        if reasoningFolded && index == 0 {
            return Self.indented(
                "▸ thought for \(reasoning.count) lines · \(Self.showReasoning) shows them", .reasoning)
        }
        if index < reasoningCount { return Self.indented(reasoning[index], .reasoning) }
        index -= reasoningCount
        if index < contentCount {
            if let placeholder { return Self.indented(placeholder, .dim) }
            if let markdown {
                return StyledLine([StyledLine.Span(Self.indent, Self.textRole(role))] + markdown[index].spans)
            }
            return Self.indented(content[index], Self.textRole(role))
        }
        index -= contentCount
        if index < attachmentRows.count { return attachmentRows[index] }
        index -= attachmentRows.count
        if index < errorRows.count { return Self.indented(errorRows[index], .error) }
        return StyledLine()
    }

    /// What stands in for a reply without text: "…" while it streams, and a note when the model
    /// finished without a word, so a legitimately empty answer does not look like a lost one.
    private var placeholder: String? {
        guard role == .assistant, textCount == 0 else { return nil }
        switch status {
        case .streaming: return "…"
        case .complete:
            let reason = stats?.finishReason.map { ": finish reason " + Sanitizer.singleLineText($0) } ?? ""
            return "(an empty answer\(reason))"
        case .interrupted, .cancelled, .failed: return nil
        }
    }
    private var contentCount: Int { placeholder == nil ? textCount : 1 }
    private var textCount: Int { markdown?.count ?? content.count }

    private static func textWidth(_ width: Int) -> Int { max(1, width - indent.count) }

    private static func indented(_ text: String, _ role: StyleRole) -> StyledLine {
        StyledLine([StyledLine.Span(indent, role), StyledLine.Span(text, role)])
    }

    /// A line per attachment (`📎 nginx.conf · 2.1 KB · 86 lines`); unfolded, a text file's
    /// lines follow its own, indented under it. Images never unfold.
    private static func attachmentRows(_ attachments: [Attachment], width: Int, unfolded: Bool) -> [StyledLine] {
        var rows: [StyledLine] = []
        for attachment in attachments {
            var summary = Sanitizer.singleLineText(attachment.summary())
            if !unfolded, !attachment.isImage { summary += " · \(showReasoning) shows it" }
            rows += LineWrapper.wrap(summary, width: width).map { indented($0, .dim) }
            guard unfolded, case .text(let text) = attachment.content else { continue }
            var wrapped = WrappedText(prefix: "", width: max(1, width - indent.count))
            wrapped.update(text, width: max(1, width - indent.count))
            rows += (0..<wrapped.count).map { indented(indent + wrapped[$0], .userText) }
        }
        return rows
    }

    private static func errorRows(_ error: String?, width: Int) -> [String] {
        guard let error else { return [] }
        return LineWrapper.wrap("✗ " + Sanitizer.displayText(error), width: width)
    }

    private static func textRole(_ role: Role) -> StyleRole {
        switch role {
        case .user: return .userText
        case .assistant: return .assistantText
        case .system: return .systemText
        }
    }

    private static func labelRole(_ role: Role) -> StyleRole {
        switch role {
        case .user: return .userLabel
        case .assistant: return .assistantLabel
        case .system: return .systemLabel
        }
    }

    private static func label(
        _ message: Message, firstToken: Bool, alternatives: Conversation.Alternatives?
    ) -> StyledLine {
        let label = message.role.label + (alternatives.map { " " + $0.label } ?? "")
        let name = StyledLine.Span(label, labelRole(message.role))
        guard message.role == .assistant else { return StyledLine([name]) }
        var details: [String] = []
        switch message.status {
        case .complete: break
        case .streaming: details.append("streaming")
        case .interrupted: details.append("interrupted")
        case .cancelled: details.append("cancelled")
        case .failed: details.append("failed")
        }
        if let stats = message.stats { details += Figures.summary(stats, firstToken: firstToken) }
        guard !details.isEmpty else { return StyledLine([name]) }
        return StyledLine([name, StyledLine.Span(" · " + details.joined(separator: " · "), .dim)])
    }
}
