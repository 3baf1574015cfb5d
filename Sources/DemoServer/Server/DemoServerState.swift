import NIOCore

/// The state a server shares with its connections: the request log, counters, open connections and the
/// streams in flight. Safe to use from any thread.
final class DemoServerState: Sendable {
    private struct Contents: Sendable {
        var requests: [DemoServer.RecordedRequest] = []
        var completionsAnswered = 0
        var chatCompletionRequests = 0
        var connectionsAccepted = 0
        var openConnections: [ObjectIdentifier: any Channel] = [:]
        var activeStreams = 0
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var waitersRegistered = 0
        var answersGiven: [String: Int] = [:]
    }

    private let contents = LockedBox(Contents())

    /// Every request received so far, in order.
    var requests: [DemoServer.RecordedRequest] {
        contents.withLock { $0.requests }
    }

    /// How many streamed responses are being written right now.
    var activeStreamCount: Int {
        contents.withLock { $0.activeStreams }
    }

    /// Appends `request` to the log.
    func record(_ request: DemoServer.RecordedRequest) {
        contents.withLock { $0.requests.append(request) }
    }

    /// The number of a newly received `POST /v1/chat/completions` request, valid or not, counting from 1: the
    /// count a fault's `@N` limit is checked against.
    func nextChatCompletionRequestNumber() -> Int {
        contents.withLock {
            $0.chatCompletionRequests += 1
            return $0.chatCompletionRequests
        }
    }

    /// How often the conversation `key` (`ChatCompletionRequest.conversationKey`) has been asked
    /// for an answer, this time included: 1 the first time.
    func answerNumber(for key: String) -> Int {
        contents.withLock {
            $0.answersGiven[key, default: 0] += 1
            return $0.answersGiven[key]!
        }
    }

    /// The number of the next completion, counting from 1.
    func nextCompletionNumber() -> Int {
        contents.withLock {
            $0.completionsAnswered += 1
            return $0.completionsAnswered
        }
    }

    /// Registers a newly accepted connection until it closes; returns its number, counting from 1.
    func connectionOpened(_ channel: any Channel) -> Int {
        let key = ObjectIdentifier(channel)
        let number = contents.withLock {
            $0.connectionsAccepted += 1
            $0.openConnections[key] = channel
            return $0.connectionsAccepted
        }
        channel.closeFuture.whenComplete { _ in
            self.contents.withLock { _ = $0.openConnections.removeValue(forKey: key) }
        }
        return number
    }

    /// The connections open right now.
    var openConnections: [any Channel] {
        contents.withLock { Array($0.openConnections.values) }
    }

    /// Notes that a stream started.
    func streamStarted() {
        contents.withLock { $0.activeStreams += 1 }
    }

    /// Notes that a stream ended, however it ended, and wakes those waiting for the server to be idle.
    func streamEnded() {
        let waiters = contents.withLock { contents -> [CheckedContinuation<Void, Never>] in
            contents.activeStreams -= 1
            guard contents.activeStreams == 0 else { return [] }
            defer { contents.idleWaiters = [:] }
            return Array(contents.idleWaiters.values)
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    /// Returns once no stream is being written, or as soon as the calling task is cancelled.
    func waitUntilNoActiveStreams() async {
        let waiterID = contents.withLock {
            $0.waitersRegistered += 1
            return $0.waitersRegistered
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Checking cancellation under the lock pairs with the handler below: either the handler finds
                // the waiter registered, or the task is already marked cancelled here.
                let resumeNow = contents.withLock { contents in
                    if contents.activeStreams == 0 || Task.isCancelled { return true }
                    contents.idleWaiters[waiterID] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                }
            }
        } onCancel: {
            contents.withLock { $0.idleWaiters.removeValue(forKey: waiterID) }?.resume()
        }
    }
}
