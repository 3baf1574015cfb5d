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
        headers.replaceOrAdd(name: ChatRequest.Header.contentType.rawValue, value: "application/json")
        headers.replaceOrAdd(
            name: ChatRequest.Header.accept.rawValue, value: request.stream ? "text/event-stream" : "application/json")
        return try HTTPClient.Request(
            url: chatCompletionsURL, method: .POST, headers: headers,
            body: .bytes(try RequestBody.encode(request, extra: extraBody)))
    }

    /// The headers every request carries: who is asking, the key (or the URL's user and
    /// password) if there is one, and the endpoint's own headers, except those that are
    /// chatterm's own (`ChatRequest.Header`) but for an `Authorization` from `headers_env`.
    func addCommonHeaders(to headers: inout HTTPHeaders) {
        let authorization = ChatRequest.Header.authorization.rawValue
        headers.add(name: "User-Agent", value: "chatterm")
        if let apiKey { headers.add(name: authorization, value: "Bearer \(apiKey)") }
        if let basicCredentials {
            let pair = basicCredentials.user + ":" + basicCredentials.password
            headers.add(name: authorization, value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        for header in self.headers where ChatRequest.Header(named: header.name)?.endpointMayReplace ?? true {
            headers.replaceOrAdd(name: header.name, value: header.value)
        }
    }
}
