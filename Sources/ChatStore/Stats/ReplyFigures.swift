import ChatCore
import Foundation

/// One saved reply as `chatterm stats` counts it. Replies saved before their figures recorded
/// retries, empty streams and the failure's category have them worked out from what they did
/// record: retries from the requests sent (less the one the non-streaming fallback adds), an
/// empty stream from the fallback's reason or the error, the category from the error's words.
struct ReplyFigures {
    /// How a reply ended.
    enum Ending: String, CaseIterable {
        case complete, interrupted, cancelled, failed
    }

    /// The category of a failed reply whose error no longer says which it was.
    static let otherFailure = "other"

    var date: Date
    var ending: Ending
    /// For a failed reply, its `ChatError.Category` (raw value), or `otherFailure`.
    var failure: String?
    var ttftMs: Int?
    var tokensPerSecond: Double?
    var retries = 0
    var emptyStreams = 0
    var fallback = false
    var warmup = false

    /// The figures of `record`, or nil for a reply that is still streaming (`isLive`: another
    /// chatterm holds the conversation) or whose status this version does not know. A reply a
    /// file marks as streaming though nobody writes it any more ended interrupted, as
    /// `ConversationStore.load` reads it.
    init?(_ record: ReplyRecord, conversationUpdated: Date, isLive: () -> Bool) {
        switch record.status {
        case .complete: ending = .complete
        case .interrupted: ending = .interrupted
        case .cancelled: ending = .cancelled
        case .failed: ending = .failed
        case .streaming:
            if isLive() { return nil }
            ending = .interrupted
        case nil:
            return nil
        }
        date = record.createdAt ?? conversationUpdated
        let stats = record.stats
        if ending == .failed {
            failure =
                stats?.errorCategory
                ?? record.error.flatMap { ChatError.Category(savedError: $0)?.rawValue } ?? Self.otherFailure
        }
        guard let stats else {
            if ending == .failed && record.error == ChatError.emptyStream.description { emptyStreams = 1 }
            return
        }
        ttftMs = stats.ttftMs.map { max(0, $0) }
        tokensPerSecond = stats.tokensPerSecond.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        fallback = stats.fallback
        warmup = stats.warmup
        retries = max(0, stats.retries ?? Self.retries(inferredFrom: stats))
        emptyStreams = max(0, stats.emptyStreams ?? Self.emptyStreams(inferredFrom: stats, error: record.error))
    }

    /// Retries of a reply saved before they were counted: every request after the first, but
    /// the one a stream that failed mid-reply asked again without streaming.
    private static func retries(inferredFrom stats: TurnStats) -> Int {
        var extraRequests = stats.attempts - 1
        if stats.fallback, let reason = stats.fallbackReason, reason != TurnStateMachine.resentWhole,
            !reason.hasPrefix(EndpointHealth.offReasonPrefix)
        {
            extraRequests -= 1
        }
        return extraRequests
    }

    /// The empty streams of a reply saved before they were counted: one when it fell back
    /// because of one, or failed with one.
    private static func emptyStreams(inferredFrom stats: TurnStats, error: String?) -> Int {
        let emptyStream = ChatError.emptyStream.description
        return stats.fallbackReason == emptyStream || error == emptyStream ? 1 : 0
    }
}
