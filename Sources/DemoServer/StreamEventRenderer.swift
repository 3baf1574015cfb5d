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
    /// Whether every delta carries the role, not only the first.
    let repeatRole: Bool
    private let encoder = WireJSON.makeEncoder()
    private var cachedTokenEvents: [String: [UInt8]] = [:]

    /// A renderer for `metadata`'s chunks in `format`.
    init(metadata: CompletionMetadata, format: SSEWireFormat, repeatRole: Bool) {
        self.metadata = metadata
        self.format = format
        self.repeatRole = repeatRole
    }

    /// Appends the content event of `token`; the first token's delta always carries the role.
    mutating func writeToken(_ token: String, isFirst: Bool, into buffer: inout ByteBuffer) {
        if !isFirst, let cached = cachedTokenEvents[token] {
            buffer.writeBytes(cached)
            return
        }
        let delta = ChatCompletionChunk.Delta(role: isFirst || repeatRole ? "assistant" : nil, content: token)
        let event = chunkEvent(ChatCompletionChunk(metadata, choices: [.init(delta: delta)]))
        if !isFirst {
            cachedTokenEvents[token] = event
        }
        buffer.writeBytes(event)
    }

    /// Appends the closing chunk: an empty delta with `finish_reason` set.
    func writeFinish(reason: String, into buffer: inout ByteBuffer) {
        let choice = ChatCompletionChunk.Choice(delta: .init(), finishReason: reason)
        buffer.writeBytes(chunkEvent(ChatCompletionChunk(metadata, choices: [choice])))
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

    /// Appends `data: [DONE]`.
    func writeDone(into buffer: inout ByteBuffer) {
        buffer.writeBytes(format.doneEvent)
    }

    /// The event carrying `chunk`.
    private func chunkEvent(_ chunk: ChatCompletionChunk) -> [UInt8] {
        format.event(data: WireJSON.encode(chunk, with: encoder))
    }
}
