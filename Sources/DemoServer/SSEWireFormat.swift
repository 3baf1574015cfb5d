import Foundation
import NIOCore

/// The server-sent-events dialect of a stream: how `data` lines and comments are written.
struct SSEWireFormat: Sendable, Equatable {
    /// The event terminator: LF (`\n\n`) or CRLF (`\r\n\r\n`, every line ending in CRLF).
    var framing: DemoServerConfiguration.Framing
    /// Whether a data line reads `data: …` or `data:…`.
    var spaceAfterColon: Bool

    /// The wire format a configuration asks for.
    init(_ configuration: DemoServerConfiguration) {
        self.framing = configuration.framing
        self.spaceAfterColon = configuration.spaceAfterColon
    }

    /// The end of one line.
    var lineEnding: String {
        switch framing {
        case .lf: return "\n"
        case .crlf: return "\r\n"
        }
    }

    /// The bytes of one `data` event carrying `payload` (a single line, such as compact JSON or `[DONE]`).
    func event(data payload: some Sequence<UInt8>) -> [UInt8] {
        var bytes = Array(spaceAfterColon ? "data: ".utf8 : "data:".utf8)
        bytes.append(contentsOf: payload)
        bytes.append(contentsOf: (lineEnding + lineEnding).utf8)
        return bytes
    }

    /// The `data: [DONE]` event that ends an OpenAI stream.
    var doneEvent: [UInt8] { event(data: "[DONE]".utf8) }

    /// The bytes of a comment event, `: <text>` followed by a blank line, as sse-starlette writes its pings.
    func comment(_ text: String) -> [UInt8] {
        Array(": \(text)\(lineEnding)\(lineEnding)".utf8)
    }

    /// The keep-alive comment `: ping - <ISO 8601 time>` for `date`.
    func ping(at date: Date) -> [UInt8] {
        comment("ping - " + date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
