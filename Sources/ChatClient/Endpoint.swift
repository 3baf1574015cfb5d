import ChatCore
import Foundation

/// An OpenAI-compatible server: its base URL (`http://host:port/v1`) and the key to send.
/// The key lives only in memory; `description` never shows it.
public struct Endpoint: Sendable, CustomStringConvertible {
    /// The base URL without a trailing slash, e.g. `http://127.0.0.1:8000/v1`.
    public let baseURL: String
    public let apiKey: String?

    /// Accepts `http://host:port/v1`, with or without a trailing slash, and also a full
    /// `…/chat/completions` URL pasted from a server's docs.
    public init(baseURL: String, apiKey: String? = nil) throws(ChatError) {
        var url = baseURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/chat/completions") { url.removeLast("/chat/completions".count) }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw .invalidURL("\(baseURL) (expected something like http://127.0.0.1:8000/v1)")
        }
        self.baseURL = url
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var chatCompletionsURL: String { baseURL + "/chat/completions" }
    public var modelsURL: String { baseURL + "/models" }

    /// `host:port` for the status bar.
    public var hostLabel: String {
        guard let components = URLComponents(string: baseURL), let host = components.host else { return baseURL }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    public var description: String { baseURL + (apiKey == nil ? "" : " (with API key)") }
}
