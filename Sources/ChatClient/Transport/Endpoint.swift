import ChatCore
import Foundation

/// An OpenAI-compatible server: its base URL (`http://host:port/v1`), the key to send, and what
/// a configuration adds to every request (headers for a gateway, extra body fields such as
/// `top_p`). The key lives only in memory; `description` never shows it.
public struct Endpoint: Sendable, CustomStringConvertible {
    /// The base URL without a trailing slash and without user information, e.g.
    /// `http://127.0.0.1:8000/v1`.
    public let baseURL: String
    public let apiKey: String?
    /// Sent with every request (completions, warm-ups and the model list), after chatterm's own
    /// `User-Agent` and `Authorization`, which a header of the same name replaces. The other
    /// headers that are chatterm's own (`ChatRequest.Header`) are never taken from here.
    public let headers: [(name: String, value: String)]
    /// Merged into every completion's JSON body. A field chatterm sets itself
    /// (`ChatRequest.Field`) is never overridden from here: the configuration refuses those
    /// names, and the body keeps chatterm's value if one slips by.
    public let extraBody: [String: JSONValue]
    /// Hides this endpoint's secrets (its key, its secret headers' values, the URL's password)
    /// in every message made of what its server says.
    public let redactor: Redactor
    /// The user and password the base URL carried, sent as HTTP basic authentication.
    let basicCredentials: BaseURL.Credentials?
    /// How requests reach the server: through a proxy or not.
    public let network: NetworkConfiguration

    /// Accepts `http://host:port/v1`, with or without a trailing slash, and also a full
    /// `…/chat/completions` URL pasted from a server's docs. A user and password in the URL
    /// (`http://user:password@host/v1`) are sent as HTTP basic authentication, as curl sends
    /// them, and never kept in `baseURL`; they cannot be combined with a key or an
    /// `Authorization` header, which would take the same header. `secretHeaders` names headers
    /// whose values are secret besides `Redactor.sensitiveHeaders`. `network` says how the
    /// server is reached; a proxy's password is a secret too.
    public init(
        baseURL: String, apiKey: String? = nil, headers: [(name: String, value: String)] = [],
        secretHeaders: Set<String> = [], extraBody: [String: JSONValue] = [:], network: NetworkConfiguration = .direct
    ) throws(ChatError) {
        let credentials = BaseURL.credentials(in: baseURL)
        let redactor = Redactor(
            apiKey: apiKey, headers: headers, secretHeaders: secretHeaders, credentials: credentials,
            proxyCredentials: network.proxy?.credentials)
        guard let url = BaseURL.normalized(baseURL) else {
            throw .invalidURL(redactor("\(baseURL) (expected something like \(BaseURL.example))"))
        }
        self.baseURL = BaseURL.withoutCredentials(url)
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.headers = headers
        self.extraBody = extraBody
        self.redactor = redactor
        self.network = network
        if let credentials {
            if self.apiKey != nil || headers.contains(where: { ChatRequest.Header(named: $0.name) == .authorization }) {
                throw .invalidURL(
                    redactor(url)
                        + " carries a user and password, sent as basic authentication in the Authorization header,"
                        + " which the API key (or an Authorization header) takes too: keep one of them")
            }
            basicCredentials = credentials
        } else {
            basicCredentials = nil
        }
    }

    /// The paths of the two endpoints below the base URL.
    static let chatCompletionsPath = "/chat/completions"
    static let modelsPath = "/models"

    public var chatCompletionsURL: String { baseURL + Self.chatCompletionsPath }
    public var modelsURL: String { baseURL + Self.modelsPath }

    /// `host:port` for the status bar.
    public var hostLabel: String {
        BaseURL.hostLabel(baseURL)
    }

    public var description: String { baseURL + (apiKey == nil ? "" : " (with API key)") }
}
