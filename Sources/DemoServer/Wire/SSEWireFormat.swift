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
        self.init(framing: configuration.framing, spaceAfterColon: configuration.spaceAfterColon)
    }

    /// A wire format with the given line endings and data lines.
    init(framing: DemoServerConfiguration.Framing, spaceAfterColon: Bool) {
        self.framing = framing
        self.spaceAfterColon = spaceAfterColon
    }

    /// sse-starlette's format, as ChatGLM3's api_server uses it: CRLF, `data: …`.
    static let sseStarlette = SSEWireFormat(framing: .crlf, spaceAfterColon: true)

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

    /// The bytes of one `data` event carrying `text` that may hold line breaks: one data line per line, split at
    /// CRLF, CR or LF as sse-starlette splits it (so a text that starts with a line break starts with an empty
    /// data line).
    func multiLineEvent(data text: String) -> [UInt8] {
        let prefix = spaceAfterColon ? "data: " : "data:"
        var bytes: [UInt8] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        for line in lines {
            bytes.append(contentsOf: (prefix + line + lineEnding).utf8)
        }
        bytes.append(contentsOf: lineEnding.utf8)
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
