import ChatCore

/// What the status bar shows: the phase of the current reply with its live figures, the last
/// reply's figures, where the requests go, and a one-off notice.
public struct StatusModel: Sendable, Hashable {
    public var phase: TurnPhase
    public var liveTokensPerSecond: Double?
    public var liveTokens: Int
    /// Seconds since the request was sent, while one is under way.
    public var elapsedSeconds: Double?
    /// The figures of the last finished reply.
    public var lastStats: TurnStats?
    public var model: String
    /// "demo" or the endpoint's host:port.
    public var endpointLabel: String
    /// The configuration profile in use, or empty when none is.
    public var profile: String
    /// A short message for the user, shown after the phase ("press Ctrl-C again to quit").
    public var notice: String?
    /// How this reply's warm-up went, shown while the reply waits.
    public var warmUp: WarmUpReport?
    /// Whether the server sent a keep-alive lately while the reply waits.
    public var serverAlive: Bool
    /// Seconds until the next retry; nil works it out from the phase and the clock.
    public var retryInSeconds: Double?
    /// Set when the last reply switched streaming off for a while, saying why.
    public var streamingOff: String?
    /// Seconds the warm-up started ahead of any reply has run, while it runs.
    public var warmingUpAheadSeconds: Double?
    /// How full the model's context is, when its size is known.
    public var context: ContextUse?

    public init(
        phase: TurnPhase = .idle, liveTokensPerSecond: Double? = nil, liveTokens: Int = 0,
        elapsedSeconds: Double? = nil, lastStats: TurnStats? = nil, model: String = "",
        endpointLabel: String = "", profile: String = "", notice: String? = nil, warmUp: WarmUpReport? = nil,
        serverAlive: Bool = false, retryInSeconds: Double? = nil, streamingOff: String? = nil,
        warmingUpAheadSeconds: Double? = nil, context: ContextUse? = nil
    ) {
        self.context = context
        self.warmingUpAheadSeconds = warmingUpAheadSeconds
        self.streamingOff = streamingOff
        self.profile = profile
        self.warmUp = warmUp
        self.serverAlive = serverAlive
        self.retryInSeconds = retryInSeconds
        self.phase = phase
        self.liveTokensPerSecond = liveTokensPerSecond
        self.liveTokens = liveTokens
        self.elapsedSeconds = elapsedSeconds
        self.lastStats = lastStats
        self.model = model
        self.endpointLabel = endpointLabel
        self.notice = notice
    }
}

extension StatusModel {
    /// The phase and its figures, in ChatCore's words (the left part without the notice).
    var turnStatus: TurnStatusText {
        TurnStatusText(
            phase: phase, liveTokens: liveTokens, liveTokensPerSecond: liveTokensPerSecond,
            elapsedSeconds: elapsedSeconds, lastStats: lastStats, warmUp: warmUp, profile: profile,
            serverAlive: serverAlive, retryInSeconds: retryInSeconds, streamingOff: streamingOff,
            warmingUpAheadSeconds: warmingUpAheadSeconds)
    }
}

/// The status bar, one row exactly `width` cells wide:
///
/// ```
///  ✓ done · first token 120 ms · 532 tok · 48.1 tok/s · 11.2 s  work · qwen2 @ 10.0.0.5:8000
/// ```
///
/// How full the context is (`ctx 3.1k/8k`) comes first on the right, in `.statusInfo`, or in
/// `.statusWarning` past four fifths of it; it goes only when the left part leaves no room.
///
/// The left part (phase, figures, notice) is in the phase's role (`.statusReady`, `.statusBusy`,
/// `.statusDone`, `.statusError`) and so is the gap after it, so the bar reads as one band whose
/// colour follows the phase; `phaseRole` gives that role for the row's fill. The right part
/// (profile · model @ endpoint) is `.statusInfo`. The left part wins: it is cut with "…" when it
/// does not fit, and the right part shrinks to profile · model, to model @ endpoint, to the
/// model alone, then to a cut model, then disappears.
/// Every piece is sanitised, since error messages come from servers.
public enum StatusLine {
    public static func render(_ model: StatusModel, width: Int) -> StyledLine {
        guard width > 0 else { return StyledLine() }
        let role = phaseRole(model.phase)
        var left = model.turnStatus.text
        if let notice = model.notice, !notice.isEmpty { left += " · " + notice }
        left = " " + Sanitizer.singleLineText(left) + " "
        let leftWidth = TextWidth.of(left)
        if leftWidth >= width {
            let cut = TextWidth.truncate(left, to: width)
            return StyledLine([StyledLine.Span(cut, role), padding(width - TextWidth.of(cut), role)])
        }
        var context = model.context.map { $0.label + " " } ?? ""
        if TextWidth.of(context) >= width - leftWidth { context = "" }
        let right = rightText(model, room: width - leftWidth - TextWidth.of(context))
        let gap = width - leftWidth - TextWidth.of(context) - TextWidth.of(right)
        var spans = [StyledLine.Span(left, role), padding(gap, role)]
        if !context.isEmpty {
            let nearlyFull = model.context?.isNearlyFull ?? false
            spans.append(StyledLine.Span(context, nearlyFull ? .statusWarning : .statusInfo))
        }
        if !right.isEmpty { spans.append(StyledLine.Span(right, .statusInfo)) }
        return StyledLine(spans)
    }

    /// The role of the left part for a phase, also the right fill for the row.
    public static func phaseRole(_ phase: TurnPhase) -> StyleRole {
        switch phase {
        case .idle: return .statusReady
        case .warmingUp, .connecting, .waitingForHeaders, .waitingForFirstToken, .streaming: return .statusBusy
        case .waitingToRetry: return .statusWarning
        case .finished(.complete), .finished(.cancelled): return .statusDone
        case .finished(.interrupted), .finished(.failed): return .statusError
        }
    }

    /// "profile · model @ endpoint " in at most `room - 1` cells (one cell stays as the gap), or less.
    private static func rightText(_ model: StatusModel, room: Int) -> String {
        let name = Sanitizer.singleLineText(model.model)
        let endpoint = Sanitizer.singleLineText(model.endpointLabel)
        let profile = Sanitizer.singleLineText(model.profile)
        let withoutProfile = [name, endpoint].filter { !$0.isEmpty }.joined(separator: " @ ")
        let full = [profile, withoutProfile].filter { !$0.isEmpty }.joined(separator: " · ")
        let withoutEndpoint = [profile, name].filter { !$0.isEmpty }.joined(separator: " · ")
        let budget = room - 1
        for candidate in [full, withoutEndpoint, withoutProfile, name] where !candidate.isEmpty {
            let text = candidate + " "
            if TextWidth.of(text) <= budget { return text }
        }
        let shortest = 4  // a cut name shorter than this says nothing
        let base = name.isEmpty ? endpoint : name
        guard budget - 1 >= shortest, !base.isEmpty else { return "" }
        return TextWidth.truncate(base, to: budget - 1) + " "
    }

    private static func padding(_ count: Int, _ role: StyleRole) -> StyledLine.Span {
        StyledLine.Span(String(repeating: " ", count: max(0, count)), role)
    }
}
