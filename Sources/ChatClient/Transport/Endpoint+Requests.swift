import AsyncHTTPClient
import ChatCore
import Foundation
import NIOHTTP1

/// The HTTP requests an endpoint is sent, built in one place so the transport and the probe
/// send the same headers and body (and the key only in `Authorization`).
extension Endpoint {
    /// `POST {base}/chat/completions` for `request`, with the endpoint's extra body fields.
    func completionRequest(_ request: ChatRequest) throws -> HTTPClient.Request {
        var headers = HTTPHeaders()
        addCommonHeaders(to: &headers)
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        headers.replaceOrAdd(name: "Accept", value: request.stream ? "text/event-stream" : "application/json")
        return try HTTPClient.Request(
            url: chatCompletionsURL, method: .POST, headers: headers,
            body: .bytes(try RequestBody.encode(request, extra: extraBody)))
    }

    /// The headers every request carries: who is asking, the key (or the URL's user and
    /// password) if there is one, and the endpoint's own headers.
    func addCommonHeaders(to headers: inout HTTPHeaders) {
        headers.add(name: "User-Agent", value: "chatterm")
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let basicCredentials {
            let pair = basicCredentials.user + ":" + basicCredentials.password
            headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        for header in self.headers { headers.replaceOrAdd(name: header.name, value: header.value) }
    }
}
