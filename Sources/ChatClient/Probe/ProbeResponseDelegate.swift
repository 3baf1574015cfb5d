import AsyncHTTPClient
import ChatCore
import NIOCore
import NIOHTTP1

/// Feeds one probe response into a `WireRecorder` as it arrives and fulfils `result` exactly once:
/// when the body ends, when the request fails, when the recorder needs no more bytes (a redirect,
/// a bound crossed), or when the deadline passes. In the last two cases the request is cancelled,
/// so a hanging or endless server cannot hang the probe.
///
/// Every callback runs on `eventLoop` (the request is executed with `.delegate(on:)`), and the
/// mutable state is touched only there, hence `@unchecked Sendable`.
final class ProbeResponseDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    let eventLoop: any EventLoop
    /// The observation, once the request is over.
    let result: EventLoopPromise<ProbeObservation>
    private var recorder: WireRecorder
    private let started: NIODeadline
    private var deadline: Scheduled<Void>?
    private var isDone = false
    /// Where the request goes: its proxy is named in a failure to reach it.
    private let endpoint: Endpoint?

    init(recorder: WireRecorder, eventLoop: any EventLoop, endpoint: Endpoint? = nil, started: NIODeadline = .now()) {
        self.recorder = recorder
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.result = eventLoop.makePromise(of: ProbeObservation.self)
        self.started = started
    }

    /// AsyncHTTPClient ends every request with `didFinishRequest` or `didReceiveError`; should it
    /// ever not, the waiting probe still gets an answer (and NIO no unfulfilled promise).
    deinit {
        if !isDone { result.fail(ChatError.connection("the request ended without a result")) }
    }

    private var elapsedMs: Double {
        Double((NIODeadline.now() - started).nanoseconds) / 1_000_000
    }

    /// Ends the request as timed out unless it is over by `seconds` after it started. Call on
    /// `eventLoop`.
    func startDeadline(seconds: Double, task: HTTPClient.Task<Void>) {
        eventLoop.preconditionInEventLoop()
        guard !isDone else { return }
        let amount = TimeAmount.nanoseconds(Int64(seconds * 1_000_000_000))
        deadline = eventLoop.scheduleTask(deadline: started + amount) { [self] in
            guard !isDone else { return }
            complete(recorder.timeOut(afterSeconds: seconds, elapsedMs: elapsedMs))
            task.cancel()
        }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        if !isDone {
            recorder.receiveHead(
                status: Int(head.status.code), contentType: head.headers.first(name: "content-type"),
                location: head.headers.first(name: "location"))
            stopIfSettled(task)
        }
        return eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        if !isDone {
            let elapsed = elapsedMs
            buffer.withUnsafeReadableBytes { recorder.receive($0, elapsedMs: elapsed) }
            stopIfSettled(task)
        }
        return eventLoop.makeSucceededVoidFuture()
    }

    /// Completes the observation and cancels the request once the recorder needs no more bytes.
    private func stopIfSettled(_ task: HTTPClient.Task<Void>) {
        guard !recorder.wantsMoreBytes else { return }
        complete(recorder.finish(elapsedMs: elapsedMs))
        task.cancel()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        guard !isDone else { return }
        let chatError: ChatError
        switch HTTPChatTransport.classify(error, for: endpoint) {
        case let classified as ChatError: chatError = classified
        default: chatError = .connection("the request was cancelled")
        }
        complete(recorder.fail(chatError, elapsedMs: elapsedMs))
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        guard !isDone else { return }
        complete(recorder.finish(elapsedMs: elapsedMs))
    }

    private func complete(_ observation: ProbeObservation) {
        isDone = true
        deadline?.cancel()
        deadline = nil
        result.succeed(observation)
    }
}
