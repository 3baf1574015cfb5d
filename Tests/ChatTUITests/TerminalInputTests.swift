import XCTest

@testable import ChatTUI

/// `TerminalInput`, transition by transition: from each state, what each event lets out and
/// where it leaves the machine.
final class TerminalInputTests: XCTestCase {
    private typealias State = TerminalInput.State

    private static let ready = State.keys(held: .nothing, queuedPaste: nil)

    /// Takes `event` in `state`: what came out, and the state after.
    private func take(_ event: TerminalInput.Event, in state: State) -> ([TerminalInput.Output], State) {
        var input = TerminalInput(state: state)
        let outputs = input.take(event)
        return (outputs, input.state)
    }

    private func assertTransition(
        from state: State, on event: TerminalInput.Event, gives outputs: [TerminalInput.Output], to next: State,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let (actual, after) = take(event, in: state)
        XCTAssertEqual(actual, outputs, "outputs", file: file, line: line)
        XCTAssertEqual(after, next, "state", file: file, line: line)
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func held(_ held: TerminalInput.Held, queued: String? = nil) -> State {
        .keys(held: held, queuedPaste: queued.map { bytes($0) })
    }

    // MARK: Nothing held

    func testFromReadyACharacterIsHeldForTheCharactersBehindIt() {
        assertTransition(from: Self.ready, on: .key(.text("a")), gives: [], to: held(.text("a")))
    }

    func testFromReadyEscAndEnterAreHeldForWhatFollows() {
        assertTransition(from: Self.ready, on: .key(.escape), gives: [], to: held(.escape))
        assertTransition(from: Self.ready, on: .key(.enter), gives: [], to: held(.enter))
    }

    func testFromReadyAnyOtherKeyComesOutAtOnce() {
        assertTransition(from: Self.ready, on: .key(.up), gives: [.key(.up)], to: Self.ready)
        assertTransition(from: Self.ready, on: .key(.ctrl("t")), gives: [.key(.ctrl("t"))], to: Self.ready)
    }

    func testFromReadyTheEndOfABurstLetsNothingOut() {
        assertTransition(from: Self.ready, on: .drained, gives: [], to: Self.ready)
    }

    func testFromReadyThePasteMarkerStartsCollecting() {
        assertTransition(from: Self.ready, on: .pasteStarted, gives: [], to: .pasting([]))
    }

    func testFromReadyRawBytesAreNotExpectedAndIgnored() {
        assertTransition(from: Self.ready, on: .bytes(bytes("x")), gives: [], to: Self.ready)
    }

    // MARK: Characters held

    func testCharactersTypedInARowBecomeOneText() {
        assertTransition(from: held(.text("ab")), on: .key(.text("c")), gives: [], to: held(.text("abc")))
    }

    func testAnotherKeyLetsTheTextOutBeforeIt() {
        assertTransition(
            from: held(.text("ab")), on: .key(.up), gives: [.key(.text("ab")), .key(.up)], to: Self.ready)
        assertTransition(
            from: held(.text("ab")), on: .key(.enter), gives: [.key(.text("ab"))], to: held(.enter))
    }

    func testEscLetsTheTextOutAndIsHeld() {
        assertTransition(from: held(.text("ab")), on: .key(.escape), gives: [.key(.text("ab"))], to: held(.escape))
    }

    func testTheEndOfABurstOrAPasteLetsTheTextOut() {
        assertTransition(from: held(.text("ab")), on: .drained, gives: [.key(.text("ab"))], to: Self.ready)
        assertTransition(from: held(.text("ab")), on: .pasteStarted, gives: [.key(.text("ab"))], to: .pasting([]))
    }

    // MARK: Esc held

    func testAKeyRightBehindEscIsItsAltForm() {
        assertTransition(from: held(.escape), on: .key(.text("b")), gives: [.key(.alt("b"))], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.text("é")), gives: [.key(.alt("é"))], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.enter), gives: [.key(.altEnter)], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.ctrl("j")), gives: [.key(.altEnter)], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.backspace), gives: [.key(.altBackspace)], to: Self.ready)
        // tmux without xterm-keys, and terminals whose Option key sends ESC, send ESC then the arrow.
        assertTransition(from: held(.escape), on: .key(.left), gives: [.key(.altLeft)], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.right), gives: [.key(.altRight)], to: Self.ready)
    }

    func testEscBeforeAKeyWithoutAnAltFormIsEscThenThatKey() {
        assertTransition(from: held(.escape), on: .key(.up), gives: [.key(.escape), .key(.up)], to: Self.ready)
        assertTransition(from: held(.escape), on: .key(.escape), gives: [.key(.escape)], to: held(.escape))
        assertTransition(from: held(.escape), on: .key(.text("xy")), gives: [.key(.escape)], to: held(.text("xy")))
    }

    func testEscWithNothingBehindItWhenTheBurstEndsIsEsc() {
        assertTransition(from: held(.escape), on: .drained, gives: [.key(.escape)], to: Self.ready)
    }

    func testEscBeforeAPasteIsEsc() {
        assertTransition(from: held(.escape), on: .pasteStarted, gives: [.key(.escape)], to: .pasting([]))
    }

    // MARK: Enter held

    func testEnterWithMoreBehindItInTheBurstIsAPastedLineBreak() {
        assertTransition(from: held(.enter), on: .key(.text("x")), gives: [.key(.ctrl("j"))], to: held(.text("x")))
        assertTransition(from: held(.enter), on: .key(.enter), gives: [.key(.ctrl("j"))], to: held(.enter))
        assertTransition(from: held(.enter), on: .key(.up), gives: [.key(.ctrl("j")), .key(.up)], to: Self.ready)
        assertTransition(from: held(.enter), on: .pasteStarted, gives: [.key(.ctrl("j"))], to: .pasting([]))
    }

    func testTheLastEnterOfABurstSends() {
        assertTransition(from: held(.enter), on: .drained, gives: [.key(.enter)], to: Self.ready)
    }

    // MARK: Collecting a paste

    func testBytesWithoutTheEndMarkerAreCollected() {
        assertTransition(from: .pasting(bytes("ab")), on: .bytes(bytes("cd")), gives: [], to: .pasting(bytes("abcd")))
    }

    func testTheEndMarkerLetsThePasteOutWhole() {
        assertTransition(
            from: .pasting(bytes("line one\r")), on: .bytes(bytes("line two\u{1B}[201~")),
            gives: [.key(.paste("line one\rline two"))], to: Self.ready)
    }

    func testAPasteSplitInsideACharacterAndInsideTheMarkerComesOutWhole() {
        var input = TerminalInput(state: .pasting([]))
        let text = bytes("line one\r\u{1B}x\t你好 👨‍👩‍👧\r")
        XCTAssertEqual(input.take(.bytes(Array(text[..<13]))), [])
        XCTAssertEqual(input.take(.bytes(Array(text[13...]) + bytes("line two\u{1B}[20"))), [])
        XCTAssertTrue(input.isPasting)
        XCTAssertEqual(input.take(.bytes(bytes("1~"))), [.key(.paste("line one\r\u{1B}x\t你好 👨‍👩‍👧\rline two"))])
        XCTAssertEqual(input.state, Self.ready)
    }

    func testKeysTypedBehindAPasteGoBackToCurses() {
        assertTransition(
            from: .pasting([]), on: .bytes(bytes("a\u{1B}[201~x\u{1B}[Ay")),
            gives: [.key(.paste("a")), .unread(bytes("x\u{1B}[Ay"))], to: Self.ready)
    }

    func testAPasteBehindThoseKeysWaitsForThem() {
        assertTransition(
            from: .pasting([]), on: .bytes(bytes("a\u{1B}[201~x\u{1B}[200~b\u{1B}[201~z")),
            gives: [.key(.paste("a")), .unread(bytes("x"))], to: held(.nothing, queued: "b\u{1B}[201~z"))
    }

    func testBackToBackPastesComeOutInOrder() {
        assertTransition(
            from: .pasting([]), on: .bytes(bytes("a\u{1B}[201~\u{1B}[200~b\u{1B}[201~\u{1B}[200~c")),
            gives: [.key(.paste("a")), .key(.paste("b"))], to: .pasting(bytes("c")))
    }

    func testAnEmptyPasteIsEmptyTextAndInvalidUTF8IsReplaced() {
        assertTransition(
            from: .pasting([]), on: .bytes(bytes("\u{1B}[201~")), gives: [.key(.paste(""))], to: Self.ready)
        assertTransition(
            from: .pasting([0x61, 0xFF]), on: .bytes([0x62, 0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]),
            gives: [.key(.paste("a\u{FFFD}b"))], to: Self.ready)
    }

    func testWhileCollectingKeysAndTheEndOfABurstAreNotExpectedAndIgnored() {
        let collecting = State.pasting(bytes("ab"))
        assertTransition(from: collecting, on: .key(.enter), gives: [], to: collecting)
        assertTransition(from: collecting, on: .pasteStarted, gives: [], to: collecting)
        assertTransition(from: collecting, on: .drained, gives: [], to: collecting)
    }

    // MARK: A paste queued behind keys

    func testKeysBeforeAQueuedPasteAreHandledAsUsual() {
        assertTransition(
            from: held(.nothing, queued: "b"), on: .key(.text("y")), gives: [], to: held(.text("y"), queued: "b"))
        assertTransition(
            from: held(.text("y"), queued: "b"), on: .key(.up), gives: [.key(.text("y")), .key(.up)],
            to: held(.nothing, queued: "b"))
    }

    func testTheEndOfTheKeysStartsTheQueuedPasteAfterWhatWasHeld() {
        assertTransition(
            from: held(.text("y"), queued: "b\u{1B}[201~z"), on: .drained,
            gives: [.key(.text("y")), .key(.paste("b")), .unread(bytes("z"))], to: Self.ready)
        assertTransition(
            from: held(.enter, queued: "b"), on: .drained, gives: [.key(.ctrl("j"))], to: .pasting(bytes("b")))
    }

    // MARK: Whole bursts

    func testABurstOfTypingAltKeysAndAPastedLineBreak() {
        var input = TerminalInput()
        let events: [TerminalInput.Event] = [
            .key(.text("h")), .key(.text("i")), .key(.escape), .key(.text("b")), .key(.enter), .key(.text("x")),
            .key(.enter), .drained,
        ]
        let outputs = events.flatMap { input.take($0) }
        XCTAssertEqual(
            outputs, [.key(.text("hi")), .key(.alt("b")), .key(.ctrl("j")), .key(.text("x")), .key(.enter)])
        XCTAssertEqual(input.state, Self.ready)
    }
}
