import AsyncHTTPClient
import ChatCore
import NIOCore
import NIOHTTP1

/// One chat-completion request sent for `chatterm probe`: unlike `HTTPChatTransport`, it does not
/// turn the response into events for a conversation but records what came over the wire (see
/// `WireRecorder`), and it never takes longer than its deadline.
public struct ProbeRequest: Sendable {
    public let endpoint: Endpoint
    /// The longest a request may take, head and body together.
    public let timeoutSeconds: Double
    /// The same bounds as a chat's.
    public let limits: ResponseLimits
    private let client: HTTPClient

    public init(
        endpoint: Endpoint, timeoutSeconds: Double, client: HTTPClient? = nil,
        limits: ResponseLimits = .standard
    ) {
        self.endpoint = endpoint
        self.timeoutSeconds = timeoutSeconds
        self.client = client ?? HTTPClients.shared.pooled(for: endpoint.network)
        self.limits = limits
    }

    /// Sends `request` and returns what happened; failures are recorded, never thrown.
    /// Cancelling the calling task cancels the request.
    public func run(_ request: ChatRequest, prompt: ProbeObservation.Prompt) async -> ProbeObservation {
        let mode: ProbeObservation.Mode = request.stream ? .stream : .nonStream
        let httpRequest: HTTPClient.Request
        do {
            httpRequest = try endpoint.completionRequest(request)
        } catch {
            var recorder = WireRecorder(mode: mode, prompt: prompt, redactor: endpoint.redactor)
            let chatError = HTTPChatTransport.classify(error) as? ChatError ?? .malformed("\(error)")
            return recorder.fail(chatError, elapsedMs: 0)
        }
        let eventLoop = client.eventLoopGroup.next()
        let recorder = WireRecorder(
            mode: mode, prompt: prompt, limits: limits, requestURL: endpoint.chatCompletionsURL,
            redactor: endpoint.redactor)
        let delegate = ProbeResponseDelegate(recorder: recorder, eventLoop: eventLoop, endpoint: endpoint)
        let task = client.execute(request: httpRequest, delegate: delegate, eventLoop: .delegate(on: eventLoop))
        let timeout = timeoutSeconds
        eventLoop.execute { delegate.startDeadline(seconds: timeout, task: task) }
        return await withTaskCancellationHandler {
            do {
                return try await delegate.result.futureResult.get()
            } catch {
                var recorder = WireRecorder(mode: mode, prompt: prompt, redactor: endpoint.redactor)
                return recorder.fail(
                    ChatError.connection(String(describing: error)).redacted(by: endpoint.redactor), elapsedMs: 0)
            }
        } onCancel: {
            task.cancel()
        }
    }
}
