import AsyncHTTPClient
import ChatCore
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPChatTransport {
    /// The longest wait for each question about the context window: the answer only decorates
    /// the status bar, so a slow server is not waited for.
    static let contextQuestionTimeout: TimeAmount = .seconds(5)
    /// The most read of each answer. llama.cpp's `/props` carries the chat template (a few KiB,
    /// tens for some models); Ollama's `/api/show` the model's whole metadata: a few hundred KiB
    /// at most without `verbose`.
    static let contextAnswerBytes = 4 << 20

    /// Asks, in turn, llama.cpp's `GET /props`, the model list (`max_model_len`, vLLM) and
    /// Ollama's `POST /api/show`, beside the base URL's `/v1`; the first that says wins. Each
    /// question is bounded in time and size, and a failure is the same as silence.
    public func contextWindow(model: String) async -> ContextWindow? {
        let root = Self.serverRoot(endpoint.baseURL)
        if let body = await answer(to: root + "/props"), let window = ContextWindow.fromLlamaCppProps(body) {
            return window
        }
        if let body = await answer(to: endpoint.modelsURL), let window = ContextWindow.fromModelList(body, model: model)
        {
            return window
        }
        let show = try? JSONEncoder().encode(["model": model])
        if let show, let body = await answer(to: root + "/api/show", posting: show),
            let window = ContextWindow.fromOllamaShow(body)
        {
            return window
        }
        return nil
    }

    /// The base URL without its trailing `/v1`: where llama.cpp and Ollama serve their own
    /// endpoints.
    static func serverRoot(_ baseURL: String) -> String {
        baseURL.hasSuffix("/v1") ? String(baseURL.dropLast(3)) : baseURL
    }

    /// The body of a 2xx answer to `url`, or nil.
    private func answer(to url: String, posting body: Data? = nil) async -> Data? {
        var request = HTTPClientRequest(url: url)
        endpoint.addCommonHeaders(to: &request.headers)
        if let body {
            request.method = .POST
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        } else {
            request.method = .GET
        }
        do {
            let response = try await client.execute(request, timeout: Self.contextQuestionTimeout)
            guard (200..<300).contains(response.status.code) else { return nil }
            let bytes = try await Self.prefix(of: response.body, upTo: Self.contextAnswerBytes + 1)
            return bytes.count <= Self.contextAnswerBytes ? Data(bytes) : nil
        } catch {
            return nil
        }
    }
}
