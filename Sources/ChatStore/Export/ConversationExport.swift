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
    public static func text(_ conversation: Conversation, ascii: Bool = false) -> String {
        var lines = [MessageHeading.title(conversation), MessageHeading.conversationLine(conversation), ""]
        for message in conversation.messages {
            lines.append(MessageHeading.text(for: message))
            if let reasoning = message.reasoning, !reasoning.isEmpty {
                lines += TextLines.split(reasoning).map { "  ┆ " + $0 }
            }
            if !message.content.isEmpty || message.attachments.isEmpty {
                lines += TextLines.split(message.content).map { "  " + $0 }
            }
            lines += message.attachments.map { "  " + $0.summary(ascii: ascii) }
            if let error = message.error, !error.isEmpty { lines.append("  [\(message.status.rawValue): \(error)]") }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown: a title, then per message a marker comment, a `### ` heading and the content
    /// verbatim (see `MarkdownTranscript` for why the markers make that safe).
    public static func markdown(_ conversation: Conversation) -> String {
        MarkdownTranscript.render(conversation)
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
