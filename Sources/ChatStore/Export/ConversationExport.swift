import ChatCore
import Foundation

/// A conversation as text to read, Markdown to keep or share, or the JSON file itself; what
/// `chatterm show` prints. The Markdown reads back into the same messages
/// (`messages(fromMarkdown:)`).
public enum ConversationExport {
    /// Plain text laid out like the chat screen: a label line per message and its content
    /// indented by two spaces; reasoning is marked "┆ ", each attached file is one line
    /// (`📎 nginx.conf · 2.1 KB · 86 lines`; `ascii`: `+ nginx.conf . 2.1 KB . 86 lines`, for a
    /// locale that is not UTF-8), and a reply that did not complete says why.
    ///
    /// The branch in view is printed, a message with alternatives labelled `‹ 2/3 ›`; with
    /// `allBranches`, every other branch follows it once, headed by where it leaves the branch it
    /// grows from (`── branch 2: alternative 1/2 to message 4 ──`, `BranchSections`), and each
    /// message is numbered by its place in the conversation.
    public static func text(_ conversation: Conversation, ascii: Bool = false, allBranches: Bool = false) -> String {
        var lines = [MessageHeading.title(conversation), MessageHeading.conversationLine(conversation), ""]
        let numbered = allBranches && conversation.isBranched
        for section in BranchSections(conversation, allBranches: allBranches).sections {
            if numbered { lines += [Self.sectionRule(section), ""] }
            for entry in section.entries { lines += textLines(entry, numbered: numbered, ascii: ascii) }
        }
        return lines.joined(separator: "\n")
    }

    /// The line that heads a section of `--all-branches`: `── branch 1: in view ──`.
    static func sectionRule(_ section: BranchSections.Section) -> String {
        "── " + (section.heading ?? "branch 1: in view") + " ──"
    }

    private static func textLines(_ entry: BranchSections.Entry, numbered: Bool, ascii: Bool) -> [String] {
        let message = entry.message
        var lines = [MessageHeading.text(for: entry, numbered: numbered)]
        if let reasoning = message.reasoning, !reasoning.isEmpty {
            lines += TextLines.split(reasoning).map { "  ┆ " + $0 }
        }
        if !message.content.isEmpty || message.attachments.isEmpty {
            lines += TextLines.split(message.content).map { "  " + $0 }
        }
        lines += message.attachments.map { "  " + $0.summary(ascii: ascii) }
        if let error = message.error, !error.isEmpty { lines.append("  [\(message.status.rawValue): \(error)]") }
        lines.append("")
        return lines
    }

    /// Markdown: a title, then per message a marker comment, a `### ` heading and the content
    /// verbatim (see `MarkdownTranscript` for why the markers make that safe). The branch in view,
    /// or with `allBranches` every branch, as `text(_:ascii:allBranches:)` prints them.
    public static func markdown(_ conversation: Conversation, allBranches: Bool = false) -> String {
        MarkdownTranscript.render(conversation, allBranches: allBranches)
    }

    /// The messages of a `markdown(_:)` export: role, status, creation time, reasoning and content
    /// exactly as they were. Text outside the markers (the title, the headings) is ignored.
    public static func messages(fromMarkdown markdown: String) -> [Message] {
        MarkdownTranscript.parse(markdown)
    }

    /// The conversation file's JSON (DESIGN.md §5), with `unknown` fields kept, as `save` writes it.
    public static func json(_ conversation: Conversation, preserving unknown: UnknownFields = .none) -> String {
        do {
            return String(decoding: try ConversationFile.encode(conversation, preserving: unknown), as: UTF8.self)
        } catch {
            // Unreachable in practice: the only values JSON cannot hold (infinite rates) are dropped.
            return "{}\n"
        }
    }
}
