import Foundation
import NIOCore

/// Renders the events of one streamed completion into bytes.
///
/// A long reply repeats a small set of tokens, so the event of every token after the first is encoded once
/// and then copied from a cache: a 2000-token benchmark stream costs about a hundred JSON encodings.
struct StreamEventRenderer {
    /// The completion every chunk belongs to.
    let metadata: CompletionMetadata
    /// The SSE dialect.
    let format: SSEWireFormat
    /// The chunks' shape.
    private let dialect: StreamScript.Dialect
    /// Whether every delta carries the role, not only the first (OpenAI chunks).
    private let repeatRole: Bool
    private let encoder = WireJSON.makeEncoder()
    private var cachedTokenEvents: [String: [UInt8]] = [:]

    /// A renderer for `metadata`'s chunks in `dialect`, on a server with `configuration`.
    init(metadata: CompletionMetadata, dialect: StreamScript.Dialect, configuration: DemoServerConfiguration) {
        self.metadata = metadata
        self.dialect = dialect
        self.repeatRole = configuration.repeatRoleInEveryDelta
        switch dialect {
        case .configured: self.format = SSEWireFormat(configuration)
        case .chatGLM3: self.format = .sseStarlette
        }
    }

    /// Appends the content event of `token`; the first token's delta always carries the role.
    mutating func writeToken(_ token: String, isFirst: Bool, into buffer: inout ByteBuffer) {
        if !isFirst, let cached = cachedTokenEvents[token] {
            buffer.writeBytes(cached)
            return
        }
        let event: [UInt8]
        switch dialect {
        case .configured:
            let delta = ChatCompletionChunk.Delta(role: isFirst || repeatRole ? "assistant" : nil, content: token)
            event = chunkEvent(ChatCompletionChunk(metadata, choices: [.init(delta: delta)]))
        case .chatGLM3(let model, let generator):
            event = format.event(
                data: ChatGLM3Wire.contentChunk(
                    model: model, content: token, created: metadata.created, generator: generator
                ).utf8)
        }
        if !isFirst {
            cachedTokenEvents[token] = event
        }
        buffer.writeBytes(event)
    }

    /// Appends the closing chunk: an empty delta with `finish_reason` set.
    func writeFinish(reason: String, into buffer: inout ByteBuffer) {
        switch dialect {
        case .configured:
            let choice = ChatCompletionChunk.Choice(delta: .init(), finishReason: reason)
            buffer.writeBytes(chunkEvent(ChatCompletionChunk(metadata, choices: [choice])))
        case .chatGLM3(let model, let generator):
            let chunk = ChatGLM3Wire.finishChunk(
                model: model, reason: reason, created: metadata.created, generator: generator)
            buffer.writeBytes(format.event(data: chunk.utf8))
        }
    }

    /// Appends the usage chunk: no choices, only `usage`.
    func writeUsage(_ usage: CompletionUsage, into buffer: inout ByteBuffer) {
        buffer.writeBytes(chunkEvent(ChatCompletionChunk(metadata, choices: [], usage: usage)))
    }

    /// Appends an error event, `data: {"error": …}`.
    func writeError(_ error: APIErrorResponse, into buffer: inout ByteBuffer) {
        buffer.writeBytes(format.event(data: WireJSON.encode(error, with: encoder)))
    }

    /// The payload of the `bad-json` fault's event: the start of a chunk, cut off in the middle.
    static let malformedPayload = #"{"choices":[{"delta":"#

    /// Appends a data event whose payload is not JSON: ``malformedPayload``.
    func writeMalformedEvent(into buffer: inout ByteBuffer) {
        buffer.writeBytes(format.event(data: Self.malformedPayload.utf8))
    }

    /// Appends one data event carrying `text` as it is, one `data:` line per line of it.
    func writePlainText(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeBytes(format.multiLineEvent(data: text))
    }

    /// Appends a content event whose text is `bytes` bytes of `x`, written directly: JSONEncoder would take
    /// seconds over a string of hundreds of MiB.
    func writeGiantEvent(bytes: Int, into buffer: inout ByteBuffer) {
        buffer.writeString(dataPrefix + #"{"choices":[{"index":0,"delta":{"content":""#)
        buffer.writeRepeatingByte(UInt8(ascii: "x"), count: max(bytes, 0))
        buffer.writeString(#""}}]}"# + format.lineEnding + format.lineEnding)
    }

    /// The bytes that open an endless ending, written once before its ``endlessUnit(_:)``: the start of the
    /// data line that never ends.
    func endlessStart(_ endless: StreamScript.Endless) -> [UInt8] {
        switch endless {
        case .line: return Array((dataPrefix + #"{"choices":[{"index":0,"delta":{"content":""#).utf8)
        case .dataLines, .contentEvents: return []
        }
    }

    /// The bytes an endless ending repeats for ever: 64 KiB of `x` for the endless line, 64 data lines of
    /// 1 KiB for the endless event, one content event of 1 MiB of text for the endless reply.
    func endlessUnit(_ endless: StreamScript.Endless) -> [UInt8] {
        switch endless {
        case .line:
            return Array(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        case .dataLines:
            let line = dataPrefix + String(repeating: "x", count: 1024 - dataPrefix.utf8.count) + format.lineEnding
            return Array(String(repeating: line, count: 64).utf8)
        case .contentEvents:
            var buffer = ByteBuffer()
            writeGiantEvent(bytes: 1024 * 1024, into: &buffer)
            return Array(buffer.readableBytesView)
        }
    }

    /// How a data line starts in this dialect.
    private var dataPrefix: String { format.spaceAfterColon ? "data: " : "data:" }

    /// Appends `data: [DONE]`.
    func writeDone(into buffer: inout ByteBuffer) {
        buffer.writeBytes(format.doneEvent)
    }

    /// The event carrying `chunk`.
    private func chunkEvent(_ chunk: ChatCompletionChunk) -> [UInt8] {
        format.event(data: WireJSON.encode(chunk, with: encoder))
    }
}
