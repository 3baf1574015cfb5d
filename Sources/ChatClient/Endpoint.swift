import ChatCore
import Foundation

/// An OpenAI-compatible server: its base URL (`http://host:port/v1`), the key to send, and what
/// a configuration adds to every request (headers for a gateway, extra body fields such as
/// `top_p`). The key lives only in memory; `description` never shows it.
public struct Endpoint: Sendable, CustomStringConvertible {
    /// The base URL without a trailing slash, e.g. `http://127.0.0.1:8000/v1`.
    public let baseURL: String
    public let apiKey: String?
    /// Sent with every request (completions, warm-ups and the model list), after chatterm's own
    /// `User-Agent` and `Authorization`; a header named like one of chatterm's replaces it.
    public let headers: [(name: String, value: String)]
    /// Merged into every completion's JSON body. A field chatterm sets itself (`model`,
    /// `messages`, `stream`, `temperature`, `max_tokens`) is never overridden from here: the
    /// configuration refuses those names, and the body keeps chatterm's value if one slips by.
    public let extraBody: [String: JSONValue]

    /// Accepts `http://host:port/v1`, with or without a trailing slash, and also a full
    /// `…/chat/completions` URL pasted from a server's docs.
    public init(
        baseURL: String, apiKey: String? = nil, headers: [(name: String, value: String)] = [],
        extraBody: [String: JSONValue] = [:]
    ) throws(ChatError) {
        guard let url = BaseURL.normalized(baseURL) else {
            throw .invalidURL("\(baseURL) (expected something like \(BaseURL.example))")
        }
        self.baseURL = url
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.headers = headers
        self.extraBody = extraBody
    }

    /// The paths of the two endpoints below the base URL.
    static let chatCompletionsPath = "/chat/completions"
    static let modelsPath = "/models"

    public var chatCompletionsURL: String { baseURL + Self.chatCompletionsPath }
    public var modelsURL: String { baseURL + Self.modelsPath }

    /// `host:port` for the status bar.
    public var hostLabel: String {
        guard let components = URLComponents(string: baseURL), let host = components.host else { return baseURL }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    public var description: String { baseURL + (apiKey == nil ? "" : " (with API key)") }
}
