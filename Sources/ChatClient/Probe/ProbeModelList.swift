import ChatCore

/// The answer to `GET {base}/models` during a probe: the model ids and how long they took, or
/// the failure in the server's own words.
public struct ProbeModelList: Sendable, Hashable, Encodable {
    /// The listed model ids, in the server's order.
    public var ids: [String]
    /// Milliseconds from sending to the whole list (or the failure).
    public var latencyMs: Double
    /// The HTTP status of a failed listing, when it got one.
    public var status: Int?
    /// Why the listing failed, when it did.
    public var errorKind: ProbeObservation.ErrorKind?
    public var error: String?
    /// The failure as the chat's and `ask`'s listing would have met it, for `ModelChoice` to say
    /// that there is no model in their words. Not part of the report.
    var failure: ChatError?

    public init(
        ids: [String] = [], latencyMs: Double = 0, status: Int? = nil, errorKind: ProbeObservation.ErrorKind? = nil,
        error: String? = nil
    ) {
        self.ids = ids
        self.latencyMs = latencyMs
        self.status = status
        self.errorKind = errorKind
        self.error = error
    }

    /// Records that the list did not come within the probe's deadline.
    mutating func timedOut(after seconds: Double) {
        errorKind = .timeout
        error = "no model list within \(ProbeVerdict.limit(seconds))"
        failure = .stopped(error ?? "")
    }

    /// The ids, or the error the listing failed with: what `ModelChoice.resolve` asks the server.
    func listing() throws(ChatError) -> [String] {
        if let failure { throw failure }
        return ids
    }

    /// The failure as one phrase: "HTTP 404: Not Found", "connection refused", …
    public var failureDescription: String? {
        guard let error else { return nil }
        if let status { return "HTTP \(status): \(error)" }
        return error
    }

    /// The same listing with every piece of server-provided text passed through `transform`.
    public func mapServerText(_ transform: (String) -> String) -> ProbeModelList {
        var copy = self
        copy.ids = ids.map(transform)
        copy.error = error.map(transform)
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case ids, latencyMs, status, errorKind, error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ids, forKey: .ids)
        try container.encode((latencyMs * 10).rounded() / 10, forKey: .latencyMs)
        try container.encode(status, forKey: .status)
        try container.encode(errorKind, forKey: .errorKind)
        try container.encode(error, forKey: .error)
    }
}
