import Foundation
import NIOCore

/// Writes the body of one streamed completion onto a channel, paced by the channel's event loop.
///
/// Every method runs on the channel's event loop. Tokens are due at `start + k / tokensPerSecond`, and each
/// wake-up writes every token that is due, so the pace does not drift. At `tokensPerSecond == 0` the stream is
/// written in batches of about ``batchSize`` bytes, yielding to the event loop between batches and waiting
/// while the channel is not writable. Pings are a second chain of scheduled tasks. The rendered bytes go
/// through a ``StreamBodyOutput``, which cuts and paces them as the script's delivery says. Nothing ever
/// sleeps, and ``cancel()`` cancels whatever is scheduled. The writer writes only body parts: the owner ends
/// the response (or closes the connection) when told through `onEnd`. A script that ends in
/// ``StreamScript/Ending/hang`` or ``StreamScript/Ending/endless(_:)`` never ends by itself: only ``cancel()``
/// ends it. An endless ending is written while the channel is writable, so it goes as fast as the client reads.
final class CompletionStreamWriter {
    /// How a stream came to an end.
    enum Outcome {
        /// Every event was written; the response's `.end` is due.
        case ended
        /// The script asks for the connection to be closed once `lastWrite` completes.
        case dropped(lastWrite: EventLoopFuture<Void>)
        /// The writer was cancelled, typically because the client went away.
        case cancelled
    }

    /// The approximate size of one write when streaming as fast as possible.
    static let batchSize = 16 * 1024
    /// How many units of an endless ending are written before yielding to the event loop.
    static let endlessUnitsPerTurn = 16

    private let context: ChannelHandlerContext
    private let script: StreamScript
    private var renderer: StreamEventRenderer
    private let output: StreamBodyOutput
    private let tokenInterval: Double?
    private let pingInterval: Double?
    private let onEnd: (Outcome) -> Void
    private var startTime = NIODeadline.now()
    private var nextToken = 0
    private var isMalformedEventWritten = false
    private var isGiantEventWritten = false
    private var tokenTask: Scheduled<Void>?
    private var pingTask: Scheduled<Void>?
    private var isWaitingForWritability = false
    private var isEndingWritten = false
    private var isFinished = false
    /// The bytes an endless ending repeats, once it has begun.
    private var endlessUnit: ByteBuffer?

    /// A writer of `script` onto `context`'s channel; `onEnd` is called exactly once.
    init(
        context: ChannelHandlerContext,
        script: StreamScript,
        renderer: StreamEventRenderer,
        configuration: DemoServerConfiguration,
        onEnd: @escaping (Outcome) -> Void
    ) {
        self.context = context
        self.script = script
        self.renderer = renderer
        self.output = StreamBodyOutput(context: context, delivery: script.delivery)
        self.tokenInterval = script.isFullSpeed ? nil : configuration.tokenInterval
        self.pingInterval = script.pingInterval.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        self.onEnd = onEnd
    }

    /// Starts writing: the first token goes out at once, pings follow on their own clock.
    func start() {
        startTime = .now()
        schedulePing(number: 1)
        writeDueEvents()
    }

    /// Stops for good: cancels scheduled work and reports `.cancelled`. Does nothing once the stream ended.
    func cancel() {
        finish(.cancelled)
    }

    /// Resumes an as-fast-as-possible stream that was waiting for the channel to drain.
    func channelWritabilityChanged() {
        guard isWaitingForWritability, context.channel.isWritable else { return }
        isWaitingForWritability = false
        if endlessUnit != nil {
            writeEndlessly()
        } else {
            writeDueEvents()
        }
    }

    private var eventLoop: NIOIsolatedEventLoop {
        context.eventLoop.assumeIsolated()
    }

    /// Writes every token that is due (or the next batch), then the ending once the tokens are exhausted.
    private func writeDueEvents() {
        tokenTask = nil
        guard !isFinished, !isEndingWritten else { return }
        var buffer = context.channel.allocator.buffer(capacity: 1024)
        // Silent token times follow the content tokens; the ending goes out with the last of them.
        let tokenTimes = script.tokens.count + max(script.silentTokensBeforeEnding, 0)
        let dueTokens: Int
        if let tokenInterval {
            let elapsed = Double((NIODeadline.now() - startTime).nanoseconds) / 1e9
            dueTokens = min(tokenTimes, Int(elapsed / tokenInterval + 1e-6) + 1)
        } else {
            dueTokens = tokenTimes
        }
        while nextToken < dueTokens, tokenInterval != nil || buffer.readableBytes < Self.batchSize {
            if nextToken < script.tokens.count {
                if nextToken == script.malformedEventBeforeToken {
                    writeMalformedEvent(into: &buffer)
                }
                if nextToken == script.giantEventBeforeToken {
                    writeGiantEvent(into: &buffer)
                }
                renderer.writeToken(script.tokens[nextToken], isFirst: nextToken == 0, into: &buffer)
            }
            nextToken += 1
        }
        if nextToken == tokenTimes {
            writeEnding(into: &buffer)
            return
        }
        output.write(buffer)
        scheduleNextWrite()
    }

    /// Arranges the next call of ``writeDueEvents()``.
    private func scheduleNextWrite() {
        if let tokenInterval {
            let offset = TimeAmount.seconds(exactly: Double(nextToken) * tokenInterval)
            tokenTask = eventLoop.scheduleTask(deadline: startTime + offset) { [self] in
                writeDueEvents()
            }
        } else if context.channel.isWritable {
            eventLoop.execute { [self] in
                writeDueEvents()
            }
        } else {
            isWaitingForWritability = true
        }
    }

    /// Appends the malformed event of a `bad-json` script, once.
    private func writeMalformedEvent(into buffer: inout ByteBuffer) {
        guard !isMalformedEventWritten else { return }
        isMalformedEventWritten = true
        renderer.writeMalformedEvent(into: &buffer)
    }

    /// Appends the giant event of a `giant-event` script, once.
    private func writeGiantEvent(into buffer: inout ByteBuffer) {
        guard !isGiantEventWritten else { return }
        isGiantEventWritten = true
        renderer.writeGiantEvent(bytes: script.giantEventBytes, into: &buffer)
    }

    /// Appends the script's ending to `buffer`, writes it and, once the output has drained, reports the outcome.
    private func writeEnding(into buffer: inout ByteBuffer) {
        isEndingWritten = true
        if script.malformedEventBeforeToken != nil {
            writeMalformedEvent(into: &buffer)
        }
        if script.giantEventBeforeToken != nil {
            writeGiantEvent(into: &buffer)
        }
        switch script.ending {
        case .finish(let reason, let usage, let done):
            renderer.writeFinish(reason: reason, into: &buffer)
            if let usage {
                renderer.writeUsage(usage, into: &buffer)
            }
            if done {
                renderer.writeDone(into: &buffer)
            }
        case .error(let error):
            renderer.writeError(error, into: &buffer)
        case .plainTextEvent(let text):
            renderer.writePlainText(text, into: &buffer)
        case .dropConnection:
            break
        case .hang:
            // Silence from here on, apart from the pings the script asks for, until cancelled.
            output.write(buffer)
            return
        case .endless(let endless):
            stopPings()
            buffer.writeBytes(renderer.endlessStart(endless))
            output.write(buffer)
            endlessUnit = context.channel.allocator.buffer(bytes: renderer.endlessUnit(endless))
            writeEndlessly()
            return
        }
        stopPings()
        output.write(buffer)
        output.drain { [self] lastWrite in
            if case .dropConnection = script.ending {
                finish(.dropped(lastWrite: lastWrite))
            } else {
                finish(.ended)
            }
        }
    }

    /// Writes the endless ending's unit while the channel takes it, yielding to the event loop now and then, and
    /// waits for writability when the client does not keep up.
    private func writeEndlessly() {
        guard !isFinished, let endlessUnit else { return }
        for _ in 0..<Self.endlessUnitsPerTurn where context.channel.isWritable {
            output.write(endlessUnit)
        }
        if context.channel.isWritable {
            eventLoop.execute { [self] in
                writeEndlessly()
            }
        } else {
            isWaitingForWritability = true
        }
    }

    /// Schedules ping number `number` (counting from 1) at `startTime + number × pingInterval`.
    private func schedulePing(number: Int) {
        guard let pingInterval else { return }
        let offset = TimeAmount.seconds(exactly: Double(number) * pingInterval)
        pingTask = eventLoop.scheduleTask(deadline: startTime + offset) { [self] in
            pingTask = nil
            guard !isFinished else { return }
            output.write(context.channel.allocator.buffer(bytes: renderer.format.ping(at: Date())))
            schedulePing(number: number + 1)
        }
    }

    /// Cancels the next ping: the stream's last events are written.
    private func stopPings() {
        pingTask?.cancel()
        pingTask = nil
    }

    /// Marks the stream finished, cancels scheduled work and reports `outcome`, once.
    private func finish(_ outcome: Outcome) {
        guard !isFinished else { return }
        isFinished = true
        tokenTask?.cancel()
        tokenTask = nil
        stopPings()
        output.cancel()
        onEnd(outcome)
    }
}
