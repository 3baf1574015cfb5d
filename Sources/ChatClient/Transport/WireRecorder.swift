import ChatCore
import Foundation
import NIOHTTP1

/// Reads one chat-completion response as it arrives and writes down what it saw: the raw facts of
/// the bytes (line endings, the `data:` prefix, comments, `event: ping`) and, through `SSEParser`
/// and `ChunkDecoder`, what the client makes of them (content, reasoning, `finish_reason`,
/// `[DONE]`, errors).
///
/// It is a plain value fed with bytes and elapsed times, so recorded byte sequences can be
/// replayed in tests; `ProbeResponseDelegate` feeds it from the network. It keeps what the chat
/// transport keeps, within the same `ResponseLimits`: a bound crossed or a redirect fails the
/// observation, and `wantsMoreBytes` tells the delegate to stop reading.
public struct WireRecorder: Sendable {
    /// What the body is being read as.
    private enum Body: Sendable {
        case awaitingHead
        /// A `text/event-stream` body, parsed as it comes.
        case events(SSEParser)
        /// A whole JSON completion.
        case completion([UInt8])
        /// A non-2xx response: the start of its body, for the message.
        case error(status: Int, [UInt8])
        case finished
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    /// Enough of a line to tell `data:` from `data: ` and to recognise `event: ping`.
    private static let linePrefixLimit = 16
    private static let excerptLimit = 512

    public private(set) var observation: ProbeObservation
    private let limits: ResponseLimits
    /// The URL the request went to, to say where a redirect points instead.
    private let requestURL: String
    private var body = Body.awaitingHead
    private let decoder: ChunkDecoder
    /// Hides the endpoint's secrets in the server's words.
    private let redactor: Redactor
    /// Bytes of text (content and reasoning) the stream delivered, against `limits.replyBytes`.
    private var replyBytes = 0
    private var pendingCR = false
    private var linePrefix: [UInt8] = []
    private var lineLength = 0
    /// The first bytes of the body, to quote a stream that holds no events.
    private var firstBytes: [UInt8] = []

    public init(
        mode: ProbeObservation.Mode, prompt: ProbeObservation.Prompt, limits: ResponseLimits = .standard,
        requestURL: String = "", redactor: Redactor = Redactor()
    ) {
        observation = ProbeObservation(mode: mode, prompt: prompt)
        self.limits = limits
        self.requestURL = requestURL
        self.redactor = redactor
        decoder = ChunkDecoder(redactor: redactor)
    }

    /// Whether the response is still being read: false once the body ended, the request failed,
    /// or what arrived settled the observation (a redirect, a bound crossed).
    public var wantsMoreBytes: Bool {
        if case .finished = body { return false }
        return true
    }

    /// The response head arrived; `location` is its `Location` header, if any.
    public mutating func receiveHead(status: Int, contentType: String?, location: String? = nil) {
        guard case .awaitingHead = body else { return }
        observation.status = status
        let type = contentType?.lowercased() ?? ""
        if (300..<400).contains(status) {
            body = .finished
            observation.fail(
                ServerRedirect.error(
                    status: HTTPResponseStatus(statusCode: status), location: location, requestURL: requestURL,
                    pathSuffix: Endpoint.chatCompletionsPath, redactor: redactor))
        } else if !(200..<300).contains(status) {
            body = .error(status: status, [])
        } else if type.contains("text/event-stream") || (observation.mode == .stream && !type.contains("json")) {
            body = .events(SSEParser(limits: limits))
        } else {
            body = .completion([])
        }
    }

    /// The next bytes of the body arrived, `elapsedMs` after the request was sent.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, elapsedMs: Double) {
        observation.bodyBytes += bytes.count
        if firstBytes.count < Self.excerptLimit {
            firstBytes.append(contentsOf: bytes.prefix(Self.excerptLimit - firstBytes.count))
        }
        switch body {
        case .events(var parser):
            // Leaving `body` for the moment keeps the parser's buffers uniquely referenced.
            body = .finished
            scanLines(bytes)
            let events = parser.feed(bytes)
            body = .events(parser)
            handle(events, elapsedMs: elapsedMs)
            if let overflow = parser.error { stop(overflow) }
        case .completion(var collected):
            body = .finished
            guard collected.count + bytes.count <= limits.replyBytes else { return stop(limits.replyTooLarge) }
            collected.append(contentsOf: bytes)
            body = .completion(collected)
        case .error(let status, var collected):
            body = .finished
            collected.append(contentsOf: bytes.prefix(limits.errorBodyBytes - collected.count))
            guard collected.count < limits.errorBodyBytes else {
                // The message is in the start of the body; the rest need not be read.
                return observation.fail(
                    ErrorBody.httpError(HTTPResponseStatus(statusCode: status), body: collected, redactor: redactor))
            }
            body = .error(status: status, collected)
        case .awaitingHead, .finished:
            break
        }
    }

    /// Convenience for tests: feeds bytes from any collection.
    public mutating func receive(_ bytes: some Collection<UInt8>, elapsedMs: Double) {
        Array(bytes).withUnsafeBytes { receive($0, elapsedMs: elapsedMs) }
    }

    /// The body ended normally.
    public mutating func finish(elapsedMs: Double) -> ProbeObservation {
        switch body {
        case .events(var parser):
            body = .finished
            if pendingCR {
                pendingCR = false
                observation.dialect.crLines += 1
            }
            if lineLength > 0 { endLine() }
            handle(parser.finish(), elapsedMs: elapsedMs)
            if let overflow = parser.error { observation.fail(overflow) }
            if observation.events == 0 && observation.dialect.comments == 0 && observation.bodyBytes > 0 {
                observation.fail(.malformed, "the stream holds no events: " + excerpt())
            }
        case .completion(let collected):
            body = .finished
            if !collected.isEmpty { handleCompletion(collected) }
        case .error(let status, let collected):
            body = .finished
            observation.fail(
                ErrorBody.httpError(HTTPResponseStatus(statusCode: status), body: collected, redactor: redactor))
        case .awaitingHead:
            body = .finished
            observation.fail(.connection, "the server closed the connection without answering")
        case .finished:
            break
        }
        observation.totalMs = elapsedMs
        return observation
    }

    /// The request failed before the body ended (a broken or refused connection).
    public mutating func fail(_ error: ChatError, elapsedMs: Double) -> ProbeObservation {
        if case .error(let status, let collected) = body {
            // An error status whose body broke off: its status is still the news.
            observation.fail(
                ErrorBody.httpError(HTTPResponseStatus(statusCode: status), body: collected, redactor: redactor))
        }
        body = .finished
        observation.fail(error)
        observation.totalMs = elapsedMs
        return observation
    }

    /// The probe's deadline passed before the body ended.
    public mutating func timeOut(afterSeconds seconds: Double, elapsedMs: Double) -> ProbeObservation {
        body = .finished
        let textArrived = observation.contentCharacters + observation.reasoningCharacters > 0
        observation.fail(
            .timeout,
            ProbeObservation.timeoutMessage(mode: observation.mode, textArrived: textArrived, seconds: seconds))
        observation.totalMs = elapsedMs
        return observation
    }

    /// Ends the reading because the response crossed a bound.
    private mutating func stop(_ bound: ChatError) {
        body = .finished
        observation.fail(bound)
    }

    // MARK: - Raw line facts

    /// Counts line endings and looks at the start of every line, across reads: a CR at the end
    /// of one read and an LF at the start of the next are one CRLF.
    private mutating func scanLines(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == Self.lf {
                    observation.dialect.crlfLines += 1
                    continue
                }
                observation.dialect.crLines += 1
            }
            if byte == Self.cr {
                endLine()
                pendingCR = true
            } else if byte == Self.lf {
                endLine()
                observation.dialect.lfLines += 1
            } else {
                if linePrefix.count < Self.linePrefixLimit { linePrefix.append(byte) }
                lineLength += 1
            }
        }
    }

    private mutating func endLine() {
        defer {
            linePrefix.removeAll(keepingCapacity: true)
            lineLength = 0
        }
        guard lineLength > 0 else { return }
        if linePrefix[0] == UInt8(ascii: ":") {
            observation.dialect.comments += 1
        } else if lineLength > 5 && linePrefix.starts(with: "data:".utf8) {
            if linePrefix[5] == UInt8(ascii: " ") {
                observation.dialect.dataLinesWithSpace += 1
            } else {
                observation.dialect.dataLinesWithoutSpace += 1
            }
        } else if lineLength == linePrefix.count
            && (linePrefix.elementsEqual("event: ping".utf8) || linePrefix.elementsEqual("event:ping".utf8))
        {
            observation.dialect.pingEvents += 1
        }
    }

    // MARK: - Events and completions

    private mutating func handle(_ events: [SSEEvent], elapsedMs: Double) {
        for event in events where wantsMoreBytes {
            observation.events += 1
            if event.type != "ping" && !ChunkDecoder.isDone(event.data) {
                inspect(Array(event.data.utf8), isStream: true)
            }
            do {
                record(try decoder.decode(event), elapsedMs: elapsedMs)
            } catch {
                observation.fail(error)
            }
        }
    }

    private mutating func handleCompletion(_ bytes: [UInt8]) {
        inspect(bytes, isStream: false)
        do {
            record(try decoder.decodeCompletion(bytes), elapsedMs: nil)
        } catch {
            observation.fail(error)
        }
    }

    /// Adds decoded events to the observation; `elapsedMs` is nil for a non-streaming reply,
    /// which has no first token to time.
    private mutating func record(_ events: [StreamEvent], elapsedMs: Double?) {
        for event in events {
            if case .content(let text) = event, !admits(text) { return }
            if case .reasoning(let text) = event, !admits(text) { return }
            switch event {
            case .content(let text):
                observation.contentCharacters += text.count
                recordPiece(elapsedMs: elapsedMs)
            case .reasoning(let text):
                observation.reasoningCharacters += text.count
                recordPiece(elapsedMs: elapsedMs)
            case .finish(let reason):
                observation.finishReason = reason
            case .done:
                observation.dialect.doneMarkers += 1
            case .usage(let usage):
                if let tokens = usage.completionTokens { observation.reportedTokens = tokens }
            case .responseHead, .requestSent, .keepAlive, .wholeReply:
                break
            }
        }
    }

    /// A piece of text arrived: the first and last token's times, for the time to first token and
    /// the rate.
    private mutating func recordPiece(elapsedMs: Double?) {
        observation.textPieces += 1
        if observation.firstTokenMs == nil { observation.firstTokenMs = elapsedMs }
        observation.lastTokenMs = elapsedMs
    }

    /// Counts `text` against the reply's bound; false, and the reading stopped, once the reply
    /// would cross it.
    private mutating func admits(_ text: String) -> Bool {
        replyBytes += text.utf8.count
        guard replyBytes > limits.replyBytes else { return true }
        stop(limits.replyTooLarge)
        return false
    }

    /// The dialect facts that decoding throws away: which reasoning field, a usage chunk with
    /// no choices, and whether deltas repeat `role`.
    private mutating func inspect(_ json: [UInt8], isStream: Bool) {
        guard let chunk = try? JSONDecoder().decode(DialectChunk.self, from: Data(json)) else { return }
        if isStream, let choices = chunk.choices, choices.isEmpty, chunk.hasUsage {
            observation.dialect.usageChunks += 1
        }
        guard let choice = chunk.choices?.first else { return }
        for part in [choice.delta, choice.message].compactMap({ $0 }) {
            let hasReasoning = !(part.reasoning ?? "").isEmpty
            let hasReasoningContent = !(part.reasoningContent ?? "").isEmpty
            if hasReasoning { observation.dialect.reasoningChunks += 1 }
            if hasReasoningContent { observation.dialect.reasoningContentChunks += 1 }
        }
        if isStream, let delta = choice.delta,
            !(delta.content ?? "").isEmpty || !(delta.reasoning ?? "").isEmpty
                || !(delta.reasoningContent ?? "").isEmpty
        {
            observation.dialect.textDeltas += 1
            if delta.role != nil { observation.dialect.textDeltasWithRole += 1 }
        }
    }

    private func excerpt() -> String {
        ErrorBody.excerpt(String(decoding: firstBytes, as: UTF8.self), redactor: redactor)
    }
}

/// The parts of a chunk that tell dialects apart. `null` fields count as absent: vLLM sends
/// `"reasoning_content": null` in every delta.
private struct DialectChunk: Decodable {
    struct Choice: Decodable {
        var delta: Part?
        var message: Part?
    }

    struct Part: Decodable {
        var role: String?
        var content: String?
        var reasoning: String?
        var reasoningContent: String?

        enum CodingKeys: String, CodingKey {
            case role, content, reasoning
            case reasoningContent = "reasoning_content"
        }
    }

    var choices: [Choice]?
    var hasUsage: Bool

    enum CodingKeys: String, CodingKey {
        case choices, usage
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        choices = try? container.decodeIfPresent([Choice].self, forKey: .choices)
        hasUsage = container.contains(.usage) && !((try? container.decodeNil(forKey: .usage)) ?? true)
    }
}
