import DemoServer
import Foundation

extension DemoServer {
    /// The chat-completion requests the server received, warm-ups (one-token, non-streaming) excluded.
    public var chatRequests: [RecordedRequest] {
        requests.filter { $0.path == "/v1/chat/completions" && !$0.isWarmUp }
    }

    /// The warm-up requests the server received.
    public var warmUpRequests: [RecordedRequest] {
        requests.filter { $0.path == "/v1/chat/completions" && $0.isWarmUp }
    }

    /// The text of the last user message the server received.
    public var lastPrompt: String? {
        let messages = chatRequests.last?.json["messages"] as? [[String: Any]]
        return messages?.last(where: { $0["role"] as? String == "user" })?["content"] as? String
    }
}

extension DemoServer.RecordedRequest {
    /// A request asking for one token without streaming: chatterm's warm-up.
    public var isWarmUp: Bool {
        json["max_tokens"] as? Int == 1 && json["stream"] as? Bool == false
    }

    /// Whether the request asked for a streamed reply.
    public var isStreaming: Bool { json["stream"] as? Bool == true }

    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}
