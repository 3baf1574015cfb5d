import ChatCore
import ChatTUI
import XCTest

final class ConversationLayoutNavigationTests: ChatTUITestCase {
    /// Three messages of three rows each: labels on rows 0, 3 and 6.
    @MainActor
    private func layout() -> ConversationLayout {
        let layout = ConversationLayout()
        layout.update(
            messages: [
                Message(role: .user, content: "one"), Message(role: .assistant, content: "two"),
                Message(role: .user, content: "three"),
            ], width: 40)
        return layout
    }

    @MainActor
    func testNextMessageStartIsTheLabelOfTheMessageAfter() async {
        let layout = layout()
        XCTAssertEqual(layout.nextMessageStart(from: 0), 3)
        XCTAssertEqual(layout.nextMessageStart(from: 2), 3)
        XCTAssertEqual(layout.nextMessageStart(from: 3), 6)
        XCTAssertNil(layout.nextMessageStart(from: 6), "nothing after the last message")
        XCTAssertNil(layout.nextMessageStart(from: 99))
        XCTAssertEqual(layout.nextMessageStart(from: -1), 0)
    }

    @MainActor
    func testPreviousMessageStartGoesToTheStartOfTheMessageFirst() async {
        let layout = layout()
        XCTAssertEqual(layout.previousMessageStart(from: 7), 6, "inside a message: its own label")
        XCTAssertEqual(layout.previousMessageStart(from: 6), 3, "on a label: the message before")
        XCTAssertEqual(layout.previousMessageStart(from: 3), 0)
        XCTAssertNil(layout.previousMessageStart(from: 0))
        XCTAssertEqual(layout.previousMessageStart(from: 99), 6, "past the end: the last message")
        XCTAssertNil(ConversationLayout().previousMessageStart(from: 0))
    }

    @MainActor
    func testLabelsCanShowTheTimeToFirstToken() async {
        let stats = TurnStats(ttftMs: 1_420, durationMs: 3_000, completionTokens: 12)
        let messages = [Message(role: .assistant, content: "hi", stats: stats)]
        let plain = ConversationLayout()
        plain.update(messages: messages, width: 60)
        XCTAssertEqual(plain.rows(in: 0..<1).first?.text, "Assistant · 12 tok · 3.0 s")
        let withFirstToken = ConversationLayout(firstTokenInLabels: true)
        withFirstToken.update(messages: messages, width: 60)
        XCTAssertEqual(withFirstToken.rows(in: 0..<1).first?.text, "Assistant · first token 1.4 s · 12 tok · 3.0 s")
    }
}
