import AsyncHTTPClient
import ChatCore
import Foundation

/// `chatterm probe --watch`: keeps probing an endpoint gently, for someone watching a server
/// from a remote shell or feeding a log collector. Each round streams one short request (a count
/// of a few tokens, `max_tokens` 32 by default: long enough to time the tokens, cheap enough to
/// send all day), judges it (`WatchVerdict`) and reports it; the rounds go on until the plan's
/// count, a listener that wants no more, or the calling task is cancelled.
///
/// Rounds start every interval, counted from the start of the one before, and never overlap: a
/// round that takes longer than the interval delays the next, which then starts as soon as it
/// ends. A round cut short by cancellation is not a round: the server did not fail it.
///
/// The model is `ModelChoice`'s. When only the server can name it and its list fails or is
/// empty, the round fails saying so (a server down when the watch starts is a finding, not a
/// reason to stop), and the next round asks again; once known, it stays.
public struct ProbeWatch: Sendable {
    /// How to watch.
    public struct Plan: Sendable, Hashable {
        /// Seconds from the start of one round to the start of the next.
        public var intervalSeconds: Double
        /// Rounds before the watch ends by itself; nil: until cancelled.
        public var count: Int?
        /// The deadline of each round's request, head and body together.
        public var timeoutSeconds: Double
        /// The time to first token above which a round that worked is slow.
        public var slowSeconds: Double
        /// What names the model; nil: the first one the server lists.
        public var model: ModelChoice?
        public var maxTokens: Int
        public var temperature: Double?

        /// The shortest interval: a watch is meant to be gentle on the server it watches.
        public static let shortestInterval = 0.5
        /// The longest interval, and the longest `--slow`: a day.
        public static let longestInterval: Double = 86_400
        /// The `max_tokens` of each round unless the plan says otherwise.
        public static let defaultMaxTokens = 32
        /// The default `--slow`: a first token later than this means trouble on most self-hosted
        /// servers with a loaded model (a model being loaded takes longer).
        public static let defaultSlowSeconds: Double = 5

        public init(
            intervalSeconds: Double, count: Int? = nil, timeoutSeconds: Double = 30,
            slowSeconds: Double = Plan.defaultSlowSeconds, model: ModelChoice? = nil,
            maxTokens: Int = Plan.defaultMaxTokens, temperature: Double? = nil
        ) {
            self.intervalSeconds = intervalSeconds
            self.count = count
            self.timeoutSeconds = timeoutSeconds
            self.slowSeconds = slowSeconds
            self.model = model
            self.maxTokens = maxTokens
            self.temperature = temperature
        }
    }

    /// The prompt of every round: an answer of a dozen tokens or so on any model, long enough
    /// for a rate, and never the one-word answer that ChatGLM3 streams empty (the full probe
    /// finds that).
    public static let prompt = "Count from one to ten in words, separated by commas."

    public let endpoint: Endpoint
    public let plan: Plan
    public let limits: ResponseLimits
    private let client: HTTPClient

    public init(
        endpoint: Endpoint, plan: Plan, client: HTTPClient = HTTPChatTransport.sharedClient,
        limits: ResponseLimits = .standard
    ) {
        self.endpoint = endpoint
        self.plan = plan
        self.client = client
        self.limits = limits
    }

    /// Runs rounds and returns them; `onRound` hears of each as it finishes and returns false to
    /// end the watch (its reader went away).
    public func run(onRound: @Sendable (WatchRound) -> Bool) async -> [WatchRound] {
        let clock = ContinuousClock()
        let interval = Duration.milliseconds(plan.intervalSeconds * 1000)
        var model = ModelState.unknown
        var rounds: [WatchRound] = []
        var start = clock.now
        while !Task.isCancelled {
            let startedAt = Date()
            let (observation, chosen) = await probe(&model)
            if Task.isCancelled { break }
            let round = WatchRound(
                number: rounds.count + 1, startedAt: startedAt, model: chosen, observation: observation,
                verdict: WatchVerdict(observation, slowAfterMs: plan.slowSeconds * 1000))
            rounds.append(round)
            guard onRound(round) else { break }
            if let count = plan.count, rounds.count >= count { break }
            start = Self.nextStart(after: start, finishedAt: clock.now, interval: interval)
            do {
                try await clock.sleep(until: start)
            } catch {
                break
            }
        }
        return rounds
    }

    /// When the round after one that started at `start` and ended at `end` starts: an interval
    /// after `start`, or at `end` when the round took longer. Rounds never overlap.
    public static func nextStart(
        after start: ContinuousClock.Instant, finishedAt end: ContinuousClock.Instant, interval: Duration
    ) -> ContinuousClock.Instant {
        max(start + interval, end)
    }

    /// The model, once a round has found it.
    private enum ModelState: Sendable {
        case unknown
        case known(String)
    }

    /// One round's request, after finding the model if it is not known yet; the observation
    /// and the model it asked for.
    private func probe(_ model: inout ModelState) async -> (ProbeObservation, String?) {
        let name: String
        switch model {
        case .known(let known):
            name = known
        case .unknown:
            switch await findModel() {
            case .success(let found):
                model = .known(found)
                name = found
            case .failure(let noModel):
                return (noModel.observation, nil)
            }
        }
        let request = ChatRequest(
            model: name, messages: [.init(role: .user, content: Self.prompt)], stream: true,
            temperature: plan.temperature, maxTokens: plan.maxTokens)
        let prober = ProbeRequest(
            endpoint: endpoint, timeoutSeconds: plan.timeoutSeconds, client: client, limits: limits)
        let observation = await prober.run(request, prompt: .watch)
        return (observation.mapServerText(endpoint.redactor.callAsFunction), name)
    }

    /// The failed round that stands for finding no model.
    private struct NoModel: Error {
        let observation: ProbeObservation
    }

    /// The model `ModelChoice` names, else the first the server lists; or the round's failure,
    /// in the words the chat and `ask` use, under the kind of the listing's failure.
    private func findModel() async -> Result<String, NoModel> {
        let choice = plan.model ?? ModelChoice(baseURL: endpoint.baseURL)
        if let named = choice.named { return .success(named) }
        let lister = EndpointProbe(
            endpoint: endpoint, plan: EndpointProbe.Plan(timeoutSeconds: plan.timeoutSeconds), client: client,
            limits: limits)
        let listing = await lister.listModels().mapServerText(endpoint.redactor.callAsFunction)
        do throws(ModelChoice.Failure) {
            return .success(try await choice.resolve { try listing.listing() })
        } catch {
            var observation = ProbeObservation(mode: .stream, prompt: .watch)
            observation.status = listing.status
            observation.totalMs = listing.latencyMs
            observation.fail(listing.errorKind ?? .malformed, endpoint.redactor(error.description))
            return .failure(NoModel(observation: observation))
        }
    }
}
