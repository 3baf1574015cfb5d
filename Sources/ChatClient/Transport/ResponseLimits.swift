import ChatCore

/// How much of a response chatterm reads before it stops and says which bound the server broke:
/// the one definition that the chat transport and `probe` share.
///
/// Every bound is checked with a length comparison as bytes arrive, never by scanning, and
/// nothing is buffered past it: a server that sends a line without end, an event without end or a
/// reply without end costs at most the bound in memory, then a clear error. What arrived before
/// the bound was crossed is delivered, so a reply cut short keeps its text.
public struct ResponseLimits: Sendable, Hashable {
    /// The longest line of an event stream, its line end not counted.
    public var lineBytes: Int
    /// The largest event of an event stream: the bytes of its `data` lines together.
    public var eventBytes: Int
    /// The largest reply: the text (content and reasoning) one streamed response delivers, or the
    /// body of a non-streaming one.
    public var replyBytes: Int
    /// How much of an error response's body is read for its message; the rest is not read.
    public var errorBodyBytes: Int

    public init(
        lineBytes: Int = 4 << 20, eventBytes: Int = 4 << 20, replyBytes: Int = 64 << 20,
        errorBodyBytes: Int = 256 << 10
    ) {
        self.lineBytes = lineBytes
        self.eventBytes = eventBytes
        self.replyBytes = replyBytes
        self.errorBodyBytes = errorBodyBytes
    }

    /// The limits chatterm uses.
    public static let standard = ResponseLimits()

    /// The largest response head (status line and header fields together): SwiftNIO's HTTP/1
    /// decoder enforces it, and AsyncHTTPClient does not let it be changed.
    public static let responseHeadBytes = 80 * kibibyte

    static let kibibyte = 1024
    static let mebibyte = 1024 * 1024

    /// A line of the event stream reached `lineBytes` without its line end.
    public var lineTooLong: ChatError {
        .malformed("the server sent a line longer than \(Self.size(lineBytes)) without ending it")
    }

    /// The `data` lines of one event reached `eventBytes` without the blank line that ends it.
    public var eventTooLarge: ChatError {
        .malformed("the server sent an event larger than \(Self.size(eventBytes)) without ending it")
    }

    /// The reply grew past `replyBytes`.
    public var replyTooLarge: ChatError {
        .malformed("the reply is larger than \(Self.size(replyBytes))")
    }

    /// The response head grew past `responseHeadBytes`.
    public static var headTooLarge: ChatError {
        .malformed("the server sent a response head larger than \(size(responseHeadBytes))")
    }

    /// "4 MiB", "256 KiB", "1000 bytes": a bound as the messages name it.
    static func size(_ bytes: Int) -> String {
        if bytes >= mebibyte && bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
        if bytes >= kibibyte && bytes % kibibyte == 0 { return "\(bytes / kibibyte) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
