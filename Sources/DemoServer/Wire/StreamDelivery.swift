import NIOCore

/// How the bytes of a stream are cut into writes (each write is one flushed HTTP body chunk).
enum StreamDelivery: Equatable {
    /// As the writer renders them: one write per due token, or per batch when streaming as fast as possible.
    case asRendered
    /// At most `bytesPerWrite` bytes per write, `interval` apart, whatever the token pace: event boundaries
    /// and UTF-8 characters end up split across writes.
    case trickle(bytesPerWrite: Int, interval: TimeAmount)
    /// Every write is cut right after the first byte of each multi-byte UTF-8 character, so that it ends in
    /// the middle of one; the rest of the character opens the next write. A write without a multi-byte
    /// character goes out whole.
    case splitInsideCharacters
}
