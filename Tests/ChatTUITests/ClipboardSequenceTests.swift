import ChatTUI
import Foundation
import XCTest

final class ClipboardSequenceTests: XCTestCase {
    private func text(_ bytes: [UInt8]?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text an OSC 52 sequence carries.
    private func decoded(_ sequence: String) -> String? {
        guard sequence.hasPrefix("\u{1B}]52;c;"), sequence.hasSuffix("\u{07}") else { return nil }
        let payload = sequence.dropFirst(7).dropLast()
        return Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testDirectlyItIsOneOSC52SequenceEndingInBEL() {
        XCTAssertEqual(text(ClipboardSequence.bytes(for: "hello", route: .direct)), "\u{1B}]52;c;aGVsbG8=\u{07}")
        XCTAssertEqual(text(ClipboardSequence.bytes(for: "", route: .direct)), "\u{1B}]52;c;\u{07}")
    }

    func testCJKAndEmojiAreEncodedAsTheirUTF8() {
        let sample = "你好，世界 👨‍👩‍👧 🇫🇷 e\u{301}\nline two\tcolumn"
        let sequence = text(ClipboardSequence.bytes(for: sample, route: .direct))
        XCTAssertEqual(sequence.flatMap(decoded), sample)
        XCTAssertEqual(
            sequence, "\u{1B}]52;c;" + Data(sample.utf8).base64EncodedString() + "\u{07}",
            "one line of base64, no line breaks in it")
    }

    func testInsideTmuxTheSequenceIsWrappedWithEveryESCDoubled() {
        XCTAssertEqual(
            text(ClipboardSequence.bytes(for: "hello", route: .tmux)),
            "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}\\")
    }

    func testInsideScreenTheSequenceIsCutIntoDCSPiecesScreenKeeps() throws {
        let sample = String(repeating: "chunked 文本 ", count: 200)
        let wrapped = try XCTUnwrap(text(ClipboardSequence.bytes(for: sample, route: .screen)))
        let pieces = wrapped.components(separatedBy: "\u{1B}\\").dropLast()
        XCTAssertGreaterThan(pieces.count, 3)
        XCTAssertTrue(wrapped.hasSuffix("\u{07}\u{1B}\\"))
        var joined = ""
        for piece in pieces {
            XCTAssertTrue(piece.hasPrefix("\u{1B}P"), piece.debugDescription)
            XCTAssertLessThanOrEqual(piece.utf8.count + 2, 768, "a DCS string screen keeps whole")
            joined += piece.dropFirst(2)
        }
        XCTAssertEqual(decoded(joined), sample)
        XCTAssertEqual(
            text(ClipboardSequence.bytes(for: "hi", route: .screen)), "\u{1B}P\u{1B}]52;c;aGk=\u{07}\u{1B}\\",
            "a short text is one piece")
    }

    func testTextWhoseBase64IsOverTheLimitIsRefused() {
        let fits = String(repeating: "a", count: ClipboardSequence.maximumEncodedLength / 4 * 3)
        XCTAssertEqual(ClipboardSequence.encodedLength(of: fits), ClipboardSequence.maximumEncodedLength)
        XCTAssertNotNil(ClipboardSequence.bytes(for: fits, route: .direct))
        XCTAssertNil(ClipboardSequence.bytes(for: fits + "a", route: .direct))
        XCTAssertNil(ClipboardSequence.bytes(for: fits + "a", route: .tmux))
    }

    func testControlCharactersReachTheClipboardOnlyAsPlaceholders() {
        let hostile = "ls\r\n\u{1B}[201~rm -rf ~\u{07}\tdone\u{9B}"
        let sequence = text(ClipboardSequence.bytes(for: hostile, route: .direct))
        XCTAssertEqual(sequence.flatMap(decoded), "ls\n␛[201~rm -rf ~␇\tdone\u{FFFD}")
    }

    func testTheRouteFollowsTheEnvironment() {
        XCTAssertEqual(ClipboardSequence.Route.detect(environment: ["TERM": "xterm-256color"]), .direct)
        XCTAssertEqual(ClipboardSequence.Route.detect(environment: ["TMUX": "/tmp/x,1,0", "TERM": "screen"]), .tmux)
        XCTAssertEqual(ClipboardSequence.Route.detect(environment: ["STY": "123.pts-0.host"]), .screen)
        XCTAssertEqual(ClipboardSequence.Route.detect(environment: ["TERM": "screen.xterm-256color"]), .screen)
        XCTAssertEqual(ClipboardSequence.Route.detect(environment: ["TMUX": "", "TERM": "xterm"]), .direct)
        XCTAssertEqual(ClipboardSequence.Route.tmux.description, "OSC 52 via tmux")
    }
}
