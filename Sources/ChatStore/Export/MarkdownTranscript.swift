import ChatCore
import Foundation

/// The Markdown export and its parser.
///
/// Each message starts with a marker comment that renderers hide,
/// `<!-- chatterm:message role=assistant status=complete created=… lines=12 -->`, then a readable
/// heading (`### Assistant · 532 tok · 48.1 tok/s`), a blank line and the content verbatim.
/// `lines` counts the content's lines, so the parser takes exactly those lines whatever they hold:
/// headings, fences, or even a line that looks like a marker cannot confuse it. Reasoning, when
/// present, comes first in a `<details>` block counted by `reasoning-lines`. A fence left open by
/// an interrupted reply is closed after the counted lines, so the rest of the page renders.
/// Attached files are listed after the content, one quoted line each, which the parser skips.
enum MarkdownTranscript {
    static let markerPrefix = "<!-- chatterm:message "
    static let markerSuffix = " -->"

    static func render(_ conversation: Conversation, allBranches: Bool = false) -> String {
        var lines = ["# " + MessageHeading.title(conversation), "", "*" + conversationLine(conversation) + "*"]
        let numbered = allBranches && conversation.isBranched
        for section in BranchSections(conversation, allBranches: allBranches).sections {
            if numbered { lines += ["", "## " + ConversationExport.sectionRule(section)] }
            for entry in section.entries { lines += messageLines(entry, numbered: numbered) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A message's marker, heading, reasoning, content, attachments and error.
    private static func messageLines(_ entry: BranchSections.Entry, numbered: Bool) -> [String] {
        let message = entry.message
        var lines: [String] = []
        let content = contentLines(message.content)
        let reasoning = contentLines(message.reasoning ?? "")
        var attributes = [
            "role=\(message.role.rawValue)", "status=\(message.status.rawValue)",
            "created=\(RFC3339.string(from: message.createdAt))", "lines=\(content.count)",
        ]
        if message.reasoning != nil { attributes.append("reasoning-lines=\(reasoning.count)") }
        lines += ["", markerPrefix + attributes.joined(separator: " ") + markerSuffix]
        lines += ["### " + MessageHeading.text(for: entry, numbered: numbered), ""]
        if message.reasoning != nil {
            lines += ["<details><summary>Reasoning</summary>", ""] + reasoning
            if hasOpenFence(reasoning) { lines.append("```") }
            lines += ["", "</details>", ""]
        }
        lines += content
        if hasOpenFence(content) { lines.append("```") }
        // After the counted lines, so the parser passes over them; the files' contents stay
        // in the conversation file.
        if !message.attachments.isEmpty {
            lines += [""] + message.attachments.map { "> " + $0.summary() + "  " }
        }
        if let error = message.error, !error.isEmpty {
            lines += [
                "",
                "> **\(message.status.rawValue):** "
                    + error.split(whereSeparator: \.isNewline).joined(separator: " "),
            ]
        }
        return lines
    }

    static func parse(_ markdown: String) -> [Message] {
        let lines = TextLines.split(markdown)
        var messages: [Message] = []
        var index = 0
        while index < lines.count {
            guard let attributes = markerAttributes(lines[index]) else {
                index += 1
                continue
            }
            index += 1
            // The heading and the blank line after it.
            if index < lines.count && lines[index].hasPrefix("### ") { index += 1 }
            if index < lines.count && lines[index].isEmpty { index += 1 }
            var reasoning: String?
            if let count = attributes["reasoning-lines"].flatMap(Int.init) {
                // "<details><summary>Reasoning</summary>", a blank line, the lines, then the close.
                index = min(index + 2, lines.count)
                let end = min(index + count, lines.count)
                reasoning = lines[index..<end].joined(separator: "\n")
                index = end
                while index < lines.count && lines[index] != "</details>" { index += 1 }
                index = min(index + 2, lines.count)
            }
            let content: String
            if let count = attributes["lines"].flatMap(Int.init) {
                let end = min(index + count, lines.count)
                content = lines[index..<end].joined(separator: "\n")
                index = end
            } else {
                // Written by hand without a count: everything up to the next marker.
                var end = index
                while end < lines.count && markerAttributes(lines[end]) == nil { end += 1 }
                content = lines[index..<end].joined(separator: "\n").trimmingCharacters(in: .newlines)
                index = end
            }
            messages.append(
                Message(
                    role: attributes["role"].flatMap(Role.init(rawValue:)) ?? .user, content: content,
                    reasoning: reasoning,
                    createdAt: attributes["created"].flatMap(RFC3339.date(from:)) ?? Date(timeIntervalSince1970: 0),
                    status: attributes["status"].flatMap(MessageStatus.init(rawValue:)) ?? .complete))
        }
        return messages
    }

    /// The `key=value` pairs of a marker line, or nil when the line is not a marker.
    private static func markerAttributes(_ line: Substring) -> [String: String]? {
        var line = line
        if line.hasSuffix("\r") { line = line.dropLast() }
        guard line.hasPrefix(markerPrefix), line.hasSuffix(markerSuffix) else { return nil }
        let inner = line.dropFirst(markerPrefix.count).dropLast(markerSuffix.count)
        var attributes: [String: String] = [:]
        for pair in inner.split(separator: " ") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            attributes[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return attributes
    }

    /// A text's lines; an empty text has none (so `lines=0`), and a final newline makes an empty
    /// last line, which is what lets the parser give it back.
    private static func contentLines(_ text: String) -> [String] {
        text.isEmpty ? [] : TextLines.split(text).map(String.init)
    }

    /// Whether the lines open more code fences (``` or ~~~ at the start of a line) than they close.
    private static func hasOpenFence(_ lines: [String]) -> Bool {
        lines.reduce(0) { count, line in
            let trimmed = line.drop(while: { $0 == " " })
            return trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") ? count + 1 : count
        } % 2 == 1
    }

    private static func conversationLine(_ conversation: Conversation) -> String {
        MessageHeading.conversationLine(conversation).replacingOccurrences(of: "*", with: "\\*")
    }
}
