import AsyncHTTPClient
import ChatCore
import NIOHTTP1

/// The HTTP requests an endpoint is sent, built in one place so the transport and the probe
/// send the same headers (and the key only in `Authorization`).
extension Endpoint {
    /// `POST {base}/chat/completions` for `request`.
    func completionRequest(_ request: ChatRequest) throws -> HTTPClient.Request {
        var headers = HTTPHeaders()
        addCommonHeaders(to: &headers)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: request.stream ? "text/event-stream" : "application/json")
        return try HTTPClient.Request(
            url: chatCompletionsURL, method: .POST, headers: headers, body: .bytes(try RequestBody.encode(request)))
    }

    /// The headers every request carries: who is asking, and the key if there is one.
    func addCommonHeaders(to headers: inout HTTPHeaders) {
        headers.add(name: "User-Agent", value: "chatterm")
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
    }
}
