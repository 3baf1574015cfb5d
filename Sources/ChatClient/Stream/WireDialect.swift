/// How a server writes its replies on the wire, as counted while reading them: line endings, the
/// `data:` prefix, keep-alives, the reasoning field, usage chunks, `[DONE]` and repeated roles
/// (the variations listed in DESIGN.md §2).
///
/// It holds counts rather than conclusions so that the dialects of several requests add up
/// (`merged(with:)`); the computed properties give the conclusions.
public struct WireDialect: Sendable, Hashable {
    /// How the lines of an event stream end.
    public enum LineEnding: String, Sendable, Hashable, Encodable {
        case lf = "LF"
        case crlf = "CRLF"
        case cr = "CR"
        /// More than one kind in the same body (or across bodies, once merged).
        case mixed
    }

    /// What follows the colon of a `data:` line.
    public enum DataPrefix: String, Sendable, Hashable, Encodable {
        /// `data: {...}`, as OpenAI and most servers write it.
        case space = "data: "
        /// `data:{...}`, as TGI writes it.
        case noSpace = "data:"
        case mixed
    }

    /// Where a server puts reasoning text in a delta (or message).
    public enum ReasoningField: String, Sendable, Hashable, Encodable {
        /// `reasoning` (Ollama, newer vLLM).
        case reasoning
        /// `reasoning_content` (DeepSeek, older vLLM, LM Studio).
        case reasoningContent = "reasoning_content"
        case both
    }

    /// Lines ended by a lone LF.
    public var lfLines = 0
    /// Lines ended by CR LF.
    public var crlfLines = 0
    /// Lines ended by a lone CR.
    public var crLines = 0
    /// `data:` lines with a space after the colon.
    public var dataLinesWithSpace = 0
    /// `data:` lines without one.
    public var dataLinesWithoutSpace = 0
    /// Comment lines (`: ping - …` and bare `:` keep-alives).
    public var comments = 0
    /// `event: ping` lines (sse-starlette ≤ 1.3).
    public var pingEvents = 0
    /// Chunks whose delta or message carried non-empty `reasoning`.
    public var reasoningChunks = 0
    /// Chunks whose delta or message carried non-empty `reasoning_content`.
    public var reasoningContentChunks = 0
    /// Chunks with `choices: []` and a `usage` object.
    public var usageChunks = 0
    /// `[DONE]` markers.
    public var doneMarkers = 0
    /// Deltas that carried content or reasoning text.
    public var textDeltas = 0
    /// Of those, the ones that also carried `role`.
    public var textDeltasWithRole = 0

    public init() {}

    /// The line ending seen, or nil when the body had no complete line.
    public var lineEnding: LineEnding? {
        let kinds: [(Int, LineEnding)] = [(lfLines, .lf), (crlfLines, .crlf), (crLines, .cr)]
        let seen = kinds.filter { $0.0 > 0 }
        guard let first = seen.first else { return nil }
        return seen.count == 1 ? first.1 : .mixed
    }

    /// The `data:` prefix seen, or nil when there was no `data:` line.
    public var dataPrefix: DataPrefix? {
        switch (dataLinesWithSpace > 0, dataLinesWithoutSpace > 0) {
        case (true, true): return .mixed
        case (true, false): return .space
        case (false, true): return .noSpace
        case (false, false): return nil
        }
    }

    /// The reasoning field seen, or nil when no reasoning text arrived.
    public var reasoningField: ReasoningField? {
        switch (reasoningChunks > 0, reasoningContentChunks > 0) {
        case (true, true): return .both
        case (true, false): return .reasoning
        case (false, true): return .reasoningContent
        case (false, false): return nil
        }
    }

    /// Whether the server sent keep-alives of either kind.
    public var sendsKeepAlives: Bool { comments > 0 || pingEvents > 0 }

    /// Whether every text delta repeats `role` (ChatGLM3 style); nil with fewer than two text
    /// deltas, where there is nothing to tell.
    public var roleInEveryDelta: Bool? {
        guard textDeltas >= 2 else { return nil }
        return textDeltasWithRole == textDeltas
    }

    /// The counts of both dialects added together.
    public func merged(with other: WireDialect) -> WireDialect {
        var sum = self
        sum.lfLines += other.lfLines
        sum.crlfLines += other.crlfLines
        sum.crLines += other.crLines
        sum.dataLinesWithSpace += other.dataLinesWithSpace
        sum.dataLinesWithoutSpace += other.dataLinesWithoutSpace
        sum.comments += other.comments
        sum.pingEvents += other.pingEvents
        sum.reasoningChunks += other.reasoningChunks
        sum.reasoningContentChunks += other.reasoningContentChunks
        sum.usageChunks += other.usageChunks
        sum.doneMarkers += other.doneMarkers
        sum.textDeltas += other.textDeltas
        sum.textDeltasWithRole += other.textDeltasWithRole
        return sum
    }
}

/// In JSON the conclusions come first, then the counts behind them.
extension WireDialect: Encodable {
    private enum CodingKeys: String, CodingKey {
        case lineEnding, dataPrefix, keepAliveComments, pingEvents, reasoningField, usageChunk, done
        case roleInEveryDelta, counts
    }

    private struct Counts: Encodable {
        var lfLines, crlfLines, crLines, dataLinesWithSpace, dataLinesWithoutSpace: Int
        var reasoningChunks, reasoningContentChunks, usageChunks, doneMarkers, textDeltas, textDeltasWithRole: Int
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lineEnding, forKey: .lineEnding)
        try container.encode(dataPrefix, forKey: .dataPrefix)
        try container.encode(comments, forKey: .keepAliveComments)
        try container.encode(pingEvents, forKey: .pingEvents)
        try container.encode(reasoningField, forKey: .reasoningField)
        try container.encode(usageChunks > 0, forKey: .usageChunk)
        try container.encode(doneMarkers > 0, forKey: .done)
        try container.encode(roleInEveryDelta, forKey: .roleInEveryDelta)
        try container.encode(
            Counts(
                lfLines: lfLines, crlfLines: crlfLines, crLines: crLines, dataLinesWithSpace: dataLinesWithSpace,
                dataLinesWithoutSpace: dataLinesWithoutSpace, reasoningChunks: reasoningChunks,
                reasoningContentChunks: reasoningContentChunks, usageChunks: usageChunks, doneMarkers: doneMarkers,
                textDeltas: textDeltas, textDeltasWithRole: textDeltasWithRole),
            forKey: .counts)
    }
}
