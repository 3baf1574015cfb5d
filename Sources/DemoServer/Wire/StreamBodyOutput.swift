import NIOCore
import NIOHTTP1

/// Hands a stream's bytes to the channel as body parts, cut and paced as a ``StreamDelivery`` says.
///
/// Every method runs on the channel's event loop. Each write is flushed at once. A trickle is a chain of
/// scheduled tasks, never a sleep; ``cancel()`` cancels it.
final class StreamBodyOutput {
    private let context: ChannelHandlerContext
    private let delivery: StreamDelivery
    /// Bytes accepted but not yet written: the trickle's queue, or the tail of a character cut in two.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var trickleTask: Scheduled<Void>?
    private var nextTrickleDeadline = NIODeadline.uptimeNanoseconds(0)
    private var lastWrite: EventLoopFuture<Void>
    private var onDrained: ((EventLoopFuture<Void>) -> Void)?
    private var isCancelled = false

    /// An output onto `context`'s channel.
    init(context: ChannelHandlerContext, delivery: StreamDelivery) {
        self.context = context
        self.delivery = delivery
        self.lastWrite = context.eventLoop.makeSucceededVoidFuture()
    }

    /// Queues `bytes` for writing; with ``StreamDelivery/asRendered`` they are written (and flushed) at once.
    /// Empty input only flushes.
    func write(_ bytes: ByteBuffer) {
        guard !isCancelled else { return }
        switch delivery {
        case .asRendered:
            writeAndFlush(bytes)
        case .splitInsideCharacters:
            pending.append(contentsOf: bytes.readableBytesView)
            writeCutInsideCharacters()
        case .trickle:
            pending.append(contentsOf: bytes.readableBytesView)
            if trickleTask == nil {
                scheduleTrickle()
            }
        }
    }

    /// Calls `then` with the future of the last write once every byte accepted so far has been handed to the
    /// channel: at once, or when the trickle's queue runs dry. Not called after ``cancel()``.
    func drain(then: @escaping (EventLoopFuture<Void>) -> Void) {
        guard !isCancelled else { return }
        if case .splitInsideCharacters = delivery {
            writeAndFlush(pending[pendingStart...])
            pending = []
            pendingStart = 0
        }
        if pendingStart == pending.count {
            then(lastWrite)
        } else {
            onDrained = then
        }
    }

    /// Drops whatever is queued and cancels the trickle.
    func cancel() {
        isCancelled = true
        trickleTask?.cancel()
        trickleTask = nil
        onDrained = nil
        pending = []
        pendingStart = 0
    }

    /// Writes the pending bytes up to and including the first byte of their last multi-byte character, cut
    /// after the first byte of every multi-byte character; keeps the rest pending.
    private func writeCutInsideCharacters() {
        var pieceStart = 0
        for index in pending.indices where pending[index] >= 0xC0 {
            writeAndFlush(pending[pieceStart...index])
            pieceStart = index + 1
        }
        if pieceStart == 0 {
            // No multi-byte character to cut inside: the bytes go out whole.
            writeAndFlush(pending[...])
            pending = []
        } else {
            pending.removeFirst(pieceStart)
        }
    }

    /// Schedules the trickle's next write, `interval` after the previous one (at once when that is past).
    private func scheduleTrickle() {
        guard case .trickle(let bytesPerWrite, let interval) = delivery else { return }
        let deadline = max(nextTrickleDeadline, .now())
        trickleTask = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            trickleTask = nil
            guard !isCancelled else { return }
            let end = min(pendingStart + max(bytesPerWrite, 1), pending.count)
            writeAndFlush(pending[pendingStart..<end])
            pendingStart = end
            nextTrickleDeadline = .now() + interval
            if pendingStart < pending.count {
                scheduleTrickle()
            } else {
                pending = []
                pendingStart = 0
                if let onDrained {
                    self.onDrained = nil
                    onDrained(lastWrite)
                }
            }
        }
    }

    /// Writes `bytes` as one body part and flushes.
    private func writeAndFlush(_ bytes: some Collection<UInt8>) {
        writeAndFlush(context.channel.allocator.buffer(bytes: bytes))
    }

    /// Writes `buffer` as one body part and flushes; only flushes when it is empty (an empty chunk would end
    /// the body).
    private func writeAndFlush(_ buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else {
            context.flush()
            return
        }
        lastWrite = context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))))
    }
}
