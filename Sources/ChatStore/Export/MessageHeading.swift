import ChatCore
import Foundation

/// The words that introduce a message in an export, as the chat screen labels it: "You",
/// "Assistant · 532 tok · 48.1 tok/s", "Assistant · interrupted", "System", and for a message
/// with alternatives "Assistant ‹ 2/3 › · 532 tok". With all branches printed, its place in the
/// conversation comes first: "4. Assistant ‹ 2/3 ›".
enum MessageHeading {
    static func text(for message: Message) -> String {
        text(for: BranchSections.Entry(message: message, number: 0, alternatives: nil), numbered: false)
    }

    static func text(for entry: BranchSections.Entry, numbered: Bool) -> String {
        let message = entry.message
        var label = message.role.label
        if numbered { label = "\(entry.number). " + label }
        if let alternatives = entry.alternatives { label += " " + alternatives.label }
        var parts = [label]
        if message.status != .complete { parts.append(message.status.rawValue) }
        if let stats = message.stats {
            if let tokens = stats.completionTokens { parts.append("\(tokens) tok") }
            if let rate = stats.tokensPerSecond, rate.isFinite, rate > 0 {
                parts.append(String(format: "%.1f tok/s", rate))
            }
            if let milliseconds = stats.durationMs {
                parts.append(String(format: "%.1f s", Double(milliseconds) / 1000))
            }
            if stats.fallback { parts.append("non-streaming fallback") }
        }
        return parts.joined(separator: " · ")
    }

    /// "2026-11-27 14:05" in the local time zone, as `history` and the exports show times.
    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The line under an export's title: model, endpoint, when it started and when it changed.
    static func conversationLine(_ conversation: Conversation) -> String {
        var parts: [String] = []
        if let endpoint = conversation.endpoint {
            // A file written before chatterm stopped storing it may still hold a URL's password.
            parts.append("\(endpoint.model) @ \(BaseURL.withoutCredentials(endpoint.baseURL))")
        }
        parts.append("started \(localTime(conversation.createdAt))")
        parts.append("updated \(localTime(conversation.updatedAt))")
        parts.append(conversation.messages.count == 1 ? "1 message" : "\(conversation.messages.count) messages")
        if conversation.isBranched {
            let others = conversation.otherBranches.count
            parts[parts.count - 1] += " in view, \(others) in other branches"
        }
        return parts.joined(separator: " · ")
    }

    /// The title to show: the conversation's, on one line, or a stand-in naming its id.
    static func title(_ conversation: Conversation) -> String {
        let title = conversation.title.split(whereSeparator: \.isNewline).joined(separator: " ")
        return title.trimmingCharacters(in: .whitespaces).isEmpty ? "Conversation \(conversation.id)" : title
    }
}
