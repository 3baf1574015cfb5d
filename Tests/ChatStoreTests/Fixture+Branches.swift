import ChatCore
import Foundation

extension Fixture {
    /// A conversation that branched twice, as the chat branches one: the first reply retried
    /// (`‹ 1/2 ›`, `‹ 2/2 ›`), the conversation going on after the second, then the first prompt
    /// edited. In view: "What is HTTP/2?" (the second of two first prompts) and its reply; in
    /// other branches: the first prompt, both its replies, and the turn after the second one.
    static func branched(id: String = "branched", replyStats: TurnStats? = nil) -> Conversation {
        func at(_ second: Int) -> Date { date("2026-11-27T14:00:0\(second).000Z") }
        func reply(_ text: String, _ second: Int) -> Message {
            Message(role: .assistant, content: text, createdAt: at(second), stats: replyStats)
        }
        var conversation = Conversation(
            id: id, title: "Protocols", createdAt: date("2026-11-27T14:00:00.000Z"),
            endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: "demo-model"),
            messages: [Message(role: .user, content: "What is SSE?", createdAt: at(1)), reply("First answer.", 2)])
        conversation.branch(at: 1, with: reply("Second answer.", 3))
        conversation.messages.append(Message(role: .user, content: "And WebSockets?", createdAt: at(4)))
        conversation.messages.append(reply("Both ways at once.", 5))
        conversation.branch(at: 0, with: Message(role: .user, content: "What is HTTP/2?", createdAt: at(6)))
        conversation.messages.append(reply("Streams over one connection.", 7))
        conversation.updatedAt = at(8)
        return conversation
    }
}
