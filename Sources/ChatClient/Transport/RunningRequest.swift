import AsyncHTTPClient
import Synchronization

/// The HTTP task a chat request runs as, which changes when the request goes out again on a
/// fresh connection; cancelling cancels whichever runs, and one that starts after the cancel.
final class RunningRequest: Sendable {
    private struct State {
        var task: HTTPClient.Task<Void>?
        var isCancelled = false
    }

    private let state = Mutex(State())

    func replace(with task: HTTPClient.Task<Void>) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.isCancelled
        }
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.isCancelled = true
            return state.task
        }
        task?.cancel()
    }
}
