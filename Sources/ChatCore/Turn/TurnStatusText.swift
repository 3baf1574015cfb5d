/// Where a reply stands, in the words everyone who shows it uses: the status bar's left part
/// (`StatusLine`) and the lines `chatterm ask` prints on stderr, one per phase and one with the
/// figures at the end:
///
/// ```
/// ◌ waiting for first token… 1.2 s · server alive · warm-up 240 ms
/// ✓ done · first token 120 ms · 532 tok · 48.1 tok/s · 11.2 s
/// ```
///
/// The text is not sanitised: error messages come from servers, so whoever shows it does that.
public struct TurnStatusText: Sendable, Hashable {
    public var phase: TurnPhase
    public var liveTokens: Int
    public var liveTokensPerSecond: Double?
    /// Seconds since the request was sent, while one is under way.
    public var elapsedSeconds: Double?
    /// The figures of the last finished reply.
    public var lastStats: TurnStats?
    /// How this reply's warm-up went, shown while the reply waits and once it ends.
    public var warmUp: WarmUpReport?
    /// The configuration profile in use, or empty: a failed warm-up names it.
    public var profile: String
    /// Whether the server sent a keep-alive lately while the reply waits.
    public var serverAlive: Bool
    /// Seconds until the next retry; nil works it out from the phase and the clock.
    public var retryInSeconds: Double?
    /// Set when the last reply switched streaming off for a while, saying why.
    public var streamingOff: String?
    /// Seconds a warm-up started ahead of any reply has run (`ChatSession.warmUpAhead`), while it
    /// runs.
    public var warmingUpAheadSeconds: Double?

    public init(
        phase: TurnPhase, liveTokens: Int = 0, liveTokensPerSecond: Double? = nil, elapsedSeconds: Double? = nil,
        lastStats: TurnStats? = nil, warmUp: WarmUpReport? = nil, profile: String = "", serverAlive: Bool = false,
        retryInSeconds: Double? = nil, streamingOff: String? = nil, warmingUpAheadSeconds: Double? = nil
    ) {
        self.warmingUpAheadSeconds = warmingUpAheadSeconds
        self.phase = phase
        self.liveTokens = liveTokens
        self.liveTokensPerSecond = liveTokensPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.lastStats = lastStats
        self.warmUp = warmUp
        self.profile = profile
        self.serverAlive = serverAlive
        self.retryInSeconds = retryInSeconds
        self.streamingOff = streamingOff
    }

    /// The phase with its symbol and figures, parts joined with " · ".
    public var text: String {
        var parts: [String]
        let words = phase.words
        switch phase {
        case .idle:
            parts = ["● " + words]
        case .warmingUp:
            parts = ["◌ " + words + "…" + elapsed]
        case .connecting(let attempt), .waitingForHeaders(let attempt), .waitingForFirstToken(let attempt):
            parts = ["◌ " + words + Self.withoutStreaming(attempt) + "…" + elapsed] + Self.attemptLabel(attempt)
        case .waitingToRetry(let wait):
            let remaining = retryInSeconds ?? TurnStateMachine.seconds(wait.until - ContinuousClock.now)
            parts = ["↻ " + words + " in \(Figures.seconds(remaining)): \(wait.reason)"]
        case .streaming:
            parts = ["▶ " + words]
            if liveTokens > 0 { parts.append(Figures.tokens(liveTokens)) }
            if let rate = liveTokensPerSecond { parts.append(Figures.rate(rate)) }
        case .finished(.complete):
            parts = ["✓ " + words]
            if let stats = lastStats { parts += Figures.summary(stats, firstToken: true, why: true) }
            if let streamingOff { parts.append(streamingOff) }
        case .finished(.cancelled):
            parts = ["■ " + words]
            let tokens = lastStats?.completionTokens ?? liveTokens
            if tokens > 0 { parts.append(Figures.tokens(tokens)) }
        case .finished(.interrupted):
            parts = ["⚠ " + words]
        case .finished(.failed):
            parts = ["✗ " + words]
            if let attempts = lastStats?.attempts, attempts > 1 { parts.append("\(attempts) attempts") }
        }
        if serverAlive, case .waitingForFirstToken = phase { parts.append("server alive") }
        // The warm-up's latency stays in view until the reply streams, and again once it ends; one
        // started ahead of the reply shows its progress, then its latency.
        if let ahead = warmingUpAheadSeconds {
            parts.append("warming up… " + Figures.seconds(ahead))
        } else if let warmUp, phase != .warmingUp, phase != .streaming {
            parts.append(Self.warmUp(warmUp, profile: profile))
        }
        return parts.joined(separator: " · ")
    }

    /// "warm-up 240 ms", or why it failed, naming the profile (when one is in use) so that an
    /// unreachable endpoint says which entry of the configuration to look at.
    public static func warmUp(_ report: WarmUpReport, profile: String = "") -> String {
        switch report {
        case .ready(let latency): return "warm-up " + Figures.milliseconds(TurnStateMachine.milliseconds(latency))
        case .failed(let error):
            return "warm-up failed" + (profile.isEmpty ? "" : " (profile \(profile))") + ": \(error)"
        }
    }

    /// What sets this request apart from a plain first one: why it does not stream, or its
    /// number.
    private static func attemptLabel(_ attempt: Attempt) -> [String] {
        if let reason = attempt.fallbackReason { return [reason] }
        return attempt.number > 1 ? ["attempt \(attempt.number)"] : []
    }

    /// " (without streaming)" for a request that does not stream although streaming was asked.
    private static func withoutStreaming(_ attempt: Attempt) -> String {
        attempt.fallbackReason == nil ? "" : " (without streaming)"
    }

    private var elapsed: String {
        elapsedSeconds.map { " " + Figures.seconds($0) } ?? ""
    }
}
