/// One warm-up of an endpoint: the model list, then a one-token completion, which is what wakes a
/// model a server loads on first use (Ollama, llama.cpp's server with a model to load). A run
/// has at most one under way (`EndpointHealth.warmUp`): a reply that needs a warm-up while one
/// runs waits for that one instead of sending another, so the chat can start one as it opens
/// and the first prompt waits only for what is left of it.
enum WarmUp {
    /// The one-token request a warm-up sends for `model`.
    static func request(model: String) -> ChatRequest {
        ChatRequest(
            model: model, messages: [ChatRequest.Message(role: .user, content: "Hi")], stream: false, maxTokens: 1)
    }

    /// Sends `request` through `transport` after asking for the model list, and says how long
    /// both took or why the completion failed.
    static func run(_ request: ChatRequest, through transport: any ChatTransport) async -> WarmUpReport {
        let clock = ContinuousClock()
        let start = clock.now
        // Not every server lists models; the completion is what wakes the model up.
        _ = try? await transport.listModels()
        do {
            for try await _ in transport.send(request) {}
            return .ready(latency: clock.now - start)
        } catch let error as ChatError {
            return .failed(error)
        } catch {
            return .failed(.connection(String(describing: error)))
        }
    }
}
