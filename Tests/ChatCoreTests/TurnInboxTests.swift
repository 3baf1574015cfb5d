import XCTest

@testable import ChatCore

/// What waits between the transport and the consumer: text joined as it arrives, nothing lost,
/// nothing reordered, and every joined piece still counted.
final class TurnInboxTests: XCTestCase {
    private func event(_ event: StreamEvent, attempt: Int = 1) -> TurnInbox.Entry {
        .machine(.event(event, attempt: attempt))
    }

    func testConsecutiveTextOfOneRequestWaitsAsOnePieceThatCountsEveryEvent() {
        let inbox = TurnInbox()
        for piece in ["Hel", "lo", ", ", "world"] { inbox.append(event(.content(piece))) }
        XCTAssertEqual(inbox.takeAll(), [.machine(.event(.content("Hello, world"), attempt: 1, pieces: 4))])
        XCTAssertEqual(inbox.takeAll(), [], "taking empties the inbox")
    }

    func testTextJoinsOnlyTheTextRightBeforeIt() {
        let inbox = TurnInbox()
        let arrivals: [TurnInbox.Entry] = [
            event(.requestSent), event(.responseHead(status: 200)),
            event(.reasoning("think")), event(.reasoning("ing")),
            event(.content("a")), event(.content("b")),
            event(.reasoning("more")),
            event(.content("c")),
            event(.usage(TokenUsage(completionTokens: 3))),
            event(.content("d")), event(.content("e")),
            .timer(generation: 1),
            event(.content("f")),
            event(.content("old request"), attempt: 0),
            event(.content("g")),
            event(.finish(reason: "stop")), event(.done),
            .machine(.end(attempt: 1)),
        ]
        for entry in arrivals { inbox.append(entry) }
        XCTAssertEqual(
            inbox.takeAll(),
            [
                event(.requestSent), event(.responseHead(status: 200)),
                .machine(.event(.reasoning("thinking"), attempt: 1, pieces: 2)),
                .machine(.event(.content("ab"), attempt: 1, pieces: 2)),
                event(.reasoning("more")),
                event(.content("c")),
                event(.usage(TokenUsage(completionTokens: 3))),
                .machine(.event(.content("de"), attempt: 1, pieces: 2)),
                .timer(generation: 1),
                event(.content("f")),
                event(.content("old request"), attempt: 0),
                event(.content("g")),
                event(.finish(reason: "stop")), event(.done),
                .machine(.end(attempt: 1)),
            ])
    }

    func testTextArrivingAfterATakeStartsAFreshPiece() {
        let inbox = TurnInbox()
        inbox.append(event(.content("a")))
        XCTAssertEqual(inbox.takeAll(), [event(.content("a"))])
        inbox.append(event(.content("b")))
        inbox.append(event(.content("c")))
        XCTAssertEqual(inbox.takeAll(), [.machine(.event(.content("bc"), attempt: 1, pieces: 2))])
    }

    func testBlankContentNeverAbsorbsTheVisibleTextAfterIt() {
        let inbox = TurnInbox()
        for piece in ["\n", "", "\n", "Hi", "", " ", "\n", "there"] { inbox.append(event(.content(piece))) }
        XCTAssertEqual(
            inbox.takeAll(),
            [
                .machine(.event(.content("\n\n"), attempt: 1, pieces: 2)),
                .machine(.event(.content("Hi \nthere"), attempt: 1, pieces: 4)),
            ], "empty pieces are no tokens")
    }

    func testKeepAlivesInARowWaitOnce() {
        let inbox = TurnInbox()
        for _ in 0..<1_000 { inbox.append(event(.keepAlive)) }
        inbox.append(event(.content("x")))
        inbox.append(event(.keepAlive))
        inbox.append(event(.keepAlive))
        XCTAssertEqual(inbox.takeAll(), [event(.keepAlive), event(.content("x")), event(.keepAlive)])
    }

    /// A million one-character events waiting for a busy consumer are one string, not a million
    /// entries: what waits follows the text.
    func testAFloodOfTinyEventsWaitsAsOneString() {
        let inbox = TurnInbox()
        for _ in 0..<1_000_000 { inbox.append(event(.content("x"))) }
        let taken = inbox.takeAll()
        XCTAssertEqual(taken.count, 1)
        guard case .machine(.event(.content(let text), 1, let pieces)) = taken.first else {
            return XCTFail("\(taken.count) entries")
        }
        XCTAssertEqual(text.utf8.count, 1_000_000)
        XCTAssertTrue(text.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
        XCTAssertEqual(pieces, 1_000_000)
    }

    func testAClosedInboxDropsWhatWaitsAndRefusesWhatComes() {
        let inbox = TurnInbox()
        inbox.append(event(.content("a")))
        inbox.close()
        inbox.append(event(.content("b")))
        XCTAssertEqual(inbox.takeAll(), [])
    }

    /// Property: over random event sequences, a machine fed what the inbox joined shows the same
    /// text, reasoning and figures, in the same order of kinds, as a machine fed every event.
    func testAMachineFedJoinedPiecesEndsAsOneFedEveryEvent() {
        var generator = SplitMix64(seed: 15)
        let start = ContinuousClock.now
        for round in 0..<300 {
            var events: [StreamEvent] = [.requestSent, .responseHead(status: 200)]
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<5:
                    events.append(.content(["a", " b", "\n", "你", "😀", "", " "].randomElement(using: &generator)!))
                case 5..<7: events.append(.reasoning(["r", "s ", ""].randomElement(using: &generator)!))
                case 7: events.append(.keepAlive)
                case 8: events.append(.usage(TokenUsage(completionTokens: Int.random(in: 1...50, using: &generator))))
                default: events.append(.finish(reason: ["stop", "length"].randomElement(using: &generator)!))
                }
            }
            if Bool.random(using: &generator) { events.append(.done) }

            let inbox = TurnInbox()
            for event in events { inbox.append(self.event(event)) }
            inbox.append(.machine(.end(attempt: 1)))
            let joined = Self.shown(
                inbox.takeAll().compactMap { if case .machine(let input) = $0 { input } else { nil } }, at: start)
            let single = Self.shown(events.map { .event($0, attempt: 1) } + [.end(attempt: 1)], at: start)
            XCTAssertEqual(joined.text, single.text, "round \(round)")
            XCTAssertEqual(joined.kinds, single.kinds, "round \(round)")
            XCTAssertEqual(joined.finished, single.finished, "round \(round)")
            XCTAssertEqual(joined.commands, single.commands, "round \(round)")
        }
    }

    /// What a machine shows for `inputs`: content and reasoning as one string with their kinds
    /// marked, the order of kinds shown (repeats collapsed), how it finished, and what it had
    /// its driver do.
    private static func shown(_ inputs: [TurnStateMachine.Input], at now: ContinuousClock.Instant) -> (
        text: String, kinds: [String], finished: TurnEvent?, commands: [TurnCommand]
    ) {
        var machine = TurnStateMachine(request: ChatRequest(model: "m", messages: []), seed: 1)
        var reactions = [machine.handle(.start(warmUp: false, streamingOff: nil), at: now)]
        for input in inputs { reactions.append(machine.handle(input, at: now)) }
        let events = reactions.flatMap(\.events)
        var text = ""
        var kinds: [String] = []
        for event in events {
            let kind: String
            switch event {
            case .content(let piece, _):
                text += "[c]" + piece
                kind = "content"
            case .reasoning(let piece, _):
                text += "[r]" + piece
                kind = "reasoning"
            case .phase(let phase): kind = "\(phase)"
            case .serverAlive: kind = "alive"
            default: kind = "\(event)"
            }
            if kinds.last != kind { kinds.append(kind) }
        }
        // Adjacent pieces of one kind read the same joined or not.
        let collapsed = text.replacingOccurrences(of: "[c]", with: "\u{1}").replacingOccurrences(
            of: "[r]", with: "\u{2}")
        var merged = ""
        var last: Character?
        for character in collapsed {
            if character == "\u{1}" || character == "\u{2}" {
                if character == last { continue }
                last = character
            }
            merged.append(character)
        }
        return (merged, kinds, events.last, reactions.flatMap(\.commands))
    }
}
