import ChatCore

/// Everything one `chatterm probe` run found: the model listing, the warm-up, every request, the
/// dialect of the streams taken together, and the verdict. Its JSON form is what `--json` prints.
public struct ProbeReport: Sendable, Hashable, Encodable {
    /// The base URL probed (never the key).
    public var endpoint: String
    /// The model the requests asked for.
    public var model: String
    public var timeoutSeconds: Double
    public var models: ProbeModelList
    public var warmup: ProbeObservation
    /// The streaming and non-streaming requests, in the order they were sent.
    public var requests: [ProbeObservation]
    public var verdict: ProbeVerdict
    /// The model's context window where the server says it.
    public var contextWindow: ContextWindow?

    public init(
        endpoint: String, model: String, timeoutSeconds: Double, models: ProbeModelList, warmup: ProbeObservation,
        requests: [ProbeObservation], host: String, contextWindow: ContextWindow? = nil
    ) {
        self.contextWindow = contextWindow
        self.endpoint = endpoint
        self.model = model
        self.timeoutSeconds = timeoutSeconds
        self.models = models
        self.warmup = warmup
        self.requests = requests
        verdict = ProbeVerdict(
            models: models, warmup: warmup, requests: requests, timeoutSeconds: timeoutSeconds, host: host)
    }

    /// The dialect of every streaming request added up: what the server's streams look like.
    public var dialect: WireDialect {
        streams.reduce(WireDialect()) { $0.merged(with: $1.dialect) }
    }

    /// The streaming requests.
    public var streams: [ProbeObservation] { requests.filter { $0.mode == .stream } }

    /// The same report with every piece of server-provided text (model ids, messages, finish
    /// reasons, the verdict that quotes them) passed through `transform`, to make it safe to print.
    public func mapServerText(_ transform: (String) -> String) -> ProbeReport {
        var copy = self
        copy.model = transform(model)
        copy.models = models.mapServerText(transform)
        copy.warmup = warmup.mapServerText(transform)
        copy.requests = requests.map { $0.mapServerText(transform) }
        copy.verdict.lines = verdict.lines.map(transform)
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case endpoint, model, timeoutSeconds, models, warmup, requests, dialect, verdict, works, contextWindow
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(model, forKey: .model)
        if let contextWindow {
            try container.encode(
                [
                    "tokens": JSONValue.int(Int64(contextWindow.tokens)),
                    "source": .string(contextWindow.source.rawValue),
                ],
                forKey: .contextWindow)
        } else {
            try container.encodeNil(forKey: .contextWindow)
        }
        try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try container.encode(models, forKey: .models)
        try container.encode(warmup, forKey: .warmup)
        try container.encode(requests, forKey: .requests)
        try container.encode(dialect, forKey: .dialect)
        try container.encode(verdict.lines, forKey: .verdict)
        try container.encode(verdict.works, forKey: .works)
    }
}
