import ChatCore
import Foundation

/// What `chatterm ask --json` prints on stdout once the reply has ended: one object whose keys
/// are always all there (null when one does not apply), so a script can read any of them
/// without checking first. `exitStatus` repeats the exit status for pipelines (`| jq`) that lose
/// it.
struct AskResult: Encodable {
    /// How the reply ended: the saved message's status.
    enum Status: String, Encodable {
        case complete, interrupted, cancelled, failed
    }

    /// The reply's figures, as saved with the message (`finishReason` is a top-level key).
    struct Figures: Encodable {
        var attempts: Int
        var warmup: Bool
        var fallback: Bool
        var ttftMs: Int?
        var durationMs: Int?
        var completionTokens: Int?
        var tokensPerSecond: Double?

        init(_ stats: TurnStats) {
            attempts = stats.attempts
            warmup = stats.warmup
            fallback = stats.fallback
            ttftMs = stats.ttftMs
            durationMs = stats.durationMs
            completionTokens = stats.completionTokens
            tokensPerSecond = stats.tokensPerSecond
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(warmup, forKey: .warmup)
            try container.encode(fallback, forKey: .fallback)
            try container.encode(ttftMs, forKey: .ttftMs)
            try container.encode(durationMs, forKey: .durationMs)
            try container.encode(completionTokens, forKey: .completionTokens)
            try container.encode(tokensPerSecond, forKey: .tokensPerSecond)
        }

        private enum CodingKeys: String, CodingKey {
            case attempts, warmup, fallback, ttftMs, durationMs, completionTokens, tokensPerSecond
        }
    }

    var status: Status
    var exitStatus: Int32
    var reply = ""
    var reasoning: String?
    var model: String?
    var finishReason: String?
    /// The saved conversation's id, when the reply is on disk (`--save`, `--resume`).
    var conversationId: String?
    /// Nil when no request went out.
    var stats: Figures?
    var error: AskFailure?

    /// A run that ended before any request: a missing prompt, a conversation that cannot be
    /// resumed, no model to ask for.
    init(failure: AskFailure, model: String? = nil) {
        status = .failed
        exitStatus = failure.exitStatus
        self.model = model
        error = failure
    }

    /// A finished reply, `message` being the assistant message as saved.
    init(message: Message, model: String, exitStatus: Int32, conversationId: String?, error: AskFailure?) {
        switch message.status {
        case .complete: status = .complete
        case .interrupted, .streaming: status = .interrupted
        case .cancelled: status = .cancelled
        case .failed: status = .failed
        }
        self.exitStatus = exitStatus
        reply = message.content
        reasoning = message.reasoning
        self.model = model
        finishReason = message.stats?.finishReason
        self.conversationId = conversationId
        stats = message.stats.map(Figures.init)
        self.error = error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(exitStatus, forKey: .exitStatus)
        try container.encode(reply, forKey: .reply)
        try container.encode(reasoning, forKey: .reasoning)
        try container.encode(model, forKey: .model)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(conversationId, forKey: .conversationId)
        try container.encode(stats, forKey: .stats)
        try container.encode(error, forKey: .error)
    }

    private enum CodingKeys: String, CodingKey {
        case status, exitStatus, reply, reasoning, model, finishReason, conversationId, stats, error
    }

    /// The object, pretty-printed with sorted keys and a final newline. Besides what JSON itself
    /// escapes, DEL, C1 controls and bidirectional overrides are written as `\uXXXX`, so the
    /// object is plain printable text even on a terminal and still decodes to the same strings.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var text = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                text += String(format: "\\u%04x", scalar.value)
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\n"
    }

    /// The shape, for `ask --help`; the README has the same.
    static let help = """
        With --json nothing is streamed: standard output gets one JSON object when \
        the reply ends, also when it fails, with every key present (null when it \
        does not apply):
          { "status": "complete|interrupted|cancelled|failed",
            "exitStatus": 0, "reply": "…", "reasoning": "…"|null,
            "model": "…"|null, "finishReason": "stop"|null,
            "conversationId": "…"|null,
            "stats": { "attempts": 1, "warmup": false, "fallback": false,
                       "ttftMs": 12|null, "durationMs": 340|null,
                       "completionTokens": 57|null,
                       "tokensPerSecond": 41.5|null,
                       "endpoint": "10.0.0.5:8000", "profile": "gpu",
                       "failedOver": "…" }|null,
            "error": { "category": "server", "message": "…" }|null }
        conversationId is set once the reply is saved (--save, --resume); stats is \
        null when no request went out; its endpoint is the server that answered, profile \
        (when one is in use) its profile, and failedOver, there only after a failover \
        (fallback_profiles), why the first server was left. Error categories: \
        \(AskFailure.Category.allCases.map(\.rawValue).joined(separator: ", ")). \
        A bad option prints the usage instead (status 64).
        """
}
