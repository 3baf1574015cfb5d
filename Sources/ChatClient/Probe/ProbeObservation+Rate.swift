import ChatCore

extension ProbeObservation {
    /// The reply's tokens: the server's count when it gave one, else the pieces a stream
    /// delivered, as the chat counts them (`TurnStats.completionTokens`). Nil for a reply that
    /// came in one piece without a count.
    public var completionTokens: Int? {
        if let reportedTokens { return reportedTokens }
        return mode == .stream && textPieces > 0 ? textPieces : nil
    }

    /// Tokens per second from the first token to the last, reckoned as the chat reckons it
    /// (`TurnStateMachine.rate`); nil when the stream's text came too close together to tell.
    public var tokensPerSecond: Double? {
        guard let first = firstTokenMs, let last = lastTokenMs, let tokens = completionTokens else { return nil }
        return TurnStateMachine.rate(tokens: tokens, over: .milliseconds(last - first))
    }
}
