/// Separates `<think>…</think>` reasoning from the answer in streamed content, as models such as
/// DeepSeek-R1 and QwQ send it when the server does not split it into `reasoning_content`.
///
/// Only a `<think>` at the very start of the reply (after white space) opens reasoning, so a
/// reply that merely mentions the tag is left alone. Tags may be split across chunks: a piece
/// that could still become a tag is held back until the next chunk (or `finish`) decides.
public struct ThinkTagSplitter: Sendable, Hashable {
    /// A piece of the reply, in order.
    public enum Piece: Sendable, Hashable {
        case reasoning(String)
        case content(String)
    }

    private enum State: Sendable, Hashable {
        /// Nothing but white space yet: a `<think>` may still open.
        case start
        case thinking
        /// Just after `</think>`: the line breaks that follow it are dropped.
        case closed
        case answering
    }

    private static let open = "<think>"
    private static let close = "</think>"
    private var state = State.start
    private var held = ""

    public init() {}

    /// The pieces `chunk` completes.
    public mutating func feed(_ chunk: String) -> [Piece] {
        held += chunk
        var pieces: [Piece] = []
        while true {
            switch state {
            case .start:
                let trimmed = held.drop { $0.isWhitespace }
                if trimmed.hasPrefix(Self.open) {
                    held = String(trimmed.dropFirst(Self.open.count))
                    state = .thinking
                } else if Self.open.hasPrefix(trimmed) {
                    return pieces  // still could be "<think>": wait for more
                } else {
                    state = .answering
                }
            case .thinking:
                if let range = held.range(of: Self.close) {
                    let reasoning = String(held[..<range.lowerBound])
                    if !reasoning.isEmpty { pieces.append(.reasoning(reasoning)) }
                    held = String(held[range.upperBound...])
                    state = .closed
                } else {
                    // Keep back what could be the start of "</think>".
                    let keep = Self.partialSuffix(of: held, matching: Self.close)
                    let ready = String(held.dropLast(keep))
                    if !ready.isEmpty { pieces.append(.reasoning(ready)) }
                    held = String(held.suffix(keep))
                    return pieces
                }
            case .closed:
                held = String(held.drop { $0 == "\n" || $0 == "\r" })
                if held.isEmpty { return pieces }
                state = .answering
            case .answering:
                if !held.isEmpty { pieces.append(.content(held)) }
                held = ""
                return pieces
            }
        }
    }

    /// What was held back, once the reply has ended.
    public mutating func finish() -> [Piece] {
        defer { held = "" }
        guard !held.isEmpty else { return [] }
        return [state == .thinking ? .reasoning(held) : .content(held)]
    }

    /// The length of the longest suffix of `text` that is a proper prefix of `tag`.
    private static func partialSuffix(of text: String, matching tag: String) -> Int {
        for length in stride(from: min(tag.count - 1, text.count), through: 1, by: -1)
        where tag.hasPrefix(text.suffix(length)) {
            return length
        }
        return 0
    }
}
