import AsyncHTTPClient
import ChatCore
import NIOCore

/// Diagnoses an endpoint the way `chatterm probe` shows it: lists the models, sends a warm-up,
/// then the same short-answer and long-answer prompts streamed and not streamed, interleaved so
/// that a flaky server shows up in both modes, and judges the results (`ProbeVerdict`).
///
/// Requests go one at a time: a probe measures the server, not its concurrency, and llama.cpp's
/// server lets a second request interrupt a running stream (DESIGN.md §2).
public struct EndpointProbe: Sendable {
    /// What to send.
    public struct Plan: Sendable, Hashable {
        /// How many times each of the four (mode, prompt) pairs is sent.
        public var rounds: Int
        /// The deadline of every request, head and body together.
        public var timeoutSeconds: Double
        /// What names the model to ask for (`--model`, the profile's); nil: the first one the
        /// server lists.
        public var model: ModelChoice?
        /// `max_tokens` for the prompts; nil sends `defaultMaxTokens`.
        public var maxTokens: Int?
        public var temperature: Double?

        public init(
            rounds: Int = 5, timeoutSeconds: Double = 30, model: ModelChoice? = nil, maxTokens: Int? = nil,
            temperature: Double? = nil
        ) {
            self.rounds = rounds
            self.timeoutSeconds = timeoutSeconds
            self.model = model
            self.maxTokens = maxTokens
            self.temperature = temperature
        }
    }

    /// One finished step, for showing progress while the rest runs.
    public enum Step: Sendable {
        /// The model list arrived (or failed) and the model to use is chosen.
        case models(ProbeModelList, model: String)
        /// The model's context window as the server gave it (`HTTPChatTransport.contextWindow`),
        /// or nil when it does not say.
        case contextWindow(ContextWindow?)
        case warmup(ProbeObservation)
        /// Request `number` (from 1) finished.
        case request(ProbeObservation, number: Int)
    }

    /// A prompt whose whole answer fits in 7 characters: what ChatGLM3 streams as an empty body.
    public static let shortPrompt = "Answer with one word: is water wet?"
    /// A prompt whose answer is a few paragraphs long.
    public static let longPrompt = """
        Explain in three short paragraphs how water moves between the oceans, the air and the land: \
        first evaporation, then condensation into clouds, then rain and rivers returning it to the sea.
        """
    /// The `max_tokens` sent unless the plan says otherwise: enough for a few paragraphs, and a
    /// bound on how long a chatty model keeps the probe waiting.
    public static let defaultMaxTokens = 200

    public let endpoint: Endpoint
    public let plan: Plan
    /// The same bounds as a chat's, for every request of the probe.
    public let limits: ResponseLimits
    private let client: HTTPClient

    public init(
        endpoint: Endpoint, plan: Plan, client: HTTPClient? = nil,
        limits: ResponseLimits = .standard
    ) {
        self.endpoint = endpoint
        self.plan = plan
        self.client = client ?? HTTPClients.shared.pooled(for: endpoint.network)
        self.limits = limits
    }

    /// The (mode, prompt) pairs of one round, in the order they are sent.
    public static let round: [(stream: Bool, prompt: ProbeObservation.Prompt)] = [
        (true, .short), (false, .short), (true, .long), (false, .long),
    ]

    /// Runs every step and returns the report; `onStep` hears of each step as it finishes. Every
    /// text the server gave passes the endpoint's `Redactor` first. The model is `ModelChoice`'s,
    /// the listing it may need the probe's own; when there is none, nothing is sent and the
    /// probe fails in the words the chat and `ask` use.
    public func run(onStep: @Sendable (Step) -> Void = { _ in }) async throws(ModelChoice.Failure) -> ProbeReport {
        let redact = endpoint.redactor.callAsFunction
        let models = await listModels().mapServerText(redact)
        let choice = plan.model ?? ModelChoice(baseURL: endpoint.baseURL)
        let model = try await choice.resolve { try models.listing() }
        onStep(.models(models, model: model))
        let window = await HTTPChatTransport(endpoint: endpoint, client: client, freshClient: client, limits: limits)
            .contextWindow(model: model)
        onStep(.contextWindow(window))
        let prober = ProbeRequest(
            endpoint: endpoint, timeoutSeconds: plan.timeoutSeconds, client: client, limits: limits)
        let warmup = await prober.run(
            request(model: model, prompt: "Hi", stream: false, maxTokens: 1), prompt: .warmup
        ).mapServerText(redact)
        onStep(.warmup(warmup))
        var observations: [ProbeObservation] = []
        for _ in 0..<plan.rounds where !Task.isCancelled {
            for (stream, prompt) in Self.round where !Task.isCancelled {
                let text = prompt == .short ? Self.shortPrompt : Self.longPrompt
                let observation = await prober.run(
                    request(
                        model: model, prompt: text, stream: stream, maxTokens: plan.maxTokens ?? Self.defaultMaxTokens),
                    prompt: prompt
                ).mapServerText(redact)
                observations.append(observation)
                onStep(.request(observation, number: observations.count))
            }
        }
        return ProbeReport(
            endpoint: endpoint.baseURL, model: model, timeoutSeconds: plan.timeoutSeconds, models: models,
            warmup: warmup, requests: observations, host: endpoint.hostLabel, contextWindow: window
        ).mapServerText(redact)
    }

    private func request(model: String, prompt: String, stream: Bool, maxTokens: Int) -> ChatRequest {
        ChatRequest(
            model: model, messages: [.init(role: .user, content: prompt)], stream: stream,
            temperature: plan.temperature, maxTokens: maxTokens)
    }

    /// `GET {base}/models` within the deadline; a failure is recorded, and the probe goes on.
    func listModels() async -> ProbeModelList {
        let transport = HTTPChatTransport(
            endpoint: endpoint, client: client, modelsTimeoutSeconds: plan.timeoutSeconds, limits: limits)
        let started = ContinuousClock.now
        let timeout = plan.timeoutSeconds
        var result = ProbeModelList()
        do {
            let ids = try await withThrowingTaskGroup(of: [String]?.self) { group in
                group.addTask { try await transport.listModels() }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
            if let ids {
                result.ids = ids
            } else {
                result.timedOut(after: timeout)
            }
        } catch _ where ContinuousClock.now - started >= .milliseconds(Int64(timeout * 1000)) {
            // The HTTP client's own deadline, the same as ours, ended the request first.
            result.timedOut(after: timeout)
        } catch let error as ChatError {
            result.failure = error
            switch error {
            case .http(let status, let message, _):
                result.status = status
                result.errorKind = .http
                result.error = message
            case .connection(let detail):
                result.errorKind = .connection
                result.error = HTTPChatTransport.plainConnectionDetail(detail)
            case .tls(let detail):
                result.errorKind = .connection
                result.error = detail
            default:
                result.errorKind = .malformed
                result.error = error.description
            }
        } catch {
            result.errorKind = .connection
            result.error = String(describing: error)
            result.failure = .connection(String(describing: error))
        }
        result.latencyMs = Self.milliseconds(ContinuousClock.now - started)
        return result
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
