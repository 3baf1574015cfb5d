import Synchronization

/// The turn driver's queue: what the transport, the warm-up and the timer report, in order of
/// arrival, until the consumer takes it.
///
/// Consecutive text pieces of one request (content, or reasoning) are joined as they arrive, and
/// consecutive keep-alives of one request count once, so what waits here grows with the text and
/// not with the number of events: a server that sends a million one-character events while the
/// screen is busy leaves one string of a million characters waiting, not a million entries. A
/// joined piece says how many non-empty events it stands for (`pieces`), so the machine counts
/// the same tokens as it would have one event at a time: content that is only whitespace never
/// absorbs visible text after it (a reply's leading blank lines are dropped, not counted).
/// Nothing is reordered: text joins only the text right before it, and anything else (a finish
/// reason, usage, the end of the request, a timer) closes the run.
///
/// Producers report from any thread, under a lock. The one consumer takes everything waiting at
/// once and is woken through a stream that buffers at most one wake-up, so a wake-up costs what
/// it did when every event was its own element, and the latency of a piece does not change.
final class TurnInbox: Sendable {
    /// An input for the machine, or a timer that may have been superseded.
    enum Entry: Sendable, Hashable {
        case machine(TurnStateMachine.Input)
        case timer(generation: Int)
    }

    private struct TextRun {
        enum Kind { case content, reasoning }
        var kind: Kind
        var attempt: Int
        var text: String
        var pieces: Int
        /// Content with nothing but whitespace so far.
        var blank: Bool

        var entry: Entry {
            let event: StreamEvent = kind == .content ? .content(text) : .reasoning(text)
            return .machine(.event(event, attempt: attempt, pieces: pieces))
        }
    }

    private struct State {
        var entries: [Entry] = []
        /// Text after `entries` that the next piece of the same kind and request may join.
        var run: TextRun?
        var closed = false

        mutating func flushRun() {
            guard let run else { return }
            entries.append(run.entry)
            self.run = nil
        }
    }

    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>.Continuation
    /// Yields once something may be waiting; ends when the consuming task is cancelled.
    let arrivals: AsyncStream<Void>

    init() {
        (arrivals, wakeUps) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds `entry` after everything already waiting, joining it to the text before it when it
    /// continues that text. Ignored once the inbox is closed.
    func append(_ entry: Entry) {
        let added = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            if case .machine(.event(let event, let attempt, let pieces)) = entry {
                switch event {
                case .content(let text):
                    Self.join(text, .content, attempt: attempt, pieces: pieces, into: &state)
                    return true
                case .reasoning(let text):
                    Self.join(text, .reasoning, attempt: attempt, pieces: pieces, into: &state)
                    return true
                case .keepAlive where state.run == nil && state.entries.last == entry:
                    return true
                default:
                    break
                }
            }
            state.flushRun()
            state.entries.append(entry)
            return true
        }
        if added { wakeUps.yield() }
    }

    private static func join(
        _ text: String, _ kind: TextRun.Kind, attempt: Int, pieces: Int, into state: inout State
    ) {
        let pieces = text.isEmpty ? 0 : pieces
        let blank = kind == .content && text.allSatisfy(\.isWhitespace)
        // Checked in place: a copy of the run would make the append copy its text.
        if state.run?.kind == kind && state.run?.attempt == attempt && (state.run?.blank == false || blank) {
            state.run!.text.append(text)
            state.run!.pieces += pieces
            return
        }
        state.flushRun()
        state.run = TextRun(kind: kind, attempt: attempt, text: text, pieces: pieces, blank: blank)
    }

    /// Everything waiting, in order of arrival, and the inbox empty.
    func takeAll() -> [Entry] {
        state.withLock { state in
            state.flushRun()
            defer { state.entries = [] }
            return state.entries
        }
    }

    /// Drops what waits and refuses what comes: the reply is over.
    func close() {
        state.withLock { state in
            state.closed = true
            state.entries = []
            state.run = nil
        }
        wakeUps.finish()
    }
}
